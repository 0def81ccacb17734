import { scanSecrets, type SecretFinding } from './scan.ts';

/** One released false positive: a repository path, and the line when only that line is released. */
export interface AllowEntry {
  path: string;
  line?: number;
}

/** `secrets.allow` entries are "PATH" (the whole file) or "PATH:LINE". */
export function parseAllow(entry: string): AllowEntry {
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? { path: m[1]!, line: Number(m[2]) } : { path: entry };
}

export function formatAllow(e: AllowEntry): string {
  return e.line === undefined ? e.path : `${e.path}:${e.line}`;
}

/** The findings of a file that the allow list does not release. */
export function unreleased(repoPath: string, findings: SecretFinding[], allow: readonly string[]): SecretFinding[] {
  const entries = allow.map(parseAllow).filter((e) => e.path === repoPath);
  if (entries.some((e) => e.line === undefined)) return [];
  const lines = new Set(entries.map((e) => e.line));
  return findings.filter((f) => !lines.has(f.line));
}

/** What keeps a file's content from being published: its findings not released by the allow list. */
export async function heldFindings(
  repoPath: string,
  content: Buffer,
  allow: readonly string[],
): Promise<SecretFinding[]> {
  const findings = await scanSecrets(content);
  return findings.length ? unreleased(repoPath, findings, allow) : findings;
}
