// Run under Bun by test/support/claudeMem.ts: drives claude-mem's own SessionStore (its real
// migrations and write/read methods) on one database. Input: JSON on stdin; output: JSON on stdout.
const path = require('node:path');
const { SessionStore } = require(path.join(process.env.CLAUDE_MEM_PACKAGE, 'plugin', 'sqlite', 'SessionStore.js'));

const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const store = new SessionStore(input.db);
const out = {};
for (const a of input.actions ?? []) {
  if (a.kind === 'session') {
    const id = store.createSDKSession(a.contentSessionId, a.project, a.prompt);
    store.updateMemorySessionId(id, a.memorySessionId);
    store.saveUserPrompt(a.contentSessionId, 1, a.prompt);
  } else if (a.kind === 'prompt') {
    store.saveUserPrompt(a.contentSessionId, a.promptNumber, a.text);
  } else if (a.kind === 'observation') {
    store.storeObservation(a.memorySessionId, a.project, a.observation, a.promptNumber);
  } else if (a.kind === 'summary') {
    store.storeSummary(a.memorySessionId, a.project, a.summary, a.promptNumber);
  } else throw new Error(`unknown action ${a.kind}`);
  // A writer that keeps going while a sync runs (the concurrent-writer test).
  if (input.pauseMs) Bun.sleepSync(input.pauseMs);
}
if (input.read) {
  // Everything through the store's own read methods (ids listed first).
  const ids = (t) =>
    store.db
      .prepare(`SELECT id FROM ${t} ORDER BY id`)
      .all()
      .map((r) => r.id);
  const sessions = ids('sdk_sessions').map((id) => store.getSessionById(id));
  out.sessions = sessions;
  out.observations = store.getObservationsByIds(ids('observations'), { orderBy: 'date_asc' });
  out.summaries = store.getSessionSummariesByIds(ids('session_summaries'), { orderBy: 'date_asc' });
  out.prompts = store.getUserPromptsByIds(ids('user_prompts'), { orderBy: 'date_asc' });
  out.perSession = Object.fromEntries(
    sessions
      .filter((s) => s?.memory_session_id)
      .map((s) => [s.memory_session_id, store.getObservationsForSession(s.memory_session_id).map((o) => o.title)]),
  );
}
store.close();
process.stdout.write(JSON.stringify(out));
