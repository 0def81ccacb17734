import fs from 'node:fs/promises';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { gitCause, gitFix } from '../store/gitCause.ts';
import { gitEnv, runGit } from '../store/gitRun.ts';
import { networkRun } from '../store/netEnv.ts';
import { probeRemote, resolveSshHost } from '../store/remoteProbe.ts';
import { LAYOUT_FILE } from '../sync/layout.ts';

export type RemoteKindFound = 'empty' | 'memsync' | 'other' | 'unreachable';

export interface RemoteCheck {
  kind: RemoteKindFound;
  /** What the next sync will do with it (or why it was stored anyway). */
  next: string;
}

/**
 * What `configure --remote` finds at a remote before storing it: reachable? empty? a memsync
 * remote? another repository? A remote that cannot be reached, or that holds other content, is
 * refused unless `force` (a typo would otherwise publish memory into someone's code repository).
 */
export async function checkNewRemote(url: string, branch: string, home: string, host: string, timeoutMs: number, force: boolean): Promise<RemoteCheck> {
  const p = await probeRemote(url, host, timeoutMs);
  if (!p.ok) {
    const cause = p.timedOut ? `it did not answer within ${timeoutMs} ms` : gitCause(p.stderr);
    if (force) return { kind: 'unreachable', next: `not checked (${cause}); the next sync tries it` };
    const fix = p.timedOut ? null : gitFix(p.stderr, url, await resolveSshHost(url));
    throw new MemsyncError(`cannot use ${url}: ${cause}`, 1, `${fix ? `${fix}; ` : ''}or store it unchecked with memsync configure --remote URL --force`);
  }
  if (p.heads.size === 0) return { kind: 'empty', next: "the remote is empty: the next sync publishes this machine's memory to it" };
  const memsync = p.heads.has(branch) && (await holdsLayoutFile(url, branch, home, host, timeoutMs));
  if (memsync) {
    return { kind: 'memsync', next: `a memsync remote (branch ${branch}): the next sync treats this machine's memory as new there and merges it with the remote's; files only one side has are kept on both` };
  }
  const heads = [...p.heads.keys()].slice(0, 5).join(', ');
  if (force) return { kind: 'other', next: `it holds other content (branches: ${heads}); stored because of --force: the next sync adds memsync's files on branch ${branch}` };
  throw new MemsyncError(
    `${url} is not a memsync remote: it holds other content (branches: ${heads}${p.heads.has(branch) ? `; ${branch} has no ${LAYOUT_FILE}` : ''})`,
    2,
    `use an empty repository for memory, or memsync configure --remote URL --force to put memsync's files on its ${branch} branch anyway`,
  );
}

/** Whether the branch's tip has memsync's layout file: one shallow fetch (trees only where the server can) into a scratch repository. */
async function holdsLayoutFile(url: string, branch: string, home: string, host: string, timeoutMs: number): Promise<boolean> {
  const dir = await fs.mkdtemp(path.join(await ensureDir(path.join(home, 'tmp')), 'probe-'));
  try {
    const env = gitEnv(host);
    await runGit(['init', '--bare', '--quiet', '--template=', dir], { env });
    const net = await networkRun(env, timeoutMs);
    const r = await runGit([...net.config, '--git-dir', dir, 'fetch', '--quiet', '--no-tags', '--depth=1', '--filter=blob:none', '--', url, `+refs/heads/${branch}:refs/probe`], { env: net.env, timeoutMs, okCodes: [1, 128] });
    if (r.code !== 0) throw new MemsyncError(`cannot read ${url}: ${gitCause(r.stderr)}`, 1, 'run memsync doctor to check the remote');
    const t = await runGit(['--git-dir', dir, 'ls-tree', '--name-only', 'refs/probe', '--', LAYOUT_FILE], { env });
    return t.stdout.toString().trim() === LAYOUT_FILE;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function ensureDir(d: string): Promise<string> {
  await fs.mkdir(d, { recursive: true });
  return d;
}
