/** `memsync backup create|verify|restore|list|prune`: a .tar.gz of live memory, no remote needed. */
import { type Command, type Group, JSON_OPTION } from '../cli/command.ts';
import { IMPORT_OPTIONS, importOptions } from './exchange.ts';

const lib = () => import('../sync/backup.ts');
const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
const andDbs = (dbs: string[]) => (dbs.length ? ` and the ${dbs.join(', ')} database` : '');

const create: Command = {
  name: 'create',
  summary: "a .tar.gz of this machine's live memory (default folder: MEMSYNC_HOME/backups)",
  options: { output: { type: 'string', short: 'o', value: 'FILE', help: 'write it there' }, ...JSON_OPTION },
  needs: 'machine',
  async run({ values, machine }) {
    const { ctx } = await machine();
    const r = (await (await lib()).createBackup(ctx, values.output as string | undefined))!;
    const { NOT_TAKEN } = await import('./syncReport.ts');
    for (const l of r.held.length ? [...r.held, NOT_TAKEN] : []) console.error(`memsync backup: ${l}`);
    const dbs = (r.manifest.databases ?? []).map((d) => d.name);
    return {
      data: { file: r.file, files: r.manifest.files.length, databases: dbs },
      text: () => `backed up ${files(r.manifest.files.length)}${andDbs(dbs)} to ${r.file}`,
    };
  },
};

const verify: Command = {
  name: 'verify',
  summary: 'check a backup whole',
  args: 'FILE',
  positionals: [1, 1],
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ positionals, home }) {
    const { manifest, databases } = await (await lib()).verifyBackup(positionals[0]!, home);
    const dbs = [...databases.keys()];
    const n = manifest.files.length;
    return {
      data: { ok: true, host: manifest.host, createdAt: manifest.createdAt, files: n, databases: dbs },
      text: () => `ok: ${files(n)}${andDbs(dbs)} from ${manifest.host} (${manifest.createdAt})`,
    };
  },
};

const restore: Command = {
  name: 'restore',
  summary: 'verify a backup, then write it into live memory as import does',
  args: 'FILE',
  positionals: [1, 1],
  options: IMPORT_OPTIONS,
  needs: 'setup',
  lock: true,
  async run({ values, positionals, machine }) {
    const opts = await importOptions(values, 'backup restore');
    const ctx = await (await import('./syncReport.ts')).setUp(machine);
    const { safetyBeforeRestore, safetyLine } = await import('../sync/safetyBackup.ts');
    const safety = await safetyBeforeRestore(ctx, positionals[0]!, opts);
    const res = await (await lib()).restoreBackup(ctx, positionals[0]!, opts);
    const { formatImport } = await import('../sync/exchange.ts');
    const text = formatImport(res).replace(/^import from/, 'restore from a backup of');
    const line = safetyLine(safety, opts);
    return { data: { ...res, safetyBackup: safety }, text: () => (line ? `${text}\n${line}` : text) };
  },
};

const list: Command = {
  name: 'list',
  summary: 'every backup and saved database copy, with its kind, time, size and whether it verifies',
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ home }) {
    const { readScheduleRecord } = await import('../machine/backupSchedule.ts');
    const { backupDir } = await lib();
    const dirs = [backupDir(home), readScheduleRecord(home)?.schedule?.output ?? backupDir(home)];
    const backups = await (await import('../sync/backupList.ts')).listBackups(home, dirs);
    const line = (b: (typeof backups)[number]) =>
      `${b.time}  ${b.kind.padEnd(13)}  ${String(b.bytes).padStart(10)} bytes  ` +
      `${b.verified ? 'verifies' : `DOES NOT VERIFY (${b.problem})`}  ${b.file}`;
    const text = () =>
      backups.length ? backups.map(line).join('\n') : `no backups in ${[...new Set(dirs)].join(' or ')}`;
    return { data: { backups }, text };
  },
};

const prune: Command = {
  name: 'prune',
  summary: 'delete all but the newest N backups of the default folder (database copies stay)',
  options: {
    keep: { type: 'number', integer: true, min: 1, value: 'N', help: 'how many to keep' },
    ...JSON_OPTION,
  },
  needs: 'nothing',
  async run({ values, home }) {
    if (values.keep === undefined) {
      const { UsageError } = await import('../errors.ts');
      throw new UsageError('backup prune needs --keep N', 'see memsync backup prune --help');
    }
    const deleted = (await import('../sync/backupList.ts')).pruneBackups(home, values.keep as number);
    return {
      data: { deleted },
      text: () => (deleted.length ? deleted.map((f) => `deleted ${f}`).join('\n') : 'nothing to delete'),
    };
  },
};

const schedule: Command = {
  name: 'schedule',
  summary: 'back up by itself when due (the hooks start it at a session start or end); no option: show it',
  options: {
    every: { type: 'string', value: 'daily|weekly|Nh', help: 'one backup per UTC day, week (from Monday) or N hours' },
    'keep-days': {
      type: 'number',
      integer: true,
      min: 1,
      value: 'N',
      help: 'delete scheduled ones older (default 30)',
    },
    keep: { type: 'number', integer: true, min: 1, value: 'N', help: 'keep the newest N scheduled ones (default 10)' },
    output: { type: 'string', short: 'o', value: 'DIR', help: 'put them there (default: MEMSYNC_HOME/backups)' },
    off: { type: 'boolean', help: 'stop scheduled backups (those made stay)' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  async run({ values, home, env, machine }) {
    await machine();
    const o = {
      every: values.every as string | undefined,
      keepDays: values['keep-days'] as number | undefined,
      keep: values.keep as number | undefined,
      output: values.output as string | undefined,
      off: !!values.off,
    };
    const s = await import('../sync/backupSchedule.ts');
    const { underMutex } = await import('../hooks/background.ts');
    const record = s.changesSchedule(o) ? await underMutex(home, () => s.setSchedule(home, o)) : s.loadRecord(home);
    const { now } = await import('../util/now.ts');
    const lines = s.scheduleLines(home, record, now(env));
    return { data: record, text: () => lines.join('\n') };
  },
};

export const backup: Group = {
  name: 'backup',
  summary: 'a .tar.gz of live memory, checked whole before a restore (which works like import); no remote needed',
  subcommands: [create, verify, restore, list, prune, schedule],
};
