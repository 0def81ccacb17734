import { MemsyncError, UsageError } from '../errors.ts';
import { writeSettings } from '../config/settings.ts';
import type { Context } from '../machine/context.ts';
import { underSyncLock, type HeldLock } from '../machine/lock.ts';
import { OVERTAKEN, Overtaken, untilLanded } from '../store/pushRace.ts';
import { LAYOUT_FILE, layoutBlob, readLayout } from '../machine/layout.ts';
import { refuseSecretIn, refuseSecretInHost } from '../secrets/names.ts';
import { STAYS_PLAIN, type EncryptedRepo } from './encryptedRepo.ts';
import { openRepo } from './openRepo.ts';
import { ensureIdentity, loadIdentity, parseIdentity, saveIdentity, type Identity } from './identity.ts';
import { formatRecipients, isRecipient, RECIPIENTS_FILE, type Recipient } from './recipients.ts';
import { agreedRecipients, judgeTip } from './agreement.ts';
import { endorse, ENDORSEMENT_FILE, parseEndorsement } from './endorse.ts';
import { readPin, savePin } from './pin.ts';
import { verdictProblem, type Verdict } from './trust.ts';

/** The key commands: this machine's identity and the remote's recipients. */

export interface KeyChange {
  publicKey: string;
  recipients: Recipient[];
  /** The commit that re-encrypted the tip, or null when nothing had to change. */
  commit: string | null;
  /** Files re-encrypted to the new recipients. */
  reencrypted: number;
}

/** `keys init`: this machine's own identity (kept if it exists); the machine encrypts from now on. */
export async function keysInit(ctx: Context): Promise<{ identity: Identity; created: boolean }> {
  const r = await ensureIdentity(ctx.home);
  await writeSettings(ctx.home, { encryption: 'age' });
  return r;
}

/** `keys import`: a shared identity from another machine's `keys export`; the machine encrypts from now on. */
export async function keysImport(
  ctx: Context,
  text: string,
  source: string,
  force: boolean,
): Promise<{ identity: Identity; changed: boolean }> {
  const r = await saveIdentity(ctx.home, parseIdentity(text, source), force);
  await writeSettings(ctx.home, { encryption: 'age' });
  return r;
}

/** `keys export`: the identity file's text, for `keys import` on another machine. */
export async function keysExport(ctx: Context): Promise<string> {
  const id = await loadIdentity(ctx.home);
  return `# public key: ${id.publicKey}\n${id.secret}\n`;
}

/**
 * `init --encrypt`: makes the remote encrypted with this machine as a recipient. A plain remote's
 * current files are re-encrypted (its older history stays as it was); an encrypted one is left
 * as it is (this machine then needs `keys add` from a machine that reads it).
 */
export async function encryptRemote(ctx: Context): Promise<KeyChange & { identity: Identity; readable: boolean }> {
  const { identity } = await ensureIdentity(ctx.home);
  let readable = true;
  const change = await changeRecipients(ctx, identity, async (repo, tip, verdict) => {
    if (tip && (await readLayout(repo, tip))?.encryption === 'age') {
      readable = 'recipients' in verdict && verdict.recipients.some((r) => r.key === identity.publicKey);
      return null;
    }
    return [{ name: ctx.host, key: identity.publicKey }];
  });
  // Only once the remote is encrypted: a machine that encrypts never pushes to a plain remote.
  await writeSettings(ctx.home, { encryption: 'age' });
  return { ...change, identity, readable };
}

/** `keys add`: one more recipient; the tip's files are re-encrypted so it can read them now. */
export async function keysAdd(ctx: Context, key: string, name: string | undefined): Promise<KeyChange> {
  if (!isRecipient(key))
    throw new UsageError(`${key}: not an age public key (age1... as memsync keys init or age-keygen prints it)`);
  const label = name ?? key.slice(0, 16);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(label))
    throw new UsageError(`--name ${label}: expected 1-63 letters, digits, ".", "_" or "-"`);
  await refuseSecretIn('--name', label, 'name the recipient otherwise');
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    const list = agreedRecipients(verdict) ?? [{ name: ctx.host, key: me.publicKey }];
    if (list.some((r) => r.key === key)) return null;
    if (list.some((r) => r.name === label))
      throw new UsageError(
        `a recipient named ${label} is already listed with another key`,
        'pick another --name, or memsync keys remove it first',
      );
    return [...list, { name: label, key }];
  });
}

/**
 * `keys remove`: drops a recipient and re-encrypts the tip's files without it (its older history it can still read).
 */
export async function keysRemove(ctx: Context, nameOrKey: string): Promise<KeyChange> {
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    const list = agreedRecipients(verdict) ?? [];
    const gone = list.filter((r) => r.name === nameOrKey || r.key === nameOrKey);
    if (!gone.length)
      throw new UsageError(
        `no recipient named ${nameOrKey}`,
        `listed: ${list.map((r) => r.name).join(', ') || 'none'}`,
      );
    if (gone.some((r) => r.key === me.publicKey))
      throw new UsageError(
        `${nameOrKey} is this machine's own key: removing it would lock this machine out`,
        'run memsync keys remove on another machine',
      );
    return list.filter((r) => !gone.includes(r));
  });
}

/**
 * `keys accept`: takes the remote's changed list as this machine's agreement, and pushes it signed
 * by this machine (re-encrypting the tip's files to it), so the other machines take it at once.
 */
export async function keysAccept(ctx: Context): Promise<KeyChange> {
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    if (verdict.kind === 'unusable') throw new MemsyncError(verdictProblem(verdict)!, 'failure');
    return verdict.kind === 'changed' ? verdict.recipients : null;
  });
}

