import {
  RECIPIENTS_FILE,
  isRecipient,
  parseRecipients,
  pinFile
} from "./chunk-WHWDL6UE.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/util/readOrNull.ts
import fs from "node:fs";
function readOrNull(p) {
  try {
    return fs.readFileSync(p);
  } catch {
    return null;
  }
}

// src/crypto/pinRead.ts
function readPin(home) {
  const file = pinFile(home);
  const raw = readOrNull(file);
  if (raw === null) return null;
  let parsed = null;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
  }
  const list = parsed?.recipients;
  if (!Number.isSafeInteger(parsed?.generation) || !Array.isArray(list) || !list.every((r) => typeof r?.name === "string" && isRecipient(r?.key)))
    throw new MemsyncError(
      `${file} is not the list of recipients memsync keeps`,
      "failure",
      `delete it; the next encrypted push agrees to the remote's list as it is then (check it with memsync keys list)`
    );
  return { generation: parsed.generation, recipients: list };
}

// src/crypto/trust.ts
function listedOf(file, encrypted) {
  if (!file) return { kind: "missing", encrypted };
  try {
    return { kind: "list", recipients: parseRecipients(file.toString("utf8")) };
  } catch (e) {
    return { kind: "malformed", detail: e.message.replace(/^.*?has /, "has ") };
  }
}
function judge(pin, listed, signed) {
  const agreed = pin?.recipients ?? [];
  if (listed.kind === "malformed") return { kind: "unusable", why: listed.detail, removed: agreed };
  if (listed.kind === "missing")
    return pin || listed.encrypted ? { kind: "unusable", why: "is missing", removed: agreed } : { kind: "fresh" };
  const { recipients } = listed;
  if (!recipients.length) return { kind: "unusable", why: "is empty", removed: agreed };
  const keys = new Set(recipients.map((r) => r.key));
  if (!pin) return { kind: "first", recipients, generation: signed && keys.has(signed.by) ? signed.generation : 0 };
  const pinned = new Set(agreed.map((r) => r.key));
  const trusted = signed && pinned.has(signed.by) && signed.generation > pin.generation ? signed : null;
  const added = recipients.filter((r) => !pinned.has(r.key));
  const removed = agreed.filter((r) => !keys.has(r.key));
  if (!added.length && !removed.length)
    return { kind: "agreed", recipients, generation: trusted?.generation ?? pin.generation };
  if (trusted) return { kind: "endorsed", recipients, generation: trusted.generation, by: trusted.by };
  return { kind: "changed", recipients, added, removed };
}
function nextPin(pin, v) {
  if (v.kind === "first" || v.kind === "endorsed") return { generation: v.generation, recipients: v.recipients };
  if (v.kind === "agreed" && pin && v.generation !== pin.generation)
    return { generation: v.generation, recipients: v.recipients };
  return null;
}
var named = (list) => list.map((r) => `${r.name} (${r.key})`).join(", ");
function verdictProblem(v, cli = "memsync") {
  const head = `the remote's recipients list (${RECIPIENTS_FILE})`;
  if (v.kind === "changed") {
    const parts = [
      v.added.length ? `added ${named(v.added)}` : "",
      v.removed.length ? `removed ${named(v.removed)}` : ""
    ];
    return `${head} changed since this machine agreed to it: ${parts.filter(Boolean).join("; ")}; encrypted pushes are stopped until you run ${cli} keys accept (take the change) or ${cli} keys restore (undo it)`;
  }
  if (v.kind !== "unusable") return null;
  const back = v.removed.length ? `${cli} keys restore (puts back ${v.removed.map((r) => r.name).join(", ")})` : `${cli} keys restore on a machine that synced with it before`;
  return `${head} ${v.why}: it is never read as "encrypt to this machine alone"; encrypted pushes are stopped until you run ${back}`;
}

export {
  readOrNull,
  readPin,
  listedOf,
  judge,
  nextPin,
  verdictProblem
};
