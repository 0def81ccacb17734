import fs from 'node:fs';
import { memsyncHome, claudeConfigDir } from '../config/paths.ts';
import { loadSettings, settingsPath } from '../config/settings.ts';
import { runGit, gitEnv } from '../store/gitRun.ts';
import { repoDir } from '../sync/context.ts';
import { lockHeld, lockPath } from '../sync/lock.ts';
import { loadHeader } from '../sync/state.ts';
import { identityFile, loadIdentity } from '../crypto/identity.ts';
import { loadContext } from '../sync/context.ts';
import { ADOPT_HINT } from '../engine/lineage.ts';
import { getStatus } from '../sync/status.ts';

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
      checks.push({ name, ok: false, detail: (e as Error).message.split('\n')[0]!, fix });
    }
  };
  await check('git', 'install git 2.20 or later and put it on PATH', async () => {
    const v = (await runGit(['--version'], { env: gitEnv('doctor') })).stdout.toString().trim();
    const [maj = 0, min = 0] = (v.match(/(\d+)\.(\d+)/) ?? []).slice(1).map(Number);
    if (maj < 2 || (maj === 2 && min < 20)) throw new Error(`${v} is too old`);
    return v;
  });
  let settings = null as Awaited<ReturnType<typeof loadSettings>>;
  await check('settings', `fix ${settingsPath(home)} as the message says (settings.example.json documents every key)`, async () => {
    settings = await loadSettings(home, env);
    if (!settings) throw new Error(`no settings at ${settingsPath(home)}: memsync is not set up`);
    return `${settingsPath(home)} is valid`;
  });
  if (!checks.at(-1)!.ok && !fs.existsSync(settingsPath(home))) checks.at(-1)!.fix = 'run memsync init (or memsync sync, which sets up the embedded default)';
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
  if (settings) {
    const s = settings as NonNullable<typeof settings>;
    await check('remote', `check the URL (memsync configure --remote URL), the network and your credentials for ${s.remote}`, async () => {
      const r = await runGit(['ls-remote', '--heads', s.remote, s.branch], { env: gitEnv(s.hostname), timeoutMs: s.pullTimeoutMs * 2 });
      return r.stdout.length ? `${s.remote} answers; branch ${s.branch} exists` : `${s.remote} answers; branch ${s.branch} will be created by the first push`;
    });
    if (s.encryption === 'age') {
      await check('encryption', `chmod 600 ${identityFile(home)} if others can read it; if it is missing, memsync keys import FILE (the shared key) or memsync keys init and keys add on a machine that syncs`, async () => {
        const id = await loadIdentity(home);
        const mode = fs.statSync(id.file).mode & 0o777;
        if (mode & 0o077) throw new Error(`${id.file} can be read by other users (mode ${mode.toString(8)})`);
        return `age identity ${id.file}, public key ${id.publicKey}`;
      });
    }
    if (checks.find((c) => c.name === 'remote')?.ok) {
      await check('remote history', ADOPT_HINT, async () => {
        const status = await getStatus((await loadContext(env))!);
        if (status.remoteRewritten) throw new Error(status.remoteRewritten.message);
        const fresh = status.notes.find((n) => n.includes('compared with') && n.includes('as new'));
        return fresh ?? 'the remote\'s history holds the tip this machine last synced with';
      });
    }
    await check('lock', `if no memsync runs, remove ${lockPath(home)}.lock`, async () => ((await lockHeld(home)) ? 'a sync is running now' : 'free'));
    await check('repository', `move ${repoDir(home)} aside and run memsync sync: it is rebuilt from the remote`, async () => {
      if (!fs.existsSync(repoDir(home))) return 'not created yet (the first sync creates it)';
      await runGit(['--git-dir', repoDir(home), 'fsck', '--connectivity-only', '--no-progress'], { env: gitEnv(s.hostname), timeoutMs: 60_000 });
      const state = await loadHeader(home);
      return `healthy; last sync ${state.lastSyncTime ?? 'never'}; ${Object.keys(state.conflicts).length} open conflicts`;
    });
  }
  return checks;
}
