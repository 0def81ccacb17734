import { MemsyncError } from '../errors.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { pinFile } from './keyFiles.ts';
import { isRecipient, type Recipient } from './recipients.ts';

// Apart from savePin (pin.ts) so SessionStart's short way reads the pin without the write machinery.

/**
 * The recipients this machine last agreed to (MEMSYNC_HOME/recipients-pin.json): the remote's
 * list is compared with it before every encrypted push, so a change this machine did not make
 * (or accept) never decides who reads what it pushes.
 */
export interface Pin {
  /** The endorsement generation the list came with (0: taken on first use, unsigned). */
  generation: number;
  recipients: Recipient[];
}

/** The pin, or null when this machine has agreed to no list yet. */
export function readPin(home: string): Pin | null {
  const file = pinFile(home);
  const raw = readOrNull(file);
  if (raw === null) return null;
  let parsed: Partial<Pin> | null = null;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    // Named below.
  }
  const list = parsed?.recipients;
  if (
    !Number.isSafeInteger(parsed?.generation) ||
    !Array.isArray(list) ||
    !list.every((r) => typeof r?.name === 'string' && isRecipient(r?.key))
  )
    throw new MemsyncError(
      `${file} is not the list of recipients memsync keeps`,
      'failure',
      `delete it; the next encrypted push agrees to the remote's list as it is then (check it with memsync keys list)`,
    );
  return { generation: parsed!.generation!, recipients: list };
}
