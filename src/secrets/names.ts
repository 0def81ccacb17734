/**
 * Secrets in what leaves the machine besides a file's content: file names (in the remote's tree and
 * the commit message), a commit message given with `--message`, the host name memsync writes into
 * commits and conflict copies. A name holding one is shown only with the secret masked.
 */
import { UsageError } from '../errors.ts';
import { findSecrets, type SecretFinding } from './scan.ts';

/** What may be shown of `text`: each secret masked; none of it when a secret hides behind invisible characters. */
function shownOf(text: string, found: readonly { secret: string; masked: string }[]): string {
  if (found.some((f) => !text.includes(f.secret))) return `<${text.length} characters holding a secret>`;
  return found.reduce((s, f) => s.split(f.secret).join(f.masked), text);
}

/**
 * The findings in each name that holds a secret, at line 0 ("in its name"), with `shown`, the name
 * masked. One scan for all the names.
 */
export async function secretsInNames(names: readonly string[]): Promise<Map<string, SecretFinding[]>> {
  const out = new Map<string, SecretFinding[]>();
  if (!names.length) return out;
  const found = await findSecrets(names.map((n) => n.replace(/[\r\n]/g, ' ')).join('\n'));
  const byLine = new Map<number, typeof found>();
  for (const f of found) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  for (const [line, fs] of byLine) {
    const name = names[line - 1]!;
    const shown = shownOf(name, fs);
    out.set(
      name,
      fs.map(({ rule, masked }) => ({ line: 0, rule, masked, shown })),
    );
  }
  return out;
}

/** Stops before anything leaves when `text` (a commit message, a host name) holds a secret. */
export async function refuseSecretIn(what: string, text: string | undefined, fix: string): Promise<void> {
  if (!text) return;
  const found = await findSecrets(text);
  if (!found.length) return;
  const f = found[0]!;
  throw new UsageError(`${what} holds a secret (${f.rule}: ${f.masked}): nothing was published`, fix);
}

/** This machine's name goes into every commit, the encrypted remote's recipients and conflict copies. */
export async function refuseSecretInHost(host: string): Promise<void> {
  const fix = 'name this machine otherwise: hostname in settings.json, or MEMSYNC_HOSTNAME';
  await refuseSecretIn("this machine's name (hostname)", host, fix);
}
