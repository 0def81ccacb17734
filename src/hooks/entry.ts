// The light hook entry point (bundled alone to dist/hook.cjs) for every hook, which run often or
// with little time, and the idle push's waiter: it loads no settings validation and no sync engine.
// SessionStart loads the engine (dist/start.mjs) only when it must pull (startHook.ts).
// It always exits 0: a hook must never break a Claude Code session.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { idlePushWhenDue } from './idlePush.ts';
import { onPrompt } from './prompt.ts';
import { standsAside } from './twice.ts';
import type { HookInput } from './input.ts';
import { startSession } from './startHook.ts';

// Bundled as CommonJS: Node starts a CommonJS file faster than an ES module, and this runs
// after every response.
const event = process.argv[2] ?? '';
const cli = path.join(path.dirname(process.argv[1] ?? '.'), 'memsync.mjs');
const startUrl = pathToFileURL(path.join(path.dirname(cli), 'start.mjs')).href;

const tooOld = Number(process.versions.node.split('.')[0]) < 20;
// The same words as hooks/run.sh, which says them when no node, or none that can read this file, is on PATH.
const need =
  'memsync needs Node.js 20 or later on PATH (22.16 or later also syncs claude-mem with nothing else installed)';

// On a Node too old for memsync, SessionStart says so once; the other hooks stay quiet.
void runGuarded(memsyncHome(process.env), event, async () => {
  if (tooOld)
    return event === 'session-start'
      ? { systemMessage: `memsync: node on PATH is ${process.version}: ${need}; memory is not synced in this session` }
      : {};
  const input = inputOf(await readStdin(2000));
  const { cwd, session_id: session } = input;
  if (standsAside(process.env, claudeConfigDir(process.env)))
    return { log: `${event}: left to the memsync plugin's hook` };
  if (event === 'session-start') return startSession(input, process.env, cli, () => import(startUrl));
  if (event === 'stop') return onStop(cwd, process.env, cli);
  if (event === 'prompt') return onPrompt(session, cwd, process.env, cli);
  if (event === 'session-end') return onSessionEnd(cwd, process.env, cli, session);
  if (event === 'idle-push') return idlePushWhenDue(memsyncHome(process.env), process.env, cli);
  return {
    systemMessage: `memsync: dist/hook.cjs handles session-start, stop, prompt and session-end, not "${event}"`,
  };
})
  .catch(() => undefined)
  .finally(() => process.exit(0));

/** The fields memsync reads, without the schema's validation library (src/hooks/input.ts) in the bundle. */
function inputOf(text: string): HookInput {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object') return {};
    const o = v as Record<string, unknown>;
    return { cwd: str(o.cwd), session_id: str(o.session_id), source: str(o.source) };
  } catch {
    return {};
  }
}
