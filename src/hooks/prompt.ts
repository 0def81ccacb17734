import path from 'node:path';
import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { readChanges, type LiveChange } from './liveChanges.ts';
import { ensurePoller } from './livePullStart.ts';
import { readSession, touchSession, writeSession } from './liveSessions.ts';
import { readText } from './readText.ts';
import { OUTPUT_CAP, type HookOutput } from './output.ts';
import { readHookToggles } from './toggles.ts';

// UserPromptSubmit: light on purpose (local state only: no git, no network, no settings
// validation), because it runs before every prompt; its additionalContext reaches that turn's
// model request.

/**
 * Hands the session what the live pull (livePull.ts) wrote into its project's memory since
 * the session last saw it, once per change, and starts the live pull if it is not running.
 */
export async function onPrompt(
  sessionId: string | undefined,
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
  cliScript: string,
): Promise<HookOutput> {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt) return {};
  const poller = t.livePullSeconds ? await ensurePoller(home, env, cliScript) : 'off';
  const mark = readSession(home, sessionId);
  const log = readChanges(home);
  // A session memsync did not see start (or a log begun again) starts from here.
  if (!mark || mark.seen > log.seq) {
    writeSession(home, sessionId, { seen: log.seq }, env);
    return poller === 'started' ? { log: 'prompt: live pull started' } : {};
  }
  touchSession(home, sessionId);
  if (mark.seen === log.seq) return poller === 'started' ? { log: 'prompt: live pull started' } : {};
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const fresh = log.changes.filter((c) => c.seq > mark.seen);
  const ours = memDir ? fresh.filter((c) => c.paths.some((p) => p.startsWith(memDir + path.sep))) : [];
  const index = memDir ? readText(path.join(memDir, 'MEMORY.md'))?.split('\n') : undefined;
  writeSession(home, sessionId, { seen: log.seq, index: index ?? mark.index }, env);
  if (!memDir || !ours.length) return {};
  return {
    additionalContext: liveContext(memDir, ours, mark.index, index),
    log: `prompt: handed over ${ours.length} live pull${ours.length === 1 ? '' : 's'}`,
  };
}

/** What changed in the project's memory, from which machines, within the output cap. */
function liveContext(memDir: string, changes: LiveChange[], seenIndex?: string[], index?: string[]): string {
  const hosts = [...new Set(changes.flatMap((c) => c.hosts))];
  const files = [...new Set(changes.flatMap((c) => c.paths))].filter((p) => p.startsWith(memDir + path.sep));
  const indexFile = path.join(memDir, 'MEMORY.md');
  const parts = [
    `memsync pulled memory for this project${hosts.length ? ` from ${hosts.join(', ')}` : ''} while this ` +
      `session ran. These files are now as below; this replaces any earlier copy of them in this conversation.`,
  ];
  if (files.includes(indexFile) && index) {
    const seen = new Set(seenIndex ?? []);
    const added = seenIndex ? index.filter((l) => l.trim() && !seen.has(l)) : index;
    if (added.length) parts.push(`New or changed lines of ${indexFile}:\n${added.join('\n')}`);
  }
  const rest: string[] = [];
  for (const f of files.filter((p) => p !== indexFile)) {
    const text = readText(f);
    const part = text === null ? `${f} was deleted.` : `${f}:\n${text}`;
    if (parts.join('\n\n').length + part.length + 400 < OUTPUT_CAP) parts.push(part);
    else rest.push(f);
  }
  if (rest.length) parts.push(`Also changed, too long to show here (read them with the Read tool): ${rest.join(', ')}`);
  return parts.join('\n\n');
}
