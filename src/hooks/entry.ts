// The light hook entry point (bundled alone to dist/hook.cjs) for Stop, UserPromptSubmit and
// SessionEnd, which run often or with little time, and the idle push's waiter: it loads no settings validation, no git
// and no sync engine.
// SessionStart runs through the full CLI (`dist/memsync.mjs hook session-start`).
// It always exits 0: a hook must never break a Claude Code session.
import path from 'node:path';
import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { idlePushWhenDue } from './idlePush.ts';
import { onPrompt } from './prompt.ts';
import { standsAside } from './twice.ts';

// Bundled as CommonJS: Node starts a CommonJS file faster than an ES module, and this runs
// after every response.
const event = process.argv[2] ?? '';
const cli = path.join(path.dirname(process.argv[1] ?? '.'), 'memsync.mjs');

const tooOld = Number(process.versions.node.split('.')[0]) < 20;

// On a Node too old for memsync, SessionStart (hooks/run.sh) has said so: stay quiet here.
void runGuarded(memsyncHome(process.env), event, async () => {
  if (tooOld) return {};
  const { cwd, session } = inputOf(await readStdin(2000));
  if (standsAside(process.env, claudeConfigDir(process.env)))
    return { log: `${event}: left to the memsync plugin's hook` };
  if (event === 'stop') return onStop(cwd, process.env, cli);
  if (event === 'prompt') return onPrompt(session, cwd, process.env, cli);
  if (event === 'session-end') return onSessionEnd(cwd, process.env, cli, session);
  if (event === 'idle-push') return idlePushWhenDue(memsyncHome(process.env), process.env, cli);
  return { systemMessage: `memsync: dist/hook.cjs handles stop, prompt and session-end, not "${event}"` };
})
  .catch(() => undefined)
  .finally(() => process.exit(0));

/** Only `cwd` and `session_id` are needed here; the full hook input schema (src/hooks/input.ts) is for SessionStart. */
function inputOf(text: string): { cwd?: string; session?: string } {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object') return {};
    const o = v as { cwd?: unknown; session_id?: unknown };
    return { cwd: str(o.cwd), session: str(o.session_id) };
  } catch {
    return {};
  }
}
