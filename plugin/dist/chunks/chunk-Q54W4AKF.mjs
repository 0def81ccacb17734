import {
  identityFile
} from "./chunk-WHWDL6UE.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  MemsyncError,
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/machine/layout.ts
var LAYOUT_FILE = "memsync.json";
var LAYOUT_VERSION = 1;
function layoutBlob(encryption = "none") {
  return Buffer.from(
    `${JSON.stringify(
      { tool: "memsync", layout: LAYOUT_VERSION, ...encryption === "none" ? {} : { encryption } },
      null,
      2
    )}
`
  );
}
async function readLayout(repo, tip) {
  const entry = (await repo.lsTree(tip, [LAYOUT_FILE])).get(LAYOUT_FILE);
  if (!entry) return null;
  const text = (await repo.readBlobs([entry.sha])).get(entry.sha)?.toString("utf8") ?? "";
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MemsyncError(
      `the remote's ${LAYOUT_FILE} is not valid JSON`,
      "failure",
      "check what wrote to the remote; memsync will not sync with it until the file is fixed"
    );
  }
  const layout = parsed?.layout;
  if (typeof layout !== "number" || layout > LAYOUT_VERSION) {
    throw new MemsyncError(
      `the remote uses memsync layout ${String(layout)}, newer than this memsync understands (${LAYOUT_VERSION})`,
      "failure",
      "upgrade memsync on this machine"
    );
  }
  const encryption = parsed.encryption ?? "none";
  if (encryption !== "none" && encryption !== "age") {
    throw new MemsyncError(
      `the remote's ${LAYOUT_FILE} names an encryption this memsync does not know (${String(encryption)})`,
      "failure",
      "upgrade memsync on this machine"
    );
  }
  return { encryption };
}
async function checkLayout(repo, tip) {
  const layout = await readLayout(repo, tip);
  if (!layout) return false;
  const { encryption } = layout;
  if (encryption === "age" && repo.encryption !== "age") {
    throw new MemsyncError(
      "the remote is encrypted with age and this machine has no key for it: nothing was synced",
      "failure",
      "import the shared key (memsync keys export on a machine that syncs, then memsync keys import FILE here), or run memsync keys init here and memsync keys add <its public key> on a machine that syncs"
    );
  }
  if (encryption === "none" && repo.encryption === "age") {
    throw new MemsyncError(
      'this machine encrypts (setting encryption: "age") but the remote is not encrypted: nothing was synced',
      "failure",
      'run memsync init --encrypt to encrypt the remote, or set encryption to "none"'
    );
  }
  return true;
}

// src/crypto/age.ts
var library;
var age = () => library ??= import("./dist-YL7SFPTV.mjs");
var HEADER = Buffer.from("age-encryption.org/v1\n");
function isAgeFile(content) {
  return content.length >= HEADER.length && content.subarray(0, HEADER.length).equals(HEADER);
}
function agePlainSize(file) {
  const mac = file.indexOf("\n--- ");
  const end = mac < 0 ? -1 : file.indexOf(10, mac + 1);
  if (end < 0) return null;
  const body = file.length - (end + 1) - 16;
  return body - 16 * Math.ceil(body / (64 * 1024 + 16));
}
async function encrypter(recipients) {
  const e = new (await age()).Encrypter();
  for (const r of new Set(recipients)) e.addRecipient(r);
  return async (plain) => Buffer.from(await e.encrypt(plain));
}
async function decrypter(identity) {
  const d = new (await age()).Decrypter();
  d.addIdentity(identity);
  return async (cipher) => Buffer.from(await d.decrypt(cipher));
}
async function generateIdentity() {
  const { generateX25519Identity, identityToRecipient } = await age();
  const secret = await generateX25519Identity();
  return { secret, publicKey: await identityToRecipient(secret) };
}
async function publicKeyOf(secret) {
  return (await age()).identityToRecipient(secret);
}

