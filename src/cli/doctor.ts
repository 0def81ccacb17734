import fs from 'node:fs';
import { memsyncHome, claudeConfigDir } from '../config/paths.ts';
import { loadSettings, settingsPath } from '../config/settings.ts';
import { runGit, gitEnv } from '../store/gitRun.ts';
import { gitCause, gitFix } from '../store/gitCause.ts';
import { probeRemote, resolveSshHost } from '../store/remoteProbe.ts';
import { repoDir } from '../machine/context.ts';
import { describeLock } from '../machine/lock.ts';
import { MemsyncError } from '../errors.ts';
import { loadHeader } from '../machine/state.ts';
import { identityFile, loadIdentity } from '../crypto/identity.ts';
import { sqliteAvailability } from '../claudeMem/sqlite.ts';
import { enabledPlugin, settingsHooks } from '../hooks/twice.ts';
import { loadContext } from '../machine/context.ts';
import { ADOPT_HINT } from '../engine/lineage.ts';
import { getStatus } from '../sync/status.ts';
import { recipientsProblem } from '../crypto/recipientsCheck.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Each check says ok or what failed and how to fix it; a failed check does not stop the others. */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const home = memsyncHome(env);
  const checks: Check[] = [];
  const check = async (name: string, fix: string, fn: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (e) {
      checks.push({
        name,
        ok: false,
        detail: (e as Error).message.split('\n')[0]!,
        fix: (e instanceof MemsyncError && e.hint) || fix,
      });
    }
  };
  await check('git', 'install git 2.20 or later and put it on PATH', async () => {
    const v = (await runGit(['--version'], { env: gitEnv('doctor') })).stdout.toString().trim();
    const [maj = 0, min = 0] = (v.match(/(\d+)\.(\d+)/) ?? []).slice(1).map(Number);
    if (maj < 2 || (maj === 2 && min < 20)) throw new Error(`${v} is too old`);
    return v;
  });
  let settings = null as Awaited<ReturnType<typeof loadSettings>>;
  await check(
    'settings',
    `fix ${settingsPath(home)} as the message says (settings.example.json documents every key)`,
    async () => {
      settings = await loadSettings(home, env);
      if (!settings) throw new Error(`no settings at ${settingsPath(home)}: memsync is not set up`);
      return `${settingsPath(home)} is valid`;
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
  if (settings) {
    const s = settings as NonNullable<typeof settings>;
    checks.push(await remoteCheck(s.remote, s.branch, s.hostname, s.pullTimeoutMs * 2));
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
    if (checks.find((c) => c.name === 'remote')?.ok) {
      await check('remote history', ADOPT_HINT, async () => {
        const status = await getStatus((await loadContext(env))!);
        if (status.remoteRewritten) throw new Error(status.remoteRewritten.message);
        const fresh = status.notes.find((n) => n.includes('compared with') && n.includes('as new'));
        return fresh ?? "the remote's history holds the tip this machine last synced with";
      });
    }
    if (s.encryption === 'age')
      await check('recipients', 'memsync keys list shows who the remote lists', async () => {
        const problem = await recipientsProblem((await loadContext(env))!);
        if (problem) throw new Error(problem);
        return 'the remote lists the recipients this machine agreed to (memsync keys list)';
      });
    await check('lock', 'see the line above', async () => describeLock(home));
    await check(
      'repository',
      `move ${repoDir(home)} aside and run memsync sync: it is rebuilt from the remote`,
      async () => {
        if (!fs.existsSync(repoDir(home))) return 'not created yet (the first sync creates it)';
        await runGit(['--git-dir', repoDir(home), 'fsck', '--connectivity-only', '--no-progress'], {
          env: gitEnv(s.hostname),
          timeoutMs: 60_000,
        });
        const state = await loadHeader(home);
        return (
          `healthy; last sync ${state.lastSyncTime ?? 'never'}; ${Object.keys(state.conflicts).length} open ` +
          'conflicts'
        );
      },
    );
  }
  return checks;
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
  return settings
    ? `in ${file} (memsync hooks install)`
    : 'none: nothing syncs on its own (install the plugin, or memsync hooks install)';
}

/**
 * Reaches the remote the way a sync does (with ssh's -v, to tell which key was tried) and turns
 * a failure into git's and ssh's own cause plus the fix for it.
 */
async function remoteCheck(remote: string, branch: string, host: string, timeoutMs: number): Promise<Check> {
  const p = await probeRemote(remote, host, timeoutMs, true);
  if (p.ok) {
    const has = p.heads.has(branch) ? `branch ${branch} exists` : `branch ${branch} will be created by the first push`;
    return { name: 'remote', ok: true, detail: `${remote} answers; ${has}` };
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
