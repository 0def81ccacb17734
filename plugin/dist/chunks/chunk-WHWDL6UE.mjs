import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/crypto/keyFiles.ts
import path from "node:path";
var identityFile = (home) => path.join(home, "identity.txt");
var pinFile = (home) => path.join(home, "recipients-pin.json");

// src/crypto/recipients.ts
var RECIPIENTS_FILE = ".memsync/recipients.txt";
var RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;
function isRecipient(s) {
  return RECIPIENT_RE.test(s);
}
var HEADER = [
  "# memsync: the age public keys this remote's files are encrypted to (memsync keys add|remove).",
  '# Each key follows a line "# <name>". `age -R` reads this file as it is.'
];
function parseRecipients(text) {
  const out = [];
  let name = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      name = null;
      continue;
    }
    if (line.startsWith("#")) {
      name = line.slice(1).trim();
      continue;
    }
    const [key, ...rest] = line.split(/\s+#\s*/);
    if (!isRecipient(key))
      throw new MemsyncError(
        `the remote's ${RECIPIENTS_FILE} has a line that is not an age public key: ${line.slice(0, 80)}`,
        "failure",
        "fix or remove that line on the remote (it must be age1... keys only)"
      );
    out.push({ name: rest.join(" ").trim() || name || key.slice(0, 16), key });
    name = null;
  }
  return out;
}
function formatRecipients(list) {
  const body = list.flatMap((r) => [`# ${r.name.replace(/[\r\n]/g, " ")}`, r.key]);
  return Buffer.from([...HEADER, "", ...body, ""].join("\n"));
}

export {
  identityFile,
  pinFile,
  RECIPIENTS_FILE,
  isRecipient,
  parseRecipients,
  formatRecipients
};
