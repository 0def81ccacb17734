import {
  encryptRemote
} from "./chunk-AL23BRR2.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
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

// src/commands/encryptInit.ts
async function encryptInit(ctx, created, next) {
  const r = await encryptRemote(ctx);
  return {
    data: {
      initialized: true,
      created,
      home: ctx.home,
      remoteUrl: ctx.settings.remote,
      encryption: "age",
      publicKey: r.publicKey,
      identityFile: r.identity.file,
      commit: r.commit,
      readable: r.readable
    },
    text: () => [
      `memsync set up in ${ctx.home}; remote: ${ctx.settings.remote} (encrypted with age)`,
      next ?? "",
      `this machine's public key: ${r.publicKey} (identity: ${r.identity.file})`,
      r.commit ? `encrypted the remote: ${r.reencrypted} current file${r.reencrypted === 1 ? "" : "s"} re-encrypted; older history stays as it was` : "the remote was already encrypted",
      r.readable ? "" : `this machine cannot read it yet: on a machine that syncs, run memsync keys add ${r.publicKey} --name ${ctx.host}`
    ].filter(Boolean).join("\n")
  };
}
export {
  encryptInit
};
