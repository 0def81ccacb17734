/** `memsync search TEXT`: memory on the remote's tip, every machine's and project's, ranked (src/search/). */
import { type Command, JSON_OPTION } from '../cli/command.ts';

export const search: Command = {
  name: 'search',
  summary: "find memory on the remote's tip, every machine's and project's, ranked: the phrase, every word, any",
  args: 'TEXT',
  positionals: [1, 1],
  options: {
    regex: { type: 'boolean', help: 'TEXT is a regular expression (JavaScript syntax)' },
    project: { type: 'list', value: 'ID', help: 'only this project (repeatable)' },
    source: { type: 'list', value: 'NAME', help: 'only this source (repeatable)' },
    history: { type: 'boolean', help: 'also every version ever published, each named by its commit' },
    limit: { type: 'number', integer: true, min: 0, value: 'N', default: 20, help: 'show the best N hits (0: all)' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { formatSearch, searchMemory } = await import('../search/run.ts');
    const r = await searchMemory(ctx, positionals[0]!, {
      regex: !!values.regex,
      projects: (values.project as string[] | undefined) ?? [],
      sources: (values.source as string[] | undefined) ?? [],
      history: !!values.history,
      limit: (values.limit as number | undefined) ?? 20,
    });
    return { data: r, text: () => formatSearch(r) };
  },
};
