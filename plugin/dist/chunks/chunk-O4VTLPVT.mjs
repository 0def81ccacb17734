import {
  findSecrets
} from "./chunk-EJMOQQBX.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/secrets/names.ts
function shownOf(text, found) {
  if (found.some((f) => !text.includes(f.secret))) return `<${text.length} characters holding a secret>`;
  return found.reduce((s, f) => s.split(f.secret).join(f.masked), text);
}
async function secretsInNames(names) {
  const out = /* @__PURE__ */ new Map();
  if (!names.length) return out;
  const found = await findSecrets(names.map((n) => n.replace(/[\r\n]/g, " ")).join("\n"));
  const byLine = /* @__PURE__ */ new Map();
  for (const f of found) byLine.set(f.line, [...byLine.get(f.line) ?? [], f]);
  for (const [line, fs] of byLine) {
    const name = names[line - 1];
    const shown = shownOf(name, fs);
    out.set(
      name,
      fs.map(({ rule, masked }) => ({ line: 0, rule, masked, shown }))
    );
  }
  return out;
}
async function refuseSecretIn(what, text, fix) {
  if (!text) return;
  const found = await findSecrets(text);
  if (!found.length) return;
  const f = found[0];
  throw new UsageError(`${what} holds a secret (${f.rule}: ${f.masked}): nothing was published`, fix);
}
async function refuseSecretInHost(host) {
  const fix = "name this machine otherwise: hostname in settings.json, or MEMSYNC_HOSTNAME";
  await refuseSecretIn("this machine's name (hostname)", host, fix);
}

export {
  secretsInNames,
  refuseSecretIn,
  refuseSecretInHost
};