/** `keys restore`: puts back the list this machine agreed to, signed, the tip's files re-encrypted to it. */
export async function keysRestore(ctx: Context): Promise<KeyChange> {
  const me = await machineKey(ctx);
  const pin = readPin(ctx.home);
  if (!pin)
    throw new UsageError(
      'this machine has not agreed to a recipients list yet: there is none to put back',
      'run memsync keys restore on a machine that synced with the encrypted remote before',
    );
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) =>
    verdict.kind === 'changed' || verdict.kind === 'unusable' ? pin.recipients : null,
  );
}

/** `keys list`: the remote's recipients as last fetched (fetching first when the remote answers). */
export async function keysList(
  ctx: Context,
): Promise<{ publicKey: string | null; recipients: Recipient[]; offline: boolean }> {
  const repo = openRepo(ctx, 'age');
  await repo.ensure(ctx.settings.remote);
  let offline = false;
  const tip = await repo.fetch(ctx.settings.networkTimeoutMs).catch(async () => {
    offline = true;
    return repo.localTip();
  });
  const id = await repo.key().catch(() => null);
  return { publicKey: id?.publicKey ?? null, recipients: (await repo.readRecipients(tip)) ?? [], offline };
}

async function machineKey(ctx: Context): Promise<Identity> {
  if (ctx.settings.encryption !== 'age')
    throw new UsageError(
      'this machine does not encrypt (setting encryption is "none")',
      'run memsync init --encrypt first',
    );
  return loadIdentity(ctx.home);
}

type Decide = (repo: EncryptedRepo, tip: string | null, verdict: Verdict) => Promise<Recipient[] | null>;

/**
 * Under the sync lock: fetches, judges the tip's list against this machine's agreement, asks `decide`
 * for the new recipients (null: nothing to do), and pushes a commit with them, signed by this machine
 * (endorse.ts), the layout marker, and every file of the tip encrypted to them; then agrees to them.
 */
async function changeRecipients(ctx: Context, me: Identity, decide: Decide): Promise<KeyChange> {
  await refuseSecretInHost(ctx.host);
  return underSyncLock(ctx.home, 60_000, async (lock) => {
    const repo = openRepo(ctx, 'age');
    await repo.ensure(ctx.settings.remote);
    const budget = ctx.settings.networkTimeoutMs;
    const attempt = () => recipientsRound(ctx, me, decide, repo, lock);
    const giveUp = (n: number) => new Overtaken('the recipients were not changed', n, budget, 'run the command again');
    return (await untilLanded(budget, attempt, giveUp)).value;
  });
}

/** One fetch, decision and push of a recipients change: OVERTAKEN when another machine pushed first. */
async function recipientsRound(
  ctx: Context,
  me: Identity,
  decide: Decide,
  repo: EncryptedRepo,
  lock: HeldLock,
): Promise<KeyChange | typeof OVERTAKEN> {
  const tip = await repo.fetch(ctx.settings.networkTimeoutMs);
  const listed = await repo.tipRecipients(tip);
  const verdict = judgeTip(ctx.home, me, listed, 'any');
  const next = await decide(repo, tip, verdict);
  if (!next) {
    const recipients = 'recipients' in verdict ? verdict.recipients : [];
    return { publicKey: me.publicKey, recipients, commit: null, reencrypted: 0 };
  }
  const changes = new Map<string, string | null>();
  if (tip) {
    const files = [...(await repo.lsTree(tip))].filter(([p, e]) => !e.mode.includes(':') && !STAYS_PLAIN.has(p));
    const contents = await repo.readBlobs(files.map(([, e]) => e.sha));
    // Written again, so buildTree encrypts each afresh to the new recipients.
    for (const [p, e] of files) changes.set(p, await repo.writeBlob(contents.get(e.sha)!));
  }
  const reencrypted = changes.size;
  const list = formatRecipients(next);
  const pin = readPin(ctx.home);
  const generation = Math.max(pin?.generation ?? 0, seenGeneration(listed.endorsement)) + 1;
  const readers = [...next, ...(pin?.recipients ?? [])].map((r) => r.key).concat(me.publicKey);
  changes.set(RECIPIENTS_FILE, await repo.writeBlob(list));
  changes.set(ENDORSEMENT_FILE, await repo.writeBlob(endorse(me.secret, me.publicKey, list, generation, readers)));
  changes.set(LAYOUT_FILE, await repo.writeBlob(layoutBlob('age')));
  const tree = await repo.buildTree(tip, changes);
  const names = next.map((r) => r.name).join(', ');
  const commit = await repo.commit(
    tree,
    tip,
    `memsync: ${ctx.host}: recipients ${names}; ${reencrypted} files re-encrypted\n\nMemsync-Host: ${ctx.host}\n`,
  );
  if (lock.compromised())
    throw new MemsyncError(
      'another process took over the sync lock; stopping before pushing',
      'failure',
      'run the command again',
    );
  if ((await repo.push(commit, tip, ctx.settings.networkTimeoutMs)) === 'pushed') {
    savePin(ctx.home, { generation, recipients: next });
    return { publicKey: me.publicKey, recipients: next, commit, reencrypted };
  }
  return OVERTAKEN;
}

/** The generation the tip's endorsement claims (unchecked: a new one only has to be above it). */
function seenGeneration(endorsement: Buffer | null): number {
  const g = endorsement ? (parseEndorsement(endorsement.toString('utf8'))?.generation ?? 0) : 0;
  // A huge number planted by the remote would only make the next generation unusable.
  return g < 2 ** 40 ? g : 0;
}
