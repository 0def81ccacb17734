import fs from 'node:fs';
import { memsyncHome, claudeConfigDir } from '../config/paths.ts';
import { isCommentKey, loadSettings, settingsPath, type Settings } from '../config/settings.ts';
import { runGit, gitEnv } from '../store/gitRun.ts';
import { gitCause, gitFix, REPAIR_CLONE } from '../store/gitCause.ts';
import { probeRemote, resolveSshHost } from '../store/remoteProbe.ts';
import { repoDir } from '../machine/context.ts';
import { describeLock, withSyncLock } from '../machine/lock.ts';
import { MemsyncError } from '../errors.ts';
import { loadHeader } from '../machine/state.ts';
import { identityFile, loadIdentity } from '../crypto/identity.ts';
import { sqliteAvailability } from '../claudeMem/sqlite.ts';
import { enabledPlugin, settingsHooks } from '../hooks/twice.ts';
import { loadContext } from '../machine/context.ts';
import { memoryBranch } from './remoteCheck.ts';
import { ADOPT_HINT } from '../engine/lineage.ts';
import { getStatus } from '../sync/status.ts';
import { recipientsProblem } from '../crypto/recipientsCheck.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** Not ok, but memsync still works: printed as "warn" and does not fail doctor's exit code. */
  warning?: boolean;
}

/** A check that is not ok but leaves memsync working (raised by a check's function). */
class Warning extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** A fix that sends the user back to doctor would loop: the check's own fix is given instead. */
const LOOPS = /\bmemsync doctor\b/;

type CheckFn = (name: string, fix: string, fn: () => Promise<string>) => Promise<void>;

/** Each check says ok or what failed and how to fix it; a failed check does not stop the others. */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const home = memsyncHome(env);
  const checks: Check[] = [];
  const check: CheckFn = async (name, fix, fn) => {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (e) {
      const detail = (e as Error).message.split('\n')[0]!;
      if (e instanceof Warning) checks.push({ name, ok: false, warning: true, detail, fix: e.fix });
      else {
        const hint = e instanceof MemsyncError && e.hint && !LOOPS.test(e.hint) ? e.hint : undefined;
        checks.push({ name, ok: false, detail, fix: hint || fix });
      }
    }
  };
  await check('git', 'install git 2.20 or later and put it on PATH', async () => {
    const v = (await runGit(['--version'], { env: gitEnv('doctor') })).stdout.toString().trim();
    const [maj = 0, min = 0] = (v.match(/(\d+)\.(\d+)/) ?? []).slice(1).map(Number);
    if (maj < 2 || (maj === 2 && min < 20)) throw new Error(`${v} is too old`);
    return v;
  });
  let settings = null as Settings | null;
  await check(
    'settings',
    `fix ${settingsPath(home)} as the message says (settings.example.json documents every key)`,
    async () => {
      settings = await loadSettings(home, env);
      if (!settings) throw new Error(`no settings at ${settingsPath(home)}: memsync is not set up`);
      return settingsDetail(home, settings);
    },
  );
  if (!checks.at(-1)!.ok && !fs.existsSync(settingsPath(home)))
    checks.at(-1)!.fix = 'run memsync init (or memsync sync, which sets up the embedded default)';
  await check('memsync home', `make ${home} writable by this user`, async () => {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
    return `${home} is writable`;
  });
  await check('claude config', 'start Claude Code once, or set CLAUDE_CONFIG_DIR to its folder', async () => {
    const dir = claudeConfigDir(env);
    if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist`);
    return dir;
  });
  await check('hooks', 'keep the plugin and run memsync hooks uninstall (or disable the plugin)', async () =>
    hooksDetail(claudeConfigDir(env)),
  );
  if (settings) await setUpChecks(env, home, settings, checks, check);
  return checks;
}

/** The checks of a set-up machine: its remote, keys, lock and memsync's own clone. */
async function setUpChecks(env: NodeJS.ProcessEnv, home: string, s: Settings, checks: Check[], check: CheckFn) {
  checks.push(await remoteCheck(home, s));
  if (s.sources.claudeMem.enabled) {
    const db = sqliteAvailability();
    const fix = 'missing' in db ? db.hint : '';
    await check('claude-mem sqlite', fix, async () => {
      if ('missing' in db) throw new Error(db.missing);
      return `claude-mem's database opens with ${db.name}`;
    });
  }
  if (s.encryption === 'age') {
    await check(
      'encryption',
      `chmod 600 ${identityFile(home)} if others can read it; if it is missing, memsync keys import FILE (the ` +
        'shared key) or memsync keys init and keys add on a machine that syncs',
      async () => {
        const id = await loadIdentity(home);
        const mode = fs.statSync(id.file).mode & 0o777;
        if (mode & 0o077) throw new Error(`${id.file} can be read by other users (mode ${mode.toString(8)})`);
        return `age identity ${id.file}, public key ${id.publicKey}`;
      },
    );
  }
  // Judged before the remote's history (and listed after it): a damaged clone makes that history
  // unreadable, and adopting the remote would then fail the same way.
  await check('repository', REPAIR_CLONE, async () => cloneDetail(home, s.hostname));
  const repository = checks.pop()!;
  const cloneOk = repository.ok;
  if (cloneOk && checks.find((c) => c.name === 'remote')?.ok) {
    await check('remote history', ADOPT_HINT, async () => {
      const status = await getStatus((await loadContext(env))!);
      if (status.remoteRewritten) throw new Error(status.remoteRewritten.message);
      const fresh = status.notes.find((n) => n.includes('compared with') && n.includes('as new'));
      return fresh ?? "the remote's history holds the tip this machine last synced with";
    });
  }
  if (cloneOk && s.encryption === 'age')
    await check('recipients', 'memsync keys list shows who the remote lists', async () => {
      const problem = await recipientsProblem((await loadContext(env))!);
      if (problem) throw new Error(problem);
      return 'the remote lists the recipients this machine agreed to (memsync keys list)';
    });
  await check('lock', 'see the line above', async () => describeLock(home));
  checks.push(repository);
}

