/** `memsync export` and `memsync import`: live memory to a readable JSON file and back. */
import { type Command, JSON_OPTION, type Option, type Values } from '../cli/command.ts';
import type { ImportStrategy } from '../sync/exchange.ts';
import { DATE_FORM } from '../util/when.ts';

/** The options of `import` and `backup restore`. */
export const IMPORT_OPTIONS = {
  strategy: {
    type: 'string',
    choices: ['skip', 'overwrite', 'merge'],
    help: 'where a file differs: keep live, overwrite it, or merge',
  },
  'dry-run': { type: 'boolean', help: 'print what it would do; change nothing' },
  force: { type: 'boolean', help: 'also overwrite a local change not published yet' },
  project: {
    type: 'list',
    value: 'DIR',
    help:
      "where one of the file's projects is checked out here: its memory goes there now (repeatable); " +
      'the others wait for their folders',
  },
  ...JSON_OPTION,
} as const satisfies Record<string, Option>;

export async function importOptions(values: Values, label: string) {
  if (!values.strategy) {
    const { UsageError } = await import('../errors.ts');
    throw new UsageError(`${label} needs --strategy skip|overwrite|merge`, `see memsync ${label} --help`);
  }
  const { checkProjectDir } = await import('./checks.ts');
  return {
    strategy: values.strategy as ImportStrategy,
    dryRun: !!values['dry-run'],
    force: !!values.force,
    projects: ((values.project as string[] | undefined) ?? []).map((p) => checkProjectDir(p)),
  };
}

export const exportCommand: Command = {
  name: 'export',
  summary: "write this machine's live memory to a readable JSON file (- for stdout)",
  args: 'FILE',
  positionals: [1, 1],
  options: {
    project: { type: 'list', value: 'ID', help: 'only this project (repeatable)' },
    source: { type: 'list', value: 'NAME', help: 'only this source (repeatable)' },
    since: { type: 'string', value: 'DATE', help: `only files changed since DATE: ${DATE_FORM}` },
  },
  needs: 'machine',
  async run({ values, positionals, machine }) {
    const file = positionals[0]!;
    const { buildExport, entryContent, parseSince, writeExport } = await import('../sync/exchange.ts');
    const since = values.since === undefined ? null : parseSince(values.since as string);
    const { ctx } = await machine();
    const doc = await buildExport(ctx, {
      projects: (values.project as string[] | undefined) ?? [],
      sources: (values.source as string[] | undefined) ?? [],
      since,
    });
    const { leavesMemsync, withoutSecrets } = await import('../sync/outgoing.ts');
    const allow = ctx.settings.secrets.allow;
    const out = leavesMemsync(ctx.home, file) ? await withoutSecrets(allow, doc.files, entryContent) : null;
    if (out) doc.files = out.kept;
    await writeExport(doc, file);
    const { NOT_TAKEN } = await import('./syncReport.ts');
    for (const l of out?.held.length ? [...out.held, NOT_TAKEN] : []) console.error(`memsync export: ${l}`);
    const n = doc.files.length;
    return { text: file === '-' ? undefined : () => `exported ${n} file${n === 1 ? '' : 's'} to ${file}` };
  },
};

export const importCommand: Command = {
  name: 'import',
  summary: "write an export's files into live memory (then memsync sync publishes them)",
  args: 'FILE',
  positionals: [1, 1],
  options: IMPORT_OPTIONS,
  // A new laptop starts here: the first import sets the machine up as a first sync does.
  needs: 'setup',
  lock: true,
  async run({ values, positionals, machine }) {
    const opts = await importOptions(values, 'import');
    const { formatImport, importExport, readExport } = await import('../sync/exchange.ts');
    const doc = readExport(positionals[0]!);
    const ctx = await (await import('./syncReport.ts')).setUp(machine);
    const { safetyBackup, safetyLine } = await import('../sync/safetyBackup.ts');
    const safety = await safetyBackup(ctx, opts);
    const res = await importExport(ctx, doc, opts);
    const text = formatImport(res);
    const line = safetyLine(safety, opts);
    return { data: { ...res, safetyBackup: safety }, text: () => (line ? `${text}\n${line}` : text) };
  },
};
