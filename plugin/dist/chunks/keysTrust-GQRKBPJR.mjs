import {
  keysAccept,
  keysAdd,
  keysRestore
} from "./chunk-AL23BRR2.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import {
  generateIdentity
} from "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/crypto/recovery.ts
async function keysRecovery(ctx, name) {
  const { secret, publicKey } = await generateIdentity();
  const change = await keysAdd(ctx, publicKey, name);
  const created = (/* @__PURE__ */ new Date()).toISOString().replace(/\.\d+Z$/, "Z");
  const identityText = [
    `# memsync recovery key for ${ctx.settings.remote}, created ${created}: whoever has it reads the remote`,
    `# public key: ${publicKey}`,
    secret,
    "# paper form (typed back into a file, memsync keys import FILE reads it; spaces and case do not matter):",
    ...paperForm(secret).map((l) => `#   ${l}`),
    ""
  ].join("\n");
  return { publicKey, identityText, change };
}
function paperForm(secret) {
  const prefix = "AGE-SECRET-KEY-1";
  const groups = secret.slice(prefix.length).match(/.{1,5}/g);
  return [prefix, groups.slice(0, 6).join(" "), groups.slice(6).join(" ")];
}

// src/cli/keysTrust.ts
var files = (n) => `${n} current file${n === 1 ? "" : "s"}`;
var names = (r) => r.recipients.map((x) => x.name).join(", ");
async function keysTrust(sub, ctx, name) {
  if (sub === "accept") {
    const r2 = await keysAccept(ctx);
    return {
      data: r2,
      text: r2.commit ? `accepted: the remote's ${files(r2.reencrypted)} and what this machine pushes from now on are encrypted to: ${names(r2)}; signed by this machine, so the other machines take it at once` : `nothing to accept: this machine already agreed to the remote's list (${names(r2)})`
    };
  }
  if (sub === "restore") {
    const r2 = await keysRestore(ctx);
    return {
      data: r2,
      text: r2.commit ? `restored the agreed list: the remote's ${files(r2.reencrypted)} are encrypted to: ${names(r2)}` : `nothing to restore: the remote lists what this machine agreed to (${names(r2)})`
    };
  }
  const r = await keysRecovery(ctx, name ?? "recovery");
  return {
    data: { ...r.change, recoveryKey: r.publicKey, identity: r.identityText },
    text: r.identityText.trimEnd(),
    note: `memsync keys recovery: added the recovery key as recipient "${name ?? "recovery"}" (the remote's ${files(r.change.reencrypted)} re-encrypted to it). The lines printed are its only copy: keep them offline (paper, a drive in a drawer) and never on a synced machine. On a new machine: memsync keys import FILE.`
  };
}
export {
  keysTrust
};
