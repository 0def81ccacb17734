import { MemsyncError } from '../errors.ts';
import type { LocalRepo } from '../store/repo.ts';

/** The remote's layout marker: a remote written by a newer memsync stops an older one. */
export const LAYOUT_FILE = 'memsync.json';
const LAYOUT_VERSION = 1;

/** The marker; an encrypted remote says so, which stops a machine without the key from pushing plain text. */
export function layoutBlob(encryption: 'none' | 'age' = 'none'): Buffer {
  return Buffer.from(
    `${JSON.stringify(
      { tool: 'memsync', layout: LAYOUT_VERSION, ...(encryption === 'none' ? {} : { encryption }) },
      null,
      2,
    )}\n`,
  );
}

/** The tip's layout marker (null when it has none); stops on one this memsync does not understand. */
export async function readLayout(repo: LocalRepo, tip: string): Promise<{ encryption: 'none' | 'age' } | null> {
  const entry = (await repo.lsTree(tip, [LAYOUT_FILE])).get(LAYOUT_FILE);
  if (!entry) return null;
  const text = (await repo.readBlobs([entry.sha])).get(entry.sha)?.toString('utf8') ?? '';
  let parsed: { layout?: unknown; encryption?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MemsyncError(
      `the remote's ${LAYOUT_FILE} is not valid JSON`,
      'failure',
      'check what wrote to the remote; memsync will not sync with it until the file is fixed',
    );
  }
  const layout = parsed?.layout;
  if (typeof layout !== 'number' || layout > LAYOUT_VERSION) {
    throw new MemsyncError(
      `the remote uses memsync layout ${String(layout)}, newer than this memsync understands (${LAYOUT_VERSION})`,
      'failure',
      'upgrade memsync on this machine',
    );
  }
  const encryption = parsed.encryption ?? 'none';
  if (encryption !== 'none' && encryption !== 'age') {
    throw new MemsyncError(
      `the remote's ${LAYOUT_FILE} names an encryption this memsync does not know (${String(encryption)})`,
      'failure',
      'upgrade memsync on this machine',
    );
  }
  return { encryption };
}

/**
 * Stops on a layout newer than this memsync understands, or encrypted otherwise than this machine
 * stores files; returns whether the tip has the file.
 */
export async function checkLayout(repo: LocalRepo, tip: string): Promise<boolean> {
  const layout = await readLayout(repo, tip);
  if (!layout) return false;
  const { encryption } = layout;
  if (encryption === 'age' && repo.encryption !== 'age') {
    throw new MemsyncError(
      'the remote is encrypted with age and this machine has no key for it: nothing was synced',
      'failure',
      'import the shared key (memsync keys export on a machine that syncs, then memsync keys import FILE here), or ' +
        'run memsync keys init here and memsync keys add <its public key> on a machine that syncs',
    );
  }
  if (encryption === 'none' && repo.encryption === 'age') {
    throw new MemsyncError(
      'this machine encrypts (setting encryption: "age") but the remote is not encrypted: nothing was synced',
      'failure',
      'run memsync init --encrypt to encrypt the remote, or set encryption to "none"',
    );
  }
  return true;
}
