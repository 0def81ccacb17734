// A session writing in memsync's write window: watches a folder (inotify, through fs.watch) and,
// the moment a name matching `match` appears, moves or changes there, waits `delayMs` (a busy wait:
// no timer's slack) and appends `line` to `target`, as Claude Code appends to a memory file.
// Usage: node windowWatcher.mjs '{"dir":..,"match":..,"target":..,"line":..,"delayMs":0}'
// Prints `ready` once watching and `fired` once it appended; exits 2 if nothing came in 120 s.
import fs from 'node:fs';

const { dir, match, target, line, delayMs } = JSON.parse(process.argv[2]);
const re = new RegExp(match);
const watcher = fs.watch(dir, (_event, name) => {
  if (!name || !re.test(name)) return;
  watcher.close();
  const until = performance.now() + (delayMs ?? 0);
  while (performance.now() < until);
  fs.appendFileSync(target, line);
  process.stdout.write('fired\n');
  process.exit(0);
});
process.stdout.write('ready\n');
setTimeout(() => process.exit(2), 120_000).unref();
