/**
 * Section i's SessionStart rows for the setups a careful user has: an encrypted remote, a synced
 * claude-mem database and a contributor, each with nothing new (the short way), as Claude Code runs
 * the plugin's hook (hooks/run.sh, hook JSON on stdin), against `node -e 0` plus a `git ls-remote` of
 * the same remote, interleaved. Small machines (one project), built as the tests build them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Machine, PLUGIN_ROOT, bareRemote, tempDir } from '../test/support/machines.ts';
import { encryptedPair } from '../test/support/encrypted.ts';
import { bunDir, claudeMemStore, memMachine, work } from '../test/support/claudeMem.ts';
import { writeSettings } from '../src/config/settings.ts';
import { loadContext } from '../src/machine/context.ts';
import { interleaved, log, ok, rows, wall } from './whole.ts';

const ORIGIN = 'git@github.com:bench/widget.git';

async function encrypted(): Promise<{ m: Machine; project: string }> {
  const { b } = await encryptedPair(bareRemote(), '- [Deploy](deploy.md): blue\n');
  return { m: b.m, project: b.proj };
}

async function claudeMem(): Promise<{ m: Machine; project: string }> {
  const m = await memMachine('mem', bareRemote());
  claudeMemStore(m.db, work('m', 2));
  // Node 20 has no built-in SQLite: Bun on PATH, as claude-mem's installer puts it.
  m.env.PATH = `${bunDir()}${path.delimiter}${m.env.PATH}`;
  const project = m.checkout(ORIGIN);
  for (let i = 0; i < 5 && (await m.sync({ projects: [project] })).claudeMem?.read !== false; i++);
  return { m, project };
}

async function contributor(): Promise<{ m: Machine; project: string }> {
  const remote = bareRemote();
  const peer = await new Machine('peer', remote).init();
  const pa = peer.checkout(ORIGIN);
  peer.write(path.join(peer.memoryDir(pa), 'MEMORY.md'), '- [Deploy](deploy.md): blue\n');
  await peer.sync({ projects: [pa] });
  const m = await new Machine('contributor', remote).init();
  await writeSettings(m.env.MEMSYNC_HOME!, { role: 'contributor' });
  m.ctx = (await loadContext(m.env))!;
  const project = m.checkout(ORIGIN);
  await m.sync({ projects: [project] });
  return { m, project };
}

/** SessionStart with nothing new on each setup, against `node -e 0` + `git ls-remote`. */
export async function benchStartSetups(): Promise<string[]> {
  const out: string[] = [];
  const dir = tempDir('memsync-bench-setups-');
  for (const [name, build] of Object.entries({ encrypted, 'claude-mem': claudeMem, contributor })) {
    log(`SessionStart, nothing new: ${name}`);
    const { m, project } = await build();
    const env = { ...m.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${m.env.PATH}` };
    const input = path.join(dir, `${name}.json`);
    fs.writeFileSync(input, JSON.stringify({ session_id: 'bench', cwd: project, hook_event_name: 'SessionStart' }));
    const script = path.join(PLUGIN_ROOT, 'hooks', 'run.sh');
    const runs = await interleaved({
      start: () => ok(name, wall('sh', ['-c', `exec sh "${script}" session-start < "${input}"`], env)),
      lsRemote: () =>
        ok('ls-remote', wall('sh', ['-c', `node -e 0 && git ls-remote -- "${m.remote}" refs/heads/main`], env)),
    });
    const logFile = path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log');
    const short = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('short way')).length;
    out.push(
      ...rows(runs, 'lsRemote', {
        start: `SessionStart, nothing new, ${name} (short way ${short}/${runs.start!.length + 1})`,
        lsRemote: '`node -e 0` + `git ls-remote` of the remote',
      }),
    );
  }
  return out;
}