/** The settings file is valid; an empty one (or one of comments only) is valid but says nothing, so it is named. */
function settingsDetail(home: string, s: Settings): string {
  const file = settingsPath(home);
  const text = fs.readFileSync(file, 'utf8');
  const keys = text.trim() === '' ? null : Object.keys(JSON.parse(text) as object).filter((k) => !isCommentKey(k));
  if (keys === null || keys.length === 0) {
    throw new Warning(
      `${file} is ${keys === null ? 'empty' : 'an object with no settings'}: every key takes its default, ` +
        `so this machine syncs with ${s.remote}`,
      'write the settings you mean into it (settings.example.json documents every key), or remove it and run ' +
        'memsync init --remote URL',
    );
  }
  return `${file} is valid`;
}

/** memsync's own clone: missing (the first sync makes it), healthy, or damaged (throws, with the repair). */
async function cloneDetail(home: string, host: string): Promise<string> {
  if (!fs.existsSync(repoDir(home))) return 'not created yet (the first sync creates it)';
  const r = await runGit(['--git-dir', repoDir(home), 'fsck', '--connectivity-only', '--no-progress'], {
    env: gitEnv(host),
    timeoutMs: 60_000,
    okCodes: [1, 2, 128],
  });
  // git's notices (an unborn HEAD, no default references) are how a clone before its first fetch looks.
  const errors = r.stderr.split('\n').filter((l) => /^(error|fatal|broken|missing)\b/i.test(l.trim()));
  if (r.code !== 0 || errors.length > 0) {
    const cause = gitCause(errors.join('\n') || r.stderr);
    throw new MemsyncError(`memsync's own clone ${repoDir(home)} is damaged: ${cause}`);
  }
  const state = await loadHeader(home);
  return `healthy; last sync ${state.lastSyncTime ?? 'never'}; ${Object.keys(state.conflicts).length} open conflicts`;
}