// src/crypto/identity.ts
import fs from "node:fs";

// src/crypto/bech32.ts
var CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
var GEN = [996825010, 642813549, 513874426, 1027748829, 705979059];
function polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (chk & 33554431) << 5 ^ v;
    for (let i = 0; i < 5; i++) if (top >>> i & 1) chk ^= GEN[i];
  }
  return chk;
}
function checkedWords(text) {
  const s = text.toLowerCase();
  const sep = s.lastIndexOf("1");
  if (sep < 1 || s.length - sep < 7) return null;
  const hrp = s.slice(0, sep);
  const words = [...s.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (words.includes(-1)) return null;
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  return polymod([...expanded, ...words]) === 1 ? { hrp, words: words.slice(0, -6) } : null;
}
function bech32Valid(text) {
  return checkedWords(text) !== null;
}
function bech32Bytes(text) {
  const checked = checkedWords(text);
  if (!checked) return null;
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const w of checked.words) {
    acc = (acc << 5 | w) & 4095;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push(acc >> bits & 255);
    }
  }
  return Buffer.from(out);
}

// src/crypto/identity.ts
var NO_KEY_HINT = "run memsync keys import FILE with the key another machine printed with memsync keys export, or memsync keys init and have a machine that syncs run memsync keys add <public key>";
async function readIdentity(home) {
  const file = identityFile(home);
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return null;
    throw new MemsyncError(
      `cannot read the age identity ${file}: ${e.message}`,
      "failure",
      "check the file's permissions"
    );
  }
  const secret = parseIdentity(text, file);
  return { secret, publicKey: await publicKeyOf(secret), file };
}
async function loadIdentity(home) {
  const id = await readIdentity(home);
  if (!id)
    throw new MemsyncError(
      `this machine has no age identity (${identityFile(home)} is missing)`,
      "failure",
      NO_KEY_HINT
    );
  return id;
}
function parseIdentity(text, source) {
  const typed = new Set(
    text.toUpperCase().replace(/[\s#]/g, "").match(/AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}/g)
  );
  const valid = [...typed].filter(bech32Valid);
  if (valid.length === 1) return valid[0];
  throw new UsageError(
    typed.size && !valid.length ? `${source} holds an age identity whose checksum does not match: a character is mistyped` : `${source} does not hold one age X25519 identity (a line AGE-SECRET-KEY-1...)`,
    "give the text memsync keys export, keys recovery (or its paper form) or age-keygen printed"
  );
}
async function saveIdentity(home, secret, replace) {
  const file = identityFile(home);
  const current = await readIdentity(home);
  const publicKey = await publicKeyOf(secret);
  if (current?.secret === secret) return { identity: current, changed: false };
  if (current && !replace) {
    throw new UsageError(
      `${file} already holds another identity (${current.publicKey})`,
      "replacing it makes what was encrypted only to it unreadable here; add --force to replace it anyway"
    );
  }
  fs.mkdirSync(home, { recursive: true });
  const text = `# created: ${(/* @__PURE__ */ new Date()).toISOString().replace(/\.\d+Z$/, "Z")}
# public key: ${publicKey}
${secret}
`;
  checkedWrite(file, text, { mode: 384, what: "the age identity" });
  fs.chmodSync(file, 384);
  return { identity: { secret, publicKey, file }, changed: true };
}
async function ensureIdentity(home) {
  const current = await readIdentity(home);
  if (current) return { identity: current, created: false };
  const { identity } = await saveIdentity(home, (await generateIdentity()).secret, false);
  return { identity, created: true };
}

export {
  LAYOUT_FILE,
  layoutBlob,
  readLayout,
  checkLayout,
  isAgeFile,
  agePlainSize,
  encrypter,
  decrypter,
  generateIdentity,
  bech32Bytes,
  NO_KEY_HINT,
  readIdentity,
  loadIdentity,
  parseIdentity,
  saveIdentity,
  ensureIdentity
};
