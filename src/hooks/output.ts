/** Claude Code caps each hook output string at 10,000 characters. */
export const OUTPUT_CAP = 10_000;

export interface HookOutput {
  /** Given to the model (SessionStart and UserPromptSubmit only). */
  additionalContext?: string;
  /** Shown to the user: one clear line. */
  systemMessage?: string;
  /** An open-conflicts line, shown to both. */
  conflictsLine?: string;
  /** Detail for the log only. */
  log?: unknown;
}

/** The JSON Claude Code reads from a hook's stdout, or '' when there is nothing to say. */
export function renderHookOutput(event: string, out: HookOutput): string {
  const json: Record<string, unknown> = {};
  const message = [out.systemMessage, out.conflictsLine].filter(Boolean).join('\n');
  if (message) json.systemMessage = cap(message);
  if (event === 'SessionStart' || event === 'UserPromptSubmit') {
    const context = [out.additionalContext, out.conflictsLine].filter(Boolean).join('\n\n');
    if (context) json.hookSpecificOutput = { hookEventName: event, additionalContext: cap(context) };
  }
  return Object.keys(json).length ? JSON.stringify(json) : '';
}

function cap(s: string): string {
  return s.length <= OUTPUT_CAP ? s : `${s.slice(0, OUTPUT_CAP - 1)}…`;
}
