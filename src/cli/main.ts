import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError, UsageError } from '../errors.ts';
import { normalizeRemote } from '../config/remoteUrl.ts';
import { maskSecrets } from '../util/maskUrl.ts';
import { memsyncHome } from '../config/paths.ts';
import { defaultSettings, writeSettings } from '../config/settings.ts';
import { ensureContext, initMachine, loadContext, type Context } from '../machine/context.ts';
import { heldWhere, runSync, syncRoots, type HeldSecret, type SyncReport } from '../sync/engine.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import { resolveConflict, type Resolution } from '../sync/resolve.ts';
import { getStatus, unconfiguredStatus } from '../sync/status.ts';
import { loadHeader } from '../machine/state.ts';
import { runDoctor } from './doctor.ts';
import { checkRemoteFor } from './remoteCheck.ts';
import { allowSecret } from './allow.ts';
import { logLine } from '../util/log.ts';
import { fileURLToPath } from 'node:url';
import { claudeConfigDir } from '../config/paths.ts';
import { runHook } from '../hooks/run.ts';
import { installHooks, uninstallHooks } from '../hooks/install.ts';
import { liveChangedSince } from '../machine/watch.ts';
import { abandonBackgroundPush, finishBackgroundPush } from '../hooks/background.ts';
import { applyRestore, historyLog, planRestore } from '../sync/history.ts';
import { formatStats, getStats } from '../sync/stats.ts';
import { formatSearch, searchMemory } from '../search/run.ts';
import { confirmDbDeletes, DB_SOURCE, resolveDatabase } from '../claudeMem/resolveDb.ts';
import { listDbConflicts, showDbConflicts } from '../claudeMem/showConflicts.ts';
import {
  CLAUDE_MEM_FILES,
  DB_PENDING_EXIT,
  DB_RESOLVE_FLAGS,
  dbExit,
  dbResolution,
  dbSummary,
  dbSummaryParts,
  formatDbConflicts,
} from './dbCommands.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { createBackup, listBackups, pruneBackups, restoreBackup, verifyBackup } from '../sync/backup.ts';
import { encryptRemote, keysAdd, keysExport, keysImport, keysInit, keysList, keysRemove } from '../crypto/keys.ts';
import {
  buildExport,
  entryContent,
  formatImport,
  importExport,
  parseSince,
  readExport,
  writeExport,
  type ImportStrategy,
} from '../sync/exchange.ts';
import { propose, sweepBranches } from '../sync/fleet.ts';
import { leavesMemsync, withoutSecrets } from '../sync/outgoing.ts';
import { DELETE_FLAGS, deleteResolution, heldDeleteLines } from './heldDeletes.ts';
import { keysTrust, TRUST_SUBCOMMANDS, type TrustSubcommand } from './keysTrust.ts';
import { resolveHeldDeletes } from '../sync/resolveDeletes.ts';
import { CONSOLIDATE_FLAGS, budgetLines, formatConsolidate } from './consolidate.ts';
import { consolidate } from '../consolidate/run.ts';
import { indexesOverBudget } from '../sources/indexBudget.ts';
import { REMOTE_FORM, remoteProblem } from '../config/remoteForm.ts';
import { asOsError } from '../safety/osError.ts';
import { DATE_FORM } from '../util/when.ts';
import { installLauncher } from './launcher.ts';

/** Exit codes (the CLI contract). */
export const EXIT = { ok: 0, failure: 1, usage: 2, conflicts: 3, dbPending: DB_PENDING_EXIT } as const;

const FILE_RESOLVE =
  'resolve with: memsync resolve PATH --keep local|remote|both, ' +
  'or edit the live file and run memsync resolve PATH --done';
const DB_RESOLVE =
  'compare with: memsync conflicts claude-mem; resolve with: memsync resolve claude-mem --keep-local|--use-remote';

const USAGE = `memsync: sync AI coding agents' memory across machines through a git remote you own

Usage: memsync <command> [options]

  init [--remote URL [--force]] [--encrypt]
                               set up this machine (default remote: a bare repository in MEMSYNC_HOME);
                               --encrypt: the remote holds only age-encrypted files from now on
  configure --remote URL [--force]
                               point at another remote (checked first: one with other content needs --force)
  status [--json]              where this machine stands against the remote
  pull | push | sync           bring remote changes in / publish local ones / both
      [--dry-run] [--json] [--project DIR]... [--message M]
      [--adopt-remote]         after the remote's history was rewritten: take it as it is, files here as new
  conflicts [--json]           open conflicts and their copies
  resolve PATH --keep local|remote|both
  resolve PATH --done          after editing the live file by hand
  resolve claude-mem --keep-local|--use-remote   (file mode also --force-push|--pull-first)
  resolve PROJECT --confirm-deletes|--restore-files
                               let a held mass deletion go, or bring its files back
  resolve claude-mem --confirm-deletes           carry out deletions held because they empty most of a table
  conflicts claude-mem [--json]                  each conflicting row: this machine's and the remote's side by side
  log [PATH] [--json] [--limit N]
                               what changed on the remote, when and from which host (newest first)
  restore PATH --at COMMIT|DATE [--json] [--no-sync] [--force]
  restore --all --at COMMIT|DATE
                               bring a file (or every file) back as it was then, as a new local change
                               (--force: also over an edit not published yet); a DATE before the first
                               commit is an error
  stats [--json]               files and bytes per project (remote and here), last changes, hosts, repository size
  search TEXT [--regex] [--project ID] [--source NAME] [--history] [--json]
                               find memory on the remote's tip, every machine's and project's (--history: every
                               version ever published), ranked: the phrase, then every word, then any
  export FILE [--project ID]... [--source NAME]... [--since DATE]
                               write this machine's live memory to a readable JSON file (- for stdout)
                               DATE (here and in restore): ${DATE_FORM}
  import FILE --strategy skip|overwrite|merge [--dry-run] [--json] [--force]
                               write an export's files into live memory (then memsync sync publishes them)
  backup create [--output FILE]
  backup verify FILE
  backup restore FILE --strategy skip|overwrite|merge [--dry-run] [--json] [--force]
  backup list [--json] | backup prune --keep N
                               a .tar.gz of this machine's live memory (default folder: MEMSYNC_HOME/backups),
                               checked whole before a restore (which works like import); no remote needed
  propose [--title T] [--json] (role contributor) push this machine's changes to its memsync/<host> branch
                               and open a pull request into the shared branch (with gh, else print how)
  sweep-branches [--idle-days N] [--dry-run] [--json]
                               delete memsync/* branches merged into the shared branch and idle N days (15)
  allow PATH [--line N]        release a secret-scan false positive (whole file, or one line) so it is published;
                               kept in settings.json secrets.allow
  keys init                    this machine's own age identity (MEMSYNC_HOME/identity.txt); prints its public key
  keys add AGE1KEY [--name HOST]
                               let another machine read the encrypted remote (re-encrypts the current files)
  keys list [--json]           who can read the encrypted remote
  keys remove NAME             stop encrypting to a machine (what it already fetched, it keeps)
  keys export                  print this machine's identity, to share one key between machines
  keys import [FILE] [--force] use a shared identity (from stdin without FILE), or a recovery key
  keys accept                  take the remote's changed recipients list (after checking it: keys list)
  keys restore                 put back the recipients list this machine agreed to
  keys recovery [--name NAME]  make a recovery key, print it once to keep offline, add it as a recipient
  consolidate [--dry-run] [--json] [--apply]
                               find repeated and nearly repeated memories and index lines; --apply removes
                               the exact repeats (then memsync sync publishes it)
  doctor                       check git, settings, the remote, the lock and the repository
  hooks install | hooks uninstall
                               add or remove the Claude Code hooks in settings.json (without the plugin)
  install-cli [--dir DIR]      put a memsync launcher in DIR (default ~/.local/bin) that runs the plugin's CLI

Exit codes: 0 ok, 1 failure, 2 usage or settings error, 3 finished with open conflicts,
4 finished but claude-mem's database was not synced (busy or unreadable; the memory files were).
Environment: MEMSYNC_HOME (default ~/.memsync), CLAUDE_CONFIG_DIR (default ~/.claude),
MEMSYNC_HOSTNAME, and MEMSYNC_<SETTING> for any setting.`;

