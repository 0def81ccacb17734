/**
 * The folder name Claude Code uses under `<config>/projects/` for a path.
 *
 * Rule, read from the real binary (`@anthropic-ai/claude-code` 2.1.197, linux-x64; the
 * bundled functions are minified as `$E`/`fNu`/`jCe` with `rtt=200`) and checked by running
 * that binary in long and non-ASCII folders (see test/discover.test.ts for the keys it made):
 *
 *   function $E(e){let t=e.replace(/[^a-zA-Z0-9]/g,"-");if(t.length<=200)return t;
 *     return`${t.slice(0,200)}-${Math.abs(jCe(e)).toString(36)}`}
 *   function jCe(e){let t=0;for(let n=0;n<e.length;n++)t=(t<<5)-t+e.charCodeAt(n)|0;return t}
 *
 * That is: every UTF-16 code unit that is not an ASCII letter or digit becomes `-` (so an
 * emoji, two code units, becomes `--`); when the result is longer than 200 characters it is
 * cut to 200 and `-` plus the base-36 absolute value of a 32-bit `h*31 + c` hash of the
 * *original* path (over UTF-16 code units) is appended. The same rule appears in Claude
 * Code's leaked source as `sanitizePath`/`MAX_SANITIZED_LENGTH = 200` in
 * `src/utils/sessionStoragePortable.ts`, quoted in Untrivial-ai/agent-orchestrator PR #1612;
 * that source would use `Bun.hash` under Bun, but the shipped binary calls the 32-bit hash.
 * Claude Code 2.1.224's changelog mentions a fix for long paths that shared a directory
 * prefix; in 2.1.197 the only prefix logic is a lookup fallback that scans
 * `projects/<first 200 chars>-*`, so the naming rule is believed unchanged (not verified).
 */
export const MAX_SANITIZED_LENGTH = 200;

export function claudeProjectKey(absPath: string): string {
  const sanitized = absPath.replace(/[^a-zA-Z0-9]/g, '-');
  if (sanitized.length <= MAX_SANITIZED_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_SANITIZED_LENGTH)}-${Math.abs(claudePathHash(absPath)).toString(36)}`;
}

/** Java-style string hash over UTF-16 code units, wrapped to a signed 32-bit integer. */
function claudePathHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = ((h << 5) - h + s.charCodeAt(i)) | 0;
  return h;
}
