import {
  refuseSecretIn,
  refuseSecretInHost
} from "./chunk-O4VTLPVT.mjs";
import {
  OVERTAKEN,
  Overtaken,
  untilLanded
} from "./chunk-IBU73BIK.mjs";
import {
  underSyncLock
} from "./chunk-WTWOWLG3.mjs";
import {
  ENDORSEMENT_FILE,
  STAYS_PLAIN,
  agreedRecipients,
  endorse,
  judgeTip,
  openRepo,
  parseEndorsement,
  savePin
} from "./chunk-YQ235AGW.mjs";
import {
  readPin,
  verdictProblem
} from "./chunk-DO6IZNGO.mjs";
import {
  LAYOUT_FILE,
  ensureIdentity,
  layoutBlob,
  loadIdentity,
  parseIdentity,
  readLayout,
  saveIdentity
} from "./chunk-Q54W4AKF.mjs";
import {
  RECIPIENTS_FILE,
  formatRecipients,
  isRecipient
} from "./chunk-WHWDL6UE.mjs";
import {
  writeSettings
} from "./chunk-YC4HVIOS.mjs";
import {
  MemsyncError,
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/crypto/keys.ts
async function keysInit(ctx) {
  const r = await ensureIdentity(ctx.home);
  await writeSettings(ctx.home, { encryption: "age" });
  return r;
}
async function keysImport(ctx, text, source, force) {
  const r = await saveIdentity(ctx.home, parseIdentity(text, source), force);
  await writeSettings(ctx.home, { encryption: "age" });
  return r;
}
async function keysExport(ctx) {
  const id = await loadIdentity(ctx.home);
  return `# public key: ${id.publicKey}
${id.secret}
`;
}
async function encryptRemote(ctx) {
  const { identity } = await ensureIdentity(ctx.home);
  let readable = true;
  const change = await changeRecipients(ctx, identity, async (repo, tip, verdict) => {
    if (tip && (await readLayout(repo, tip))?.encryption === "age") {
      readable = "recipients" in verdict && verdict.recipients.some((r) => r.key === identity.publicKey);
      return null;
    }
    return [{ name: ctx.host, key: identity.publicKey }];
  });
  await writeSettings(ctx.home, { encryption: "age" });
  return { ...change, identity, readable };
}
async function keysAdd(ctx, key, name) {
  if (!isRecipient(key))
    throw new UsageError(`${key}: not an age public key (age1... as memsync keys init or age-keygen prints it)`);
  const label = name ?? key.slice(0, 16);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(label))
    throw new UsageError(`--name ${label}: expected 1-63 letters, digits, ".", "_" or "-"`);
  await refuseSecretIn("--name", label, "name the recipient otherwise");
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    const list = agreedRecipients(verdict) ?? [{ name: ctx.host, key: me.publicKey }];
    if (list.some((r) => r.key === key)) return null;
    if (list.some((r) => r.name === label))
      throw new UsageError(
        `a recipient named ${label} is already listed with another key`,
        "pick another --name, or memsync keys remove it first"
      );
    return [...list, { name: label, key }];
  });
}
async function keysRemove(ctx, nameOrKey) {
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    const list = agreedRecipients(verdict) ?? [];
    const gone = list.filter((r) => r.name === nameOrKey || r.key === nameOrKey);
    if (!gone.length)
      throw new UsageError(
        `no recipient named ${nameOrKey}`,
        `listed: ${list.map((r) => r.name).join(", ") || "none"}`
      );
    if (gone.some((r) => r.key === me.publicKey))
      throw new UsageError(
        `${nameOrKey} is this machine's own key: removing it would lock this machine out`,
        "run memsync keys remove on another machine"
      );
    return list.filter((r) => !gone.includes(r));
  });
}
async function keysAccept(ctx) {
  const me = await machineKey(ctx);
  return changeRecipients(ctx, me, async (_repo, _tip, verdict) => {
    if (verdict.kind === "unusable") throw new MemsyncError(verdictProblem(verdict), "failure");
    return verdict.kind === "changed" ? verdict.recipients : null;
  });
}
async function keysRestore(ctx) {
  const me = await machineKey(ctx);
  const pin = readPin(ctx.home);
  if (!pin)
    throw new UsageError(
      "this machine has not agreed to a recipients list yet: there is none to put back",
      "run memsync keys restore on a machine that synced with the encrypted remote before"
    );
  return changeRecipients(
    ctx,
    me,
    async (_repo, _tip, verdict) => verdict.kind === "changed" || verdict.kind === "unusable" ? pin.recipients : null
  );
}
async function keysList(ctx) {
  const repo = openRepo(ctx, "age");
  await repo.ensure(ctx.settings.remote);
  let offline = false;
  const tip = await repo.fetch(ctx.settings.networkTimeoutMs).catch(async () => {
    offline = true;
    return repo.localTip();
  });
  const id = await repo.key().catch(() => null);
  return { publicKey: id?.publicKey ?? null, recipients: await repo.readRecipients(tip) ?? [], offline };
}
async function machineKey(ctx) {
  if (ctx.settings.encryption !== "age")
    throw new UsageError(
      'this machine does not encrypt (setting encryption is "none")',
      "run memsync init --encrypt first"
    );
  return loadIdentity(ctx.home);
}
async function changeRecipients(ctx, me, decide) {
  await refuseSecretInHost(ctx.host);
  return underSyncLock(ctx.home, 6e4, async (lock) => {
    const repo = openRepo(ctx, "age");
    await repo.ensure(ctx.settings.remote);
    const budget = ctx.settings.networkTimeoutMs;
    const attempt = () => recipientsRound(ctx, me, decide, repo, lock);
    const giveUp = (n) => new Overtaken("the recipients were not changed", n, budget, "run the command again");
    return (await untilLanded(budget, attempt, giveUp)).value;
  });
}
async function recipientsRound(ctx, me, decide, repo, lock) {
  const tip = await repo.fetch(ctx.settings.networkTimeoutMs);
  const listed = await repo.tipRecipients(tip);
  const verdict = judgeTip(ctx.home, me, listed, "any");
  const next = await decide(repo, tip, verdict);
  if (!next) {
    const recipients = "recipients" in verdict ? verdict.recipients : [];
    return { publicKey: me.publicKey, recipients, commit: null, reencrypted: 0 };
  }
  const changes = /* @__PURE__ */ new Map();
  if (tip) {
    const files = [...await repo.lsTree(tip)].filter(([p, e]) => !e.mode.includes(":") && !STAYS_PLAIN.has(p));
    const contents = await repo.readBlobs(files.map(([, e]) => e.sha));
    for (const [p, e] of files) changes.set(p, await repo.writeBlob(contents.get(e.sha)));
  }
  const reencrypted = changes.size;
  const list = formatRecipients(next);
  const pin = readPin(ctx.home);
  const generation = Math.max(pin?.generation ?? 0, seenGeneration(listed.endorsement)) + 1;
  const readers = [...next, ...pin?.recipients ?? []].map((r) => r.key).concat(me.publicKey);
  changes.set(RECIPIENTS_FILE, await repo.writeBlob(list));
  changes.set(ENDORSEMENT_FILE, await repo.writeBlob(endorse(me.secret, me.publicKey, list, generation, readers)));
  changes.set(LAYOUT_FILE, await repo.writeBlob(layoutBlob("age")));
  const tree = await repo.buildTree(tip, changes);
  const names = next.map((r) => r.name).join(", ");
  const commit = await repo.commit(
    tree,
    tip,
    `memsync: ${ctx.host}: recipients ${names}; ${reencrypted} files re-encrypted

Memsync-Host: ${ctx.host}
`
  );
  if (lock.compromised())
    throw new MemsyncError(
      "another process took over the sync lock; stopping before pushing",
      "failure",
      "run the command again"
    );
  if (await repo.push(commit, tip, ctx.settings.networkTimeoutMs) === "pushed") {
    savePin(ctx.home, { generation, recipients: next });
    return { publicKey: me.publicKey, recipients: next, commit, reencrypted };
  }
  return OVERTAKEN;
}
function seenGeneration(endorsement) {
  const g = endorsement ? parseEndorsement(endorsement.toString("utf8"))?.generation ?? 0 : 0;
  return g < 2 ** 40 ? g : 0;
}

export {
  keysInit,
  keysImport,
  keysExport,
  encryptRemote,
  keysAdd,
  keysRemove,
  keysAccept,
  keysRestore,
  keysList
};