/**
 * `memsync doctor --fix`: moves a damaged clone aside (kept, named in the result) so the next sync
 * fetches it again from the remote, which holds everything in it. Null when the clone is healthy.
 */
export async function repairClone(home: string, host: string): Promise<string | null> {
  const dir = repoDir(home);
  if (!fs.existsSync(dir)) return null;
  try {
    await cloneDetail(home, host);
    return null;
  } catch {
    const aside = `${dir}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const done = await withSyncLock(home, 0, async () => fs.renameSync(dir, aside));
    if (done === 'busy')
      throw new MemsyncError('a sync is running', 'failure', 'run memsync doctor --fix when it is done');
    return aside;
  }
}

/** doctor's text: one line a check ("ok", "warn" or "FAIL"), the fix under a check that is not ok. */
export function formatChecks(checks: readonly Check[]): string {
  return checks
    .map((c) => {
      const mark = c.ok ? 'ok  ' : c.warning ? 'warn' : 'FAIL';
      return `${mark} ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n     fix: ${c.fix}`}`;
    })
    .join('\n');
}

/** Whether doctor exits 0: warnings do not fail it. */
export function checksPassed(checks: readonly Check[]): boolean {
  return checks.every((c) => c.ok || c.warning);
}

/** Where memsync's hooks come from: the plugin, settings.json (hooks install), both (a failure), or neither. */
function hooksDetail(configDir: string): string {
  const plugin = enabledPlugin(configDir);
  const settings = settingsHooks(configDir);
  const file = `${configDir}/settings.json`;
  if (plugin && settings)
    throw new Error(
      `installed twice: the plugin ${plugin} and hooks in ${file}; the plugin's run, the others stand aside`,
    );
  if (plugin) return `from the plugin ${plugin}`;
  if (settings) return `in ${file} (memsync hooks install)`;
  throw new Warning(
    'none installed: nothing syncs on its own, only when you run memsync sync',
    'install the plugin (claude plugin install memsync@memsync), or run memsync hooks install',
  );
}

/**
 * Reaches the remote the way a sync does (with ssh's -v, to tell which key was tried) and turns
 * a failure into git's and ssh's own cause plus the fix for it.
 */
async function remoteCheck(home: string, s: Settings): Promise<Check> {
  const { remote, branch, hostname: host } = s;
  const timeoutMs = s.pullTimeoutMs * 2;
  const p = await probeRemote(remote, host, timeoutMs, true);
  if (p.ok && p.heads.has(branch))
    return { name: 'remote', ok: true, detail: `${remote} answers; branch ${branch} exists` };
  if (p.ok) {
    // A first push would start a second, empty memory beside the one on another branch.
    const found = await memoryBranch(remote, [...p.heads.keys()], { branch, home, host, timeoutMs }).catch(() => null);
    if (!found) {
      return {
        name: 'remote',
        ok: true,
        detail: `${remote} answers; branch ${branch} will be created by the first push`,
      };
    }
    const detail = `${remote} holds memsync's memory on branch ${found}, not on ${branch} (the branch setting)`;
    return { name: 'remote', ok: false, detail, fix: `set "branch": "${found}" in ${settingsPath(home)}` };
  }
  const generic = `check the URL (memsync configure --remote URL), the network and your credentials for ${remote}`;
  if (p.timedOut)
    return {
      name: 'remote',
      ok: false,
      detail: `${remote} did not answer within ${timeoutMs} ms (twice pullTimeoutMs)`,
      fix: generic,
    };
  const fix = gitFix(p.stderr, remote, await resolveSshHost(remote)) ?? generic;
  return { name: 'remote', ok: false, detail: gitCause(p.stderr), fix };
}
