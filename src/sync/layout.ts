import { MemsyncError } from '../errors.ts';
import type { LocalRepo } from '../store/repo.ts';

/** The remote's layout marker: a remote written by a newer memsync stops an older one. */
export const LAYOUT_FILE = 'memsync.json';
export const LAYOUT_VERSION = 1;

export function layoutBlob(): Buffer {
  return Buffer.from(JSON.stringify({ tool: 'memsync', layout: LAYOUT_VERSION }, null, 2) + '\n');
}

/** Stops on a layout newer than this memsync understands; returns whether the tip has the file. */
export async function checkLayout(repo: LocalRepo, tip: string): Promise<boolean> {
  const entry = (await repo.lsTree(tip, [LAYOUT_FILE])).get(LAYOUT_FILE);
  if (!entry) return false;
  const text = (await repo.readBlobs([entry.sha])).get(entry.sha)?.toString('utf8') ?? '';
  let layout: unknown;
  try {
    layout = JSON.parse(text).layout;
  } catch {
    throw new MemsyncError(`the remote's ${LAYOUT_FILE} is not valid JSON`, 1, 'check what wrote to the remote; memsync will not sync with it until the file is fixed');
  }
  if (typeof layout !== 'number' || layout > LAYOUT_VERSION) {
    throw new MemsyncError(`the remote uses memsync layout ${String(layout)}, newer than this memsync understands (${LAYOUT_VERSION})`, 1, 'upgrade memsync on this machine');
  }
  return true;
}