type Out = { json: boolean };

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version' || command === 'version') {
    console.log(pkg.version);
    return EXIT.ok;
  }
  const home = memsyncHome(env);
  let json = false;
  try {
    switch (command) {
      case 'init': {
        const a = args(rest, {
          remote: { type: 'string' },
          encrypt: { type: 'boolean' },
          force: { type: 'boolean' },
          json: { type: 'boolean' },
        });
        json = !!a.values.json;
        const remote = a.values.remote ? checkedRemote(a.values.remote as string) : undefined;
        const known = (await loadContext(env))?.settings;
        // A new remote is checked as configure checks it: a typo must not publish memory elsewhere.
        const check =
          remote && remote !== known?.remote
            ? await checkRemoteFor(home, known ?? defaultSettings(home, env), remote, !!a.values.force, 'init')
            : null;
        const { ctx, created } = await initMachine(env, remote);
        if (a.values.encrypt) {
          const r = await encryptRemote(ctx);
          print(
            { json },
            {
              initialized: true,
              created,
              home: ctx.home,
              remoteUrl: ctx.settings.remote,
              encryption: 'age',
              publicKey: r.publicKey,
              identityFile: r.identity.file,
              commit: r.commit,
              readable: r.readable,
            },
            () =>
              [
                `memsync set up in ${ctx.home}; remote: ${ctx.settings.remote} (encrypted with age)`,
                check?.next ?? '',
                `this machine's public key: ${r.publicKey} (identity: ${r.identity.file})`,
                r.commit
                  ? `encrypted the remote: ${r.reencrypted} current file${r.reencrypted === 1 ? '' : 's'} ` +
                    're-encrypted; older history stays as it was'
                  : 'the remote was already encrypted',
                r.readable
                  ? ''
                  : `this machine cannot read it yet: on a machine that syncs, run memsync keys add ${r.publicKey} ` +
                    `--name ${ctx.host}`,
              ]
                .filter(Boolean)
                .join('\n'),
          );
          return EXIT.ok;
        }
        const setUp = created ? 'memsync set up in' : 'memsync is already set up in';
        print({ json }, { initialized: true, created, home: ctx.home, remoteUrl: ctx.settings.remote, ...check }, () =>
          [`${setUp} ${ctx.home}; remote: ${ctx.settings.remote}`, check?.next ?? ''].filter(Boolean).join('\n'),
        );
        return EXIT.ok;
      }
      case 'configure': {
        const a = args(rest, { remote: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } });
        json = !!a.values.json;
        if (!a.values.remote) throw new UsageError('configure needs --remote URL');
        const remote = checkedRemote(a.values.remote as string);
        const { settings } = (await ensureContext(env)).ctx;
        const check = await checkRemoteFor(home, settings, remote, !!a.values.force, 'configure');
        await writeSettings(home, { remote });
        const { ctx } = await initMachine(env);
        print(
          { json },
          { remoteUrl: ctx.settings.remote, ...check },
          () => `remote set to ${ctx.settings.remote}\n${check.next}`,
        );
        return EXIT.ok;
      }
      case 'status': {
        const a = args(rest, { json: { type: 'boolean' } });
        json = !!a.values.json;
        const ctx = await loadContext(env);
        const status = ctx ? await getStatus(ctx) : unconfiguredStatus();
        print({ json }, status, () => {
          if (!status.configured)
            return 'memsync is not set up on this machine: run memsync init (or just memsync sync)';
          if (status.remoteRewritten)
            return (
              `remote: ${status.remoteUrl} (${status.branch})\n${status.remoteRewritten.message}\n  ` +
              `${status.remoteRewritten.fix}`
            );
          const lines = [
            `remote: ${status.remoteUrl} (${status.branch})${status.remoteReachable ? '' : ' - not reachable now'}`,
            `last sync: ${status.lastSyncTime ?? 'never'}`,
            `to push: ${status.pendingPush}, to pull: ${status.pendingPull}`,
            ...(status.recipientsProblem ? [status.recipientsProblem] : []),
            ...status.conflicts.map((c) => `conflict: ${c.path} (${copyLabel(c)} in ${c.copy})`),
            ...status.localOnly.map((f) => `local only (sync: false): ${f}`),
            ...heldLines(status.heldSecrets),
            ...heldDeleteLines(status.heldDeletes),
            ...budgetLines(status.indexOverBudget),
            ...status.refused.map((x) => `refused from the remote: ${x.path}: ${x.reason}`),
            ...status.held.map((h) => `not synced: ${h.path}: ${h.detail}`),
            ...(status.claudeMem ? [dbSummary(status.claudeMem)] : []),
            ...(status.claudeMemProblem ? [status.claudeMemProblem] : []),
          ];
          return lines.join('\n');
        });
        if (status.remoteRewritten) return EXIT.failure;
        return status.conflicts.length || status.claudeMem?.conflicts ? EXIT.conflicts : EXIT.ok;
      }
      case 'pull':
      case 'push':
      case 'sync': {
        const a = args(rest, {
          background: { type: 'boolean' },
          'dry-run': { type: 'boolean' },
          'adopt-remote': { type: 'boolean' },
          json: { type: 'boolean' },
          project: { type: 'string', multiple: true },
          message: { type: 'string', short: 'm' },
        });
        json = !!a.values.json;
        const projects = ((a.values.project as string[] | undefined) ?? []).map((p) => checkProjectDir(p));
        const { ctx, created } = await ensureContext(env);
        if (created) console.error(maskSecrets(firstRunNote(ctx)));
        if (a.values.background) return await backgroundPush(ctx, home, command as SyncMode, projects);
        const report = await runSync(ctx, {
          mode: command as SyncMode,
          dryRun: !!a.values['dry-run'],
          adoptRemote: !!a.values['adopt-remote'],
          projects,
          message: a.values.message as string | undefined,
        });
        logLine(home, `${command}${report.dryRun ? ' --dry-run' : ''} ok`, summary(report));
        const over = indexesOverBudget((await syncRoots(ctx)).roots);
        print({ json }, { ...jsonReport(report), indexOverBudget: over }, () =>
          [humanReport(report), ...budgetLines(over)].join('\n'),
        );
        if (report.claudeMemFailed) return EXIT.failure;
        const conflicted = report.conflicts.length || report.claudeMem?.conflicts;
        return dbExit(report.claudeMem) ?? (conflicted ? EXIT.conflicts : EXIT.ok);
      }
      case 'conflicts': {
        const a = args(rest, { json: { type: 'boolean' } }, true);
        json = !!a.values.json;
        const ctx = await loadContext(env);
        if (a.positionals[0] === DB_SOURCE && ctx) {
          const shown = await showDbConflicts(ctx, openRepo(ctx));
          print({ json }, shown, () => formatDbConflicts(shown));
          return shown.rows.length || shown.file ? EXIT.conflicts : EXIT.ok;
        }
        if (a.positionals.length) {
          throw new UsageError(`conflicts ${a.positionals.join(' ')}: expected no argument, or ${DB_SOURCE}`);
        }
        const state = ctx ? await loadHeader(ctx.home) : null;
        const list = Object.entries(state?.conflicts ?? {}).map(([p, c]) => ({
          path: p,
          livePath: c.livePath,
          copy: c.copy,
          host: c.host,
          since: c.since,
          ...(c.shape && { shape: c.shape }),
          ...(c.clash && { clash: c.clash }),
        }));
        const rows = ctx?.settings.sources.claudeMem.enabled ? await listDbConflicts(ctx) : [];
        print({ json }, { conflicts: list, claudeMem: rows }, () =>
          list.length || rows.length
            ? [
                ...list.map(
                  (c) =>
                    `${c.path}\n  live:   ${c.livePath}\n  ` +
                    `${c.shape ? 'file:  ' : 'remote:'} ${c.copy} (from ${c.host})`,
                ),
                ...rows.map((r) => `claude-mem ${r.table} ${JSON.stringify(r.identity)}`),
                ...(list.length ? [FILE_RESOLVE] : []),
                ...(rows.length ? [DB_RESOLVE] : []),
              ].join('\n')
            : 'no open conflicts',
        );
        return list.length || rows.length ? EXIT.conflicts : EXIT.ok;
      }
      case 'resolve': {
        const a = args(
          rest,
          {
            keep: { type: 'string' },
            done: { type: 'boolean' },
            json: { type: 'boolean' },
            'no-sync': { type: 'boolean' },
            ...DB_RESOLVE_FLAGS,
            ...DELETE_FLAGS,
          },
          true,
        );
        json = !!a.values.json;
        const target = a.positionals[0];
        if (!target || a.positionals.length > 1)
          throw new UsageError(
            'resolve needs exactly one PATH (the repository path, the live file or the conflict copy)',
          );
        if (target === DB_SOURCE) {
          const how = dbResolution(a.values);
          const { ctx } = await ensureContext(env);
          const open = how === 'confirm-deletes' ? await confirmDbDeletes(ctx) : await resolveDatabase(ctx, how);
          const report = a.values['no-sync'] ? null : await runSync(ctx, { mode: 'sync' });
          const s = open > 1 ? 's' : '';
          const done =
            how === 'confirm-deletes'
              ? `${open} held deletion${s} confirmed`
              : `${open} conflict${s} resolved (kept ${how})`;
          print(
            { json },
            { resolved: { source: DB_SOURCE, resolution: how, conflicts: open }, sync: report && jsonReport(report) },
            () => [`claude-mem: ${done}`, report ? humanReport(report) : 'run memsync sync to carry it out'].join('\n'),
          );
          return dbExit(report?.claudeMem) ?? (report?.claudeMem?.conflicts ? EXIT.conflicts : EXIT.ok);
        }
        const deletes = deleteResolution(a.values);
        if (deletes) {
          const res = await resolveHeldDeletes((await ensureContext(env)).ctx, target, deletes);
          print(
            { json },
            {
              resolved: { project: res.label, deletions: res.paths, resolution: deletes },
              sync: jsonReport(res.report),
            },
            () =>
              [
                `${res.label}: ${res.paths.length} held deletion${res.paths.length > 1 ? 's' : ''} ` +
                  `${deletes === 'confirm' ? 'let go' : 'undone (files brought back)'}`,
                humanReport(res.report),
              ].join('\n'),
          );
          return res.report.conflicts.length ? EXIT.conflicts : EXIT.ok;
        }
        const keep = a.values.keep as string | undefined;
        if (!!keep === !!a.values.done) throw new UsageError('resolve needs either --keep local|remote|both or --done');
        if (keep && !['local', 'remote', 'both'].includes(keep))
          throw new UsageError(`--keep ${keep}: expected local, remote or both`);
        const { ctx } = await ensureContext(env);
        const how: Resolution = (keep as Resolution | undefined) ?? 'done';
        const res = await resolveConflict(ctx, target, how);
        let report: SyncReport | null = null;
        if (!a.values['no-sync']) report = await runSync(ctx, { mode: 'sync' });
        print({ json }, { resolved: res, sync: report && jsonReport(report) }, () =>
          [
            `resolved ${res.path} (${how === 'done' ? 'your edit' : `kept ${how}`})`,
            res.keptCopy
              ? `the conflict copy ${res.keptCopy} was kept (${res.keptWhy}): delete it when you no longer need it`
              : '',
            report ? humanReport(report) : 'run memsync sync to publish the resolution',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        return report?.conflicts.length ? EXIT.conflicts : EXIT.ok;
      }
      case 'log': {
        const a = args(rest, { json: { type: 'boolean' }, limit: { type: 'string' } }, true);
        json = !!a.values.json;
        if (a.positionals.length > 1) throw new UsageError('log takes at most one PATH');
        const limit = a.values.limit === undefined ? 50 : Number(a.values.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError(`--limit ${a.values.limit}: expected a positive whole number`);
        const ctx = await configuredContext(env);
        const r = await historyLog(ctx, a.positionals[0] ?? null, limit);
        print({ json }, r, () => {
          const lines: string[] = [];
          for (const e of r.entries) {
            lines.push(`${e.commit.slice(0, 12)} ${e.time} ${e.host}`);
            for (const c of e.paths) lines.push(`  ${c.status} ${c.path}`);
          }
          if (!r.entries.length) lines.push(r.path ? `no history for ${r.path}` : 'no history yet');
          for (const n of r.notes) lines.push(`note: ${n}`);
          return lines.join('\n');
        });
        return EXIT.ok;
      }
      case 'propose': {
        const a = args(rest, { title: { type: 'string' }, json: { type: 'boolean' } });
        json = !!a.values.json;
        const ctx = await configuredContext(env);
        const r = await propose(ctx, a.values.title as string | undefined);
        print({ json }, r, () => {
          if (!r.paths.length) return `nothing to propose: the shared branch already has this machine's changes`;
          const lines = [
            `${r.paths.length} change${r.paths.length > 1 ? 's' : ''} on ${r.branch}:`,
            ...r.paths.map((p) => `  ${p}`),
          ];
          if (r.opened?.by === 'gh') lines.push(r.opened.output || 'pull request opened');
          else if (r.opened) lines.push('to open the pull request:', ...r.opened.steps.map((s) => `  ${s}`));
          return lines.join('\n');
        });
        return EXIT.ok;
      }
      case 'sweep-branches': {
        const a = args(rest, {
          'idle-days': { type: 'string' },
          'dry-run': { type: 'boolean' },
          json: { type: 'boolean' },
        });
        json = !!a.values.json;
        const days = a.values['idle-days'] === undefined ? 15 : Number(a.values['idle-days']);
        if (!Number.isFinite(days) || days < 0)
          throw new UsageError(`--idle-days ${a.values['idle-days']}: expected a number of days, 0 or more`);
        const ctx = await configuredContext(env);
        const r = await sweepBranches(ctx, days, !!a.values['dry-run']);
        print({ json }, r, () =>
          [
            ...r.deleted.map((b) => `${r.dryRun ? 'would delete' : 'deleted'} ${b}`),
            ...r.kept.map((k) => `kept ${k.branch}: ${k.reason}`),
            ...(r.deleted.length || r.kept.length ? [] : ['no memsync/* branches on the remote']),
          ].join('\n'),
        );
        return EXIT.ok;
      }
      case 'stats': {
        const a = args(rest, { json: { type: 'boolean' } });
        json = !!a.values.json;
        const ctx = await configuredContext(env);
        const s = await getStats(ctx);
        print({ json }, s, () => formatStats(s));
        return EXIT.ok;
      }
      case 'search': {
        const a = args(
          rest,
          {
            regex: { type: 'boolean' },
            project: { type: 'string', multiple: true },
            source: { type: 'string', multiple: true },
            history: { type: 'boolean' },
            json: { type: 'boolean' },
          },
          true,
        );
        json = !!a.values.json;
        if (a.positionals.length !== 1) throw new UsageError('search needs exactly one TEXT (quote it)');
        const ctx = await configuredContext(env);
        const r = await searchMemory(ctx, a.positionals[0]!, {
          regex: !!a.values.regex,
          projects: (a.values.project as string[] | undefined) ?? [],
          sources: (a.values.source as string[] | undefined) ?? [],
          history: !!a.values.history,
        });
        print({ json }, r, () => formatSearch(r));
        return EXIT.ok;
      }
      case 'export': {
        const a = args(
          rest,
          {
            project: { type: 'string', multiple: true },
            source: { type: 'string', multiple: true },
            since: { type: 'string' },
          },
          true,
        );
        const file = a.positionals[0];
        if (!file || a.positionals.length > 1) throw new UsageError('export needs exactly one FILE (- for stdout)');
        const since = a.values.since === undefined ? null : parseSince(a.values.since as string);
        const ctx = await configuredContext(env);
        const doc = await buildExport(ctx, {
          projects: (a.values.project as string[] | undefined) ?? [],
          sources: (a.values.source as string[] | undefined) ?? [],
          since,
        });
        const out = leavesMemsync(ctx, file) ? await withoutSecrets(ctx, doc.files, entryContent) : null;
        if (out) doc.files = out.kept;
        await writeExport(doc, file);
        for (const l of out?.held.length ? [...out.held, NOT_TAKEN] : []) console.error(`memsync export: ${l}`);
        if (file !== '-')
          console.log(`exported ${doc.files.length} file${doc.files.length === 1 ? '' : 's'} to ${file}`);
        return EXIT.ok;
      }
      case 'import': {
        const { file, json: asJson, ...opts } = importArgs(rest, 'import', 'FILE (- for stdin)');
        json = asJson;
        const doc = readExport(file);
        const ctx = await configuredContext(env);
        const res = await importExport(ctx, doc, opts);
        print({ json }, res, () => formatImport(res));
        return EXIT.ok;
      }
      case 'backup': {
        const [sub, ...more] = rest;
        const setUp = async () => {
          const ctx = await configuredContext(env);
          return ctx;
        };
        if (sub === 'create') {
          const a = args(more, { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } });
          json = !!a.values.json;
          const ctx = await setUp();
          const r = await createBackup(ctx, a.values.output as string | undefined);
          for (const l of r.held.length ? [...r.held, NOT_TAKEN] : []) console.error(`memsync backup: ${l}`);
          const dbs = (r.manifest.databases ?? []).map((d) => d.name);
          print(
            { json },
            { file: r.file, files: r.manifest.files.length, databases: dbs },
            () =>
              `backed up ${r.manifest.files.length} file${r.manifest.files.length === 1 ? '' : 's'}` +
              `${dbs.length ? ` and the ${dbs.join(', ')} database` : ''} to ${r.file}`,
          );
          return EXIT.ok;
        }
        if (sub === 'verify') {
          const a = args(more, { json: { type: 'boolean' } }, true);
          json = !!a.values.json;
          const file = a.positionals[0];
          if (!file || a.positionals.length > 1) throw new UsageError('backup verify needs exactly one FILE');
          const { manifest, databases } = await verifyBackup(file, home);
          const dbs = [...databases.keys()];
          print(
            { json },
            {
              ok: true,
              host: manifest.host,
              createdAt: manifest.createdAt,
              files: manifest.files.length,
              databases: dbs,
            },
            () =>
              `ok: ${manifest.files.length} file${manifest.files.length === 1 ? '' : 's'}` +
              `${dbs.length ? ` and the ${dbs.join(', ')} database` : ''}` +
              ` from ${manifest.host} (${manifest.createdAt})`,
          );
          return EXIT.ok;
        }
        if (sub === 'restore') {
          const { file, json: asJson, ...opts } = importArgs(more, 'backup restore', 'FILE');
          json = asJson;
          const ctx = await setUp();
          const res = await restoreBackup(ctx, file, opts);
          print({ json }, res, () => formatImport(res).replace(/^import from/, 'restore from a backup of'));
          return EXIT.ok;
        }
        if (sub === 'list') {
          const a = args(more, { json: { type: 'boolean' } });
          json = !!a.values.json;
          const list = listBackups(home);
          print({ json }, { backups: list }, () =>
            list.length
              ? list.map((b) => `${b.time}  ${String(b.bytes).padStart(10)} bytes  ${b.file}`).join('\n')
              : 'no backups in the default folder',
          );
          return EXIT.ok;
        }
        if (sub === 'prune') {
          const a = args(more, { keep: { type: 'string' }, json: { type: 'boolean' } });
          json = !!a.values.json;
          if (a.values.keep === undefined) throw new UsageError('backup prune needs --keep N');
          if (!/^\d+$/.test(a.values.keep as string))
            throw new UsageError(`--keep ${a.values.keep}: expected a whole number of at least 1`);
          const keep = Number(a.values.keep);
          const deleted = pruneBackups(home, keep);
          print({ json }, { deleted }, () =>
            deleted.length ? deleted.map((f) => `deleted ${f}`).join('\n') : 'nothing to delete',
          );
          return EXIT.ok;
        }
        throw new UsageError(`backup ${sub ?? ''}: expected backup create, verify, restore, list or prune`);
      }
      case 'restore': {
        const a = args(
          rest,
          {
            at: { type: 'string' },
            all: { type: 'boolean' },
            force: { type: 'boolean' },
            json: { type: 'boolean' },
            'no-sync': { type: 'boolean' },
          },
          true,
        );
        json = !!a.values.json;
        const target = a.positionals[0];
        if (a.positionals.length > 1) throw new UsageError('restore takes one PATH');
        if (!!target === !!a.values.all) throw new UsageError('restore needs either a PATH or --all');
        if (!a.values.at)
          throw new UsageError('restore needs --at COMMIT|DATE', 'memsync log shows the commits and their times');
        const ctx = await configuredContext(env);
        const sync = !a.values['no-sync'];
        // Checked before anything changes (a path that did not exist then is a usage error).
        const plan = await planRestore(ctx, target ?? null, a.values.at as string);
        // Up to date first: a file deleted elsewhere but still live here must be brought back
        // as a change of this machine, not deleted by the sync that follows.
        const before = sync ? await runSync(ctx, { mode: 'pull' }) : null;
        const res = await applyRestore(ctx, plan, !!a.values.force);
        const report = sync ? await runSync(ctx, { mode: 'sync' }) : null;
        const notes = [...(before?.notes ?? []), ...res.notes];
        print({ json }, { ...res, notes, sync: report && jsonReport(report) }, () =>
          [
            `as of ${res.commit.slice(0, 12)} (${res.time}):`,
            ...res.restored.map((r) => `  restored ${r.path}`),
            ...res.unchanged.map((p) => `  already as then: ${p}`),
            ...res.skipped.map((p) => `  changed meanwhile, left alone: ${p}`),
            res.restored.length || res.unchanged.length || res.skipped.length ? '' : '  nothing to restore',
            ...notes.map((n) => `note: ${n}`),
            report ? humanReport(report) : res.restored.length ? 'run memsync sync to publish what was restored' : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        return report?.conflicts.length ? EXIT.conflicts : EXIT.ok;
      }
      case 'hook': {
        // Called by Claude Code: always exit 0, whatever happens (details go to the log).
        await runHook(rest[0] ?? '', env, cliScript());
        // The answer is out: leave now, even if a pull cut off at the budget is still winding
        // down (exiting kills its git process groups and releases the sync lock).
        return process.exit(EXIT.ok);
      }
      case 'hooks': {
        const [sub, ...more] = rest;
        const a = args(more, { json: { type: 'boolean' } });
        json = !!a.values.json;
        const configDir = claudeConfigDir(env);
        if (sub === 'install') {
          const r = await installHooks(configDir, hookCommand);
          print({ json }, r, () =>
            r.added.length
              ? `added memsync hooks (${r.added.join(', ')}) to ${r.file}`
              : `memsync hooks are already in ${r.file}`,
          );
          return EXIT.ok;
        }
        if (sub === 'uninstall') {
          const r = await uninstallHooks(configDir);
          print({ json }, r, () =>
            r.removed.length
              ? `removed memsync hooks (${r.removed.join(', ')}) from ${r.file}`
              : `no memsync hooks in ${r.file}`,
          );
          return EXIT.ok;
        }
        throw new UsageError(`hooks ${sub ?? ''}: expected hooks install or hooks uninstall`);
      }
      case 'install-cli': {
        const a = args(rest, { dir: { type: 'string' }, json: { type: 'boolean' } });
        json = !!a.values.json;
        const r = installLauncher(distDir(), a.values.dir as string | undefined, env);
        print(
          { json },
          r,
          () => `wrote ${r.file}${r.onPath ? '' : `; add ${path.dirname(r.file)} to PATH to run it as memsync`}`,
        );
        return EXIT.ok;
      }
      case 'allow': {
        const a = args(rest, { line: { type: 'string' }, json: { type: 'boolean' } }, true);
        json = !!a.values.json;
        const target = a.positionals[0];
        if (!target || a.positionals.length > 1)
          throw new UsageError('allow needs exactly one PATH (the live file or its repository path)');
        const line = a.values.line === undefined ? undefined : Number(a.values.line);
        const res = await allowSecret(await configuredContext(env), target, line, CLAUDE_MEM_FILES);
        print(
          { json },
          res,
          () =>
            `${res.added ? 'released' : 'already released'}: ${res.entry} (settings.json secrets.allow); the next ` +
            'sync publishes it',
        );
        return EXIT.ok;
      }
      case 'keys':
        return await keysCommand(rest, env, (j) => (json = j));
      case 'consolidate': {
        const a = args(rest, CONSOLIDATE_FLAGS);
        json = !!a.values.json;
        const [apply, dryRun] = [!!a.values.apply, !!a.values['dry-run']];
        const reports = await consolidate(await configuredContext(env), { apply, dryRun });
        print({ json }, { folders: reports }, () => formatConsolidate(reports, apply, dryRun));
        return EXIT.ok;
      }
      case 'doctor': {
        const a = args(rest, { json: { type: 'boolean' } });
        json = !!a.values.json;
        const checks = await runDoctor(env);
        print({ json }, { checks }, () =>
          checks
            .map(
              (c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n     fix: ${c.fix}`}`,
            )
            .join('\n'),
        );
        return checks.every((c) => c.ok) ? EXIT.ok : EXIT.failure;
      }
      default:
        throw new UsageError(`unknown command "${command}"`, 'run memsync --help for the commands');
    }
  } catch (e) {
    return reportError(e, home, command, json);
  }
}

/** `memsync keys init|add|list|remove|export|import` (src/crypto/keys.ts does the work). */
async function keysCommand(rest: string[], env: NodeJS.ProcessEnv, setJson: (json: boolean) => void): Promise<number> {
  const [sub, ...more] = rest;
  if (sub === 'init') {
    const a = args(more, { json: { type: 'boolean' } });
    setJson(!!a.values.json);
    const { ctx } = await ensureContext(env);
    const { identity, created } = await keysInit(ctx);
    print({ json: !!a.values.json }, { publicKey: identity.publicKey, identityFile: identity.file, created }, () =>
      [
        `${created ? 'created' : 'kept'} this machine's age identity ${identity.file}`,
        `public key: ${identity.publicKey}`,
        `on a machine that reads the remote, run: memsync keys add ${identity.publicKey} --name ${ctx.host}`,
        '(or, for a new remote, memsync init --encrypt here)',
      ].join('\n'),
    );
    return EXIT.ok;
  }
  if (sub === 'add') {
    const a = args(more, { name: { type: 'string' }, json: { type: 'boolean' } }, true);
    setJson(!!a.values.json);
    if (a.positionals.length !== 1) throw new UsageError('keys add needs exactly one public key (age1...)');
    const ctx = await configuredContext(env);
    const r = await keysAdd(ctx, a.positionals[0]!, a.values.name as string | undefined);
    print({ json: !!a.values.json }, r, () =>
      r.commit
        ? `added; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? ' is' : 's are'} now encrypted ` +
          `to: ${r.recipients.map((x) => x.name).join(', ')}`
        : 'that key is already a recipient',
    );
    return EXIT.ok;
  }
  if (sub === 'remove') {
    const a = args(more, { json: { type: 'boolean' } }, true);
    setJson(!!a.values.json);
    if (a.positionals.length !== 1)
      throw new UsageError('keys remove needs exactly one NAME (memsync keys list shows them)');
    const ctx = await configuredContext(env);
    const r = await keysRemove(ctx, a.positionals[0]!);
    print(
      { json: !!a.values.json },
      r,
      () =>
        `removed; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? ' is' : 's are'} re-encrypted ` +
        `to: ${r.recipients.map((x) => x.name).join(', ')}\nwhat that machine fetched before, and the remote's older ` +
        'history, it can still read',
    );
    return EXIT.ok;
  }
  if (sub === 'list') {
    const a = args(more, { json: { type: 'boolean' } });
    setJson(!!a.values.json);
    const ctx = await configuredContext(env);
    const r = await keysList(ctx);
    print({ json: !!a.values.json }, r, () =>
      r.recipients.length
        ? r.recipients.map((x) => `${x.name}\t${x.key}${x.key === r.publicKey ? '\t(this machine)' : ''}`).join('\n') +
          (r.offline ? '\n(remote not reached: as of the last fetch)' : '')
        : 'the remote is not encrypted (no recipients): memsync init --encrypt encrypts it',
    );
    return EXIT.ok;
  }
  if (sub === 'export') {
    args(more, {});
    const ctx = await configuredContext(env);
    process.stdout.write(await keysExport(ctx));
    console.error(
      'memsync keys export: this is a secret key: whoever has it reads the remote. Move it to the other machine ' +
        '(memsync keys import) and delete any copy.',
    );
    return EXIT.ok;
  }
  if (sub === 'import') {
    const a = args(more, { force: { type: 'boolean' }, json: { type: 'boolean' } }, true);
    setJson(!!a.values.json);
    if (a.positionals.length > 1) throw new UsageError('keys import takes at most one FILE (stdin without it)');
    const file = a.positionals[0] ?? '-';
    let text: string;
    try {
      text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`);
    }
    const { ctx } = await ensureContext(env);
    const r = await keysImport(ctx, text, file === '-' ? 'stdin' : file, !!a.values.force);
    print(
      { json: !!a.values.json },
      { publicKey: r.identity.publicKey, identityFile: r.identity.file, changed: r.changed },
      () =>
        `${r.changed ? 'imported' : 'already had'} the identity with public key ${r.identity.publicKey} ` +
        `(${r.identity.file}); this machine now reads and writes the encrypted remote`,
    );
    return EXIT.ok;
  }
  if (TRUST_SUBCOMMANDS.includes(sub as TrustSubcommand)) {
    const a = args(more, { name: { type: 'string' }, json: { type: 'boolean' } });
    setJson(!!a.values.json);
    const r = await keysTrust(
      sub as TrustSubcommand,
      await configuredContext(env),
      a.values.name as string | undefined,
    );
    print({ json: !!a.values.json }, r.data, () => r.text);
    if (r.note) console.error(r.note);
    return EXIT.ok;
  }
  throw new UsageError(
    `keys ${sub ?? ''}: expected keys init, add, list, remove, export, import, accept, restore or recovery`,
  );
}

/**
 * The push the hooks start in the background: it logs instead of printing, and pushes again
 * (a few times at most) when memory changed while it ran, so a session's last edits are not left
 * behind, or syncs when a SessionStart handed it its pull.
 */
async function backgroundPush(ctx: Context, home: string, first: SyncMode, learn: string[]): Promise<number> {
  // Nobody waits for this process: whatever the remote does, it ends within networkTimeoutMs
  // (exiting kills git's process groups and releases the lock; the next sync finishes the job).
  const budget = ctx.settings.networkTimeoutMs;
  let [mode, projects] = [first, learn];
  setTimeout(() => {
    logLine(
      home,
      `background ${mode} stopped: not finished within networkTimeoutMs (${budget} ms); the next sync finishes the job`,
    );
    abandonBackgroundPush(home);
    process.exit(EXIT.failure);
  }, budget).unref();
  let code: number = EXIT.ok;
  for (let round = 1; round <= 5; round++) {
    try {
      const report = await runSync(ctx, { mode, projects });
      logLine(
        home,
        `background ${mode} ${summary(report)}`,
        report.heldSecrets.length ? heldLines(report.heldSecrets).join('; ') : undefined,
      );
      code = report.conflicts.length ? EXIT.conflicts : EXIT.ok;
    } catch (e) {
      logLine(home, `background ${mode} failed`, e);
      code = EXIT.failure;
    }
    const next = await finishBackgroundPush(home, round < 5, () => code !== EXIT.failure && liveChangedSince(home));
    if (!next) break;
    if (next.pull) [mode, projects] = ['sync', next.pull];
  }
  return code;
}

/** The script this CLI runs from (plugin/dist/memsync.mjs, or src/cli/bin.ts under tsx). */
function cliScript(): string {
  return path.resolve(process.argv[1] ?? 'memsync');
}

/** The bundles' folder: where this file is when bundled, else the checkout's plugin/dist/. */
function distDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'dist' ? here : path.resolve(here, '..', '..', 'plugin', 'dist');
}

/** The command Claude Code runs for a hook: the light entry for Stop and SessionEnd, the CLI for SessionStart. */
function hookCommand(arg: string): string {
  return arg === 'session-start'
    ? `node "${path.join(distDir(), 'memsync.mjs')}" hook session-start`
    : `node "${path.join(distDir(), 'hook.cjs')}" ${arg}`;
}

/** For commands that read what syncs made: they do not set the machine up on their own. */
async function configuredContext(env: NodeJS.ProcessEnv): Promise<Context> {
  const ctx = await loadContext(env);
  if (!ctx) throw new UsageError('memsync is not set up on this machine', 'run memsync init (or just memsync sync)');
  return ctx;
}

function reportError(e: unknown, home: string, command: string, json: boolean): number {
  const err = e instanceof MemsyncError ? e : asOsError(e);
  const message = err ? err.message : e instanceof Error ? e.message : String(e);
  logLine(home, `${command} failed`, e);
  if (json) console.log(maskSecrets(JSON.stringify({ error: message, hint: err?.hint ?? null })));
  console.error(maskSecrets(`memsync ${command}: ${message}${err?.hint ? `\n  ${err.hint}` : ''}`));
  return err ? err.exitCode : EXIT.failure;
}

function args(rest: string[], options: NonNullable<ParseArgsConfig['options']>, positionals = false) {
  try {
    return parseArgs({ args: rest, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!, 'run memsync --help for the options');
  }
}

function print(out: Out, data: unknown, human: () => string): void {
  // Every command's output: a password in a remote URL never reaches the screen.
  console.log(maskSecrets(out.json ? JSON.stringify(data, null, 2) : human()));
}

/** A remote value checked for its form (one line naming the problem), then stored as settings keep it. */
/** The one FILE and the options of `import` and `backup restore`. */
function importArgs(rest: string[], command: string, file: string) {
  const a = args(
    rest,
    {
      strategy: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
    },
    true,
  );
  const [first] = a.positionals;
  if (!first || a.positionals.length > 1) throw new UsageError(`${command} needs exactly one ${file}`);
  const strategy = a.values.strategy as string | undefined;
  if (!strategy || !['skip', 'overwrite', 'merge'].includes(strategy))
    throw new UsageError(`${command} needs --strategy skip|overwrite|merge${strategy ? ` (not ${strategy})` : ''}`);
  const flags = { dryRun: !!a.values['dry-run'], force: !!a.values.force, json: !!a.values.json };
  return { file: first, strategy: strategy as ImportStrategy, ...flags };
}

function checkedRemote(remote: string): string {
  const problem = remoteProblem(remote);
  if (problem) throw new UsageError(`--remote ${JSON.stringify(remote)}: ${problem}`, `expected ${REMOTE_FORM}`);
  return normalizeRemote(remote);
}

function checkProjectDir(p: string): string {
  if (p.trim() === '')
    throw new UsageError(
      '--project "": empty',
      'give a project folder, e.g. --project ~/code/widget (or --project . for this one)',
    );
  const abs = path.resolve(p);
  if (abs === path.parse(abs).root)
    throw new UsageError(
      `--project ${p}: the root folder is not a project`,
      'give the folder a project is checked out in, e.g. --project ~/code/widget',
    );
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    throw new UsageError(`--project ${p}: not a folder on this machine`);
  return abs;
}

/**
 * What a conflict copy holds: the remote's version, the file a folder took the name of, or this
 * machine's file whose name another one's folds to.
 */
function copyLabel(c: { shape?: 'local' | 'remote'; clash?: string }): string {
  if (c.clash) return `this machine's file, whose name differs only in case or Unicode normalization from ${c.clash}`;
  return c.shape ? 'the file a folder replaced' : 'remote version';
}

function jsonReport(r: SyncReport) {
  return {
    mode: r.mode,
    dryRun: r.dryRun,
    taken: r.taken,
    published: r.published,
    merged: r.merged,
    deleted: r.deleted,
    deletedLive: r.deletedLive,
    deletedRemote: r.deletedRemote,
    conflicted: r.conflicts,
    skipped: r.skipped,
    plan: r.dryRun ? r.plan : undefined,
    commit: r.commit,
    proposed: r.proposal ? r.proposed : undefined,
    proposal: r.proposal,
    heldSecrets: r.heldSecrets,
    heldDeletes: r.heldDeletes,
    held: r.held,
    unpublished: r.unpublished,
    refused: r.refused,
    notes: r.notes,
    claudeMem: r.claudeMem,
    claudeMemFailed: r.claudeMemFailed,
  };
}

function firstRunNote(ctx: Context): string {
  return (
    `memsync: first run on this machine: set up ${ctx.home} with a local backup remote ` +
    `(${ctx.settings.remote}); to share memory between machines run memsync configure --remote URL`
  );
}

function summary(r: SyncReport): string {
  const quiet =
    !r.taken.length &&
    !r.published.length &&
    !r.merged.length &&
    !r.deleted.length &&
    !r.conflicts.length &&
    !r.skipped.length;
  // "up to date" only when live and the remote agree: nothing held, nothing left unpublished, no
  // claude-mem row moved, held or in conflict.
  const held = r.heldSecrets.length || r.held.length || r.heldDeletes.length;
  const rows = dbSummaryParts(r.claudeMem);
  if (quiet && !r.proposed.length && !held && !r.unpublished.length && !rows.length) return 'up to date';
  const parts = [
    `${r.taken.length} taken`,
    `${r.published.length} published`,
    `${r.merged.length} merged`,
    `${r.deleted.length} deleted`,
  ];
  if (r.proposal)
    parts.push(
      `${r.proposed.length} proposed on ` +
        `${r.proposal.branch}${r.proposal.status === 'unchanged' ? ' (already there)' : ''}`,
    );
  if (r.conflicts.length) parts.push(`${r.conflicts.length} conflict${r.conflicts.length > 1 ? 's' : ''}`);
  if (r.skipped.length) parts.push(`${r.skipped.length} left for next sync (changed meanwhile)`);
  if (r.heldSecrets.length) parts.push(`${new Set(r.heldSecrets.map((h) => h.path)).size} held back for secrets`);
  if (r.heldDeletes.length) parts.push(`${r.heldDeletes.reduce((n, h) => n + h.paths.length, 0)} deletions held`);
  if (r.held.length) parts.push(`${r.held.length} not synced (see notes)`);
  if (r.unpublished.length)
    parts.push(
      `${r.unpublished.length} local change${r.unpublished.length > 1 ? 's' : ''} not published yet ` +
        `(${r.mode === 'pull' ? 'the next push takes them' : 'the next sync takes them'})`,
    );
  return [...parts, ...rows].join(', ');
}

function humanReport(r: SyncReport): string {
  const lines = [`${r.mode}${r.dryRun ? ' (dry run: nothing changed)' : ''}: ${summary(r)}`];
  if (r.dryRun) for (const it of r.plan) lines.push(`  ${it.runs ? '' : '(later) '}${it.action} ${it.path}`);
  for (const c of r.conflicts) lines.push(`  conflict: ${c.path}\n    ${copyLabel(c)}: ${c.copy}`);
  if (r.conflicts.length)
    lines.push('  resolve with: memsync resolve PATH --keep local|remote|both (or edit, then --done)');
  lines.push(...heldLines(r.heldSecrets).map((l) => `  ${l}`));
  lines.push(...heldDeleteLines(r.heldDeletes).map((l) => `  ${l}`));
  for (const x of r.refused) lines.push(`  refused from the remote: ${x.path}: ${x.reason}`);
  if (r.claudeMem) lines.push(dbSummary(r.claudeMem));
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** After the files an export or a backup outside memsync's folder left out. */
const NOT_TAKEN = 'left out: remove the secret, or if it is a false positive: memsync allow PATH --line N';

function heldLines(held: HeldSecret[]): string[] {
  if (!held.length) return [];
  return [
    ...held.map((h) => `held back (secret): ${heldWhere(h)} ${h.rule} ${h.masked}`),
    held.some((h) => !h.line)
      ? 'rename a file whose name holds a secret; remove a secret from the content, or if it is a false positive: ' +
        'memsync allow PATH --line N'
      : 'remove the secret, or if it is a false positive: memsync allow PATH --line N',
  ];
}

export type { Context };
