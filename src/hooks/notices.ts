/**
 * What the user must hear once per session at SessionStart (which also runs on resume, clear and
 * compact): claude-mem's database cannot be synced here, memsync's hooks are installed twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { claudeConfigDir } from '../config/paths.ts';
import { twiceLine } from './twice.ts';
import { readJsonObject } from '../util/readJson.ts';

/** The notices not yet given in this session (one line each: `first`, then its own), recorded as given. */
export function sessionNotices(
  home: string,
  env: NodeJS.ProcessEnv,
  sessionId: string | undefined,
  cli: string,
  first: string[] = [],
): string[] {
  const lines = [...first];
  const twice = twiceLine(env, claudeConfigDir(env), cli);
  if (twice) lines.push(twice);
  return unsaid(home, sessionId, lines);
}

function unsaid(home: string, sessionId: string | undefined, lines: string[]): string[] {
  if (!lines.length || !sessionId) return lines;
  const file = path.join(home, 'state', 'session-notices.json');
  // None recorded: say everything.
  const v = readJsonObject(file);
  const said =
    v?.session === sessionId && Array.isArray(v.said) ? v.said.filter((x): x is string => typeof x === 'string') : [];
  const fresh = lines.filter((l) => !said.includes(l));
  if (fresh.length) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ session: sessionId, said: [...said, ...fresh] })}\n`);
  }
  return fresh;
}
