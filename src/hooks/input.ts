import * as z from 'zod';

/** What Claude Code sends every hook on stdin; unknown fields are kept (they vary by event and version). */
const HookInputSchema = z
  .object({
    session_id: z.string().optional(),
    transcript_path: z.string().optional(),
    cwd: z.string().optional(),
    hook_event_name: z.string().optional(),
    source: z.string().optional(),
    reason: z.string().optional(),
  })
  .passthrough();
export type HookInput = z.infer<typeof HookInputSchema>;

/** Parses hook input leniently: a hook must work even when the input is missing or odd. */
export function parseHookInput(text: string): HookInput {
  try {
    const parsed = HookInputSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
