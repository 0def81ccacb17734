/** `memsync allow PATH [--line N]`: release a secret-scan false positive (kept in settings.json secrets.allow). */
import { type Command, JSON_OPTION } from '../cli/command.ts';

export const allow: Command = {
  name: 'allow',
  summary: 'release a secret-scan false positive (whole file, or one line) so it is published',
  args: 'PATH',
  positionals: [1, 1],
  options: {
    line: { type: 'number', integer: true, min: 1, value: 'N', help: 'only this line of the file' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { allowSecret, allowSummary } = await import('../cli/allow.ts');
    const { CLAUDE_MEM_FILES } = await import('../cli/dbCommands.ts');
    const res = await allowSecret(ctx, positionals[0]!, values.line as number | undefined, CLAUDE_MEM_FILES);
    return { data: res, text: () => allowSummary(res) };
  },
};
