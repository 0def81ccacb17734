/**
 * (g) claude-mem row merge: two databases of 50,000 observations that share a base, 5,000 new
 * rows on each side; machine B merges A's published tables into its live database (snapshot,
 * reconcile, apply, FTS upkeep, quick check), and how long it holds SQLite's write lock (claude-mem's
 * worker waits meanwhile). Time and peak RSS are measured in a child
 * process; beside them the baseline of syncing by copying the file (a consistent VACUUM INTO
 * snapshot of A put in place of B's file), which loses B's side. Run alone with
 * `node --import tsx bench/claudeMem.ts`; `npm run bench` runs it after the file benchmarks.
 * BENCH_CPU_PROF=<dir> writes the measured children's CPU profiles there.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { tempDir, REPO_ROOT } from '../test/support/machines.ts';
import { claudeMemStore, type StoreAction } from '../test/support/claudeMem.ts';
import { openDatabase, readSnapshot } from '../src/claudeMem/snapshot.ts';
import { tableBytes } from '../src/claudeMem/rows.ts';
import { observationHash } from '../src/claudeMem/tables.ts';

const BASE_ROWS = 50_000;
const NEW_ROWS = 5_000;
const SESSIONS = 500;
const TIME_TARGET_MS = 5000;
const RSS_TARGET_MB = 300;

/** Observations written the way claude-mem writes them (its columns, a content hash), in one transaction. */
function addObservations(db: string, tag: string, from: number, n: number): void {
  const d = openDatabase(db);
  try {
    const ins = d.prepare(
      `INSERT INTO observations (memory_session_id, project, type, title, subtitle, facts, narrative, concepts,
         files_read, files_modified, prompt_number, created_at, created_at_epoch, content_hash)
       VALUES (?, 'widget', 'discovery', ?, ?, ?, ?, '["bench"]', '["src/a.ts"]', '[]', 1, ?, ?, ?)`,
    );
    d.transaction(() => {
      for (let i = from; i < from + n; i++) {
        const session = `memory-${i % SESSIONS}`;
        const title = `${tag} observation ${i}`;
        const narrative =
          `While working on ${tag} item ${i}, found that the cache key includes the locale; ` +
          `${'detail '.repeat(20)}`;
        const epoch = 1_700_000_000_000 + i;
        ins.run(
          session,
          title,
          `subtitle ${i}`,
          JSON.stringify([`fact ${i}`]),
          narrative,
          new Date(epoch).toISOString(),
          epoch,
          observationHash({ memory_session_id: session, title, narrative }),
        );
      }
    })();
    d.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    d.close();
  }
}

/** Writes a database's tables as memsync puts them on the remote, one file per table. */
function writeTables(db: string, dir: string): void {
  const d = openDatabase(db);
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [n, t] of readSnapshot(d).tables) fs.writeFileSync(path.join(dir, `${n}.jsonl`), tableBytes(t.rows));
  } finally {
    d.close();
  }
}

type ChildResult = { ms: number; cpuMs: number; lockMs: number; lockCpuMs: number; maxRssKb: number; rows: number };

function child(args: string[]): ChildResult {
  const out = execFileSync(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'bench', 'claudeMemChild.ts'),
      ...args,
    ],
    { cwd: REPO_ROOT },
  );
  return JSON.parse(out.toString()) as ChildResult;
}

export async function benchClaudeMem(): Promise<string[]> {
  const dir = tempDir('memsync-bench-claude-mem-');
  try {
    const t0 = performance.now();
    const base = path.join(dir, 'base', 'claude-mem.db');
    const sessions: StoreAction[] = Array.from({ length: SESSIONS }, (_, s) => ({
      kind: 'session',
      contentSessionId: `content-${s}`,
      memorySessionId: `memory-${s}`,
      project: 'widget',
      prompt: `prompt ${s}`,
    }));
    claudeMemStore(base, sessions);
    addObservations(base, 'base', 0, BASE_ROWS);
    const copyOf = (name: string) => {
      const f = path.join(dir, name, 'claude-mem.db');
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.copyFileSync(base, f);
      return f;
    };
    const a = copyOf('a');
    const b = copyOf('b');
    writeTables(base, path.join(dir, 'base-tables'));
    addObservations(a, 'a', BASE_ROWS, NEW_ROWS);
    addObservations(b, 'b', BASE_ROWS, NEW_ROWS);
    // A published first: the remote holds A's tables.
    writeTables(a, path.join(dir, 'remote-tables'));
    const setupMs = performance.now() - t0;

    const bCopy = copyOf('b-copy');
    fs.copyFileSync(b, bCopy);
    const bScan = copyOf('b-scan');
    fs.copyFileSync(b, bScan);
    const bDry = copyOf('b-dry');
    fs.copyFileSync(b, bDry);
    const digest = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
    const beforeDry = digest(bDry);
    const dry = child(['merge-dry', bDry, path.join(dir, 'base-tables'), path.join(dir, 'remote-tables')]);
    const dryWrote = digest(bDry) !== beforeDry || fs.existsSync(`${bDry}-wal`);
    const merge = child(['merge', b, path.join(dir, 'base-tables'), path.join(dir, 'remote-tables')]);
    const scanned = child(['merge-scan', bScan, path.join(dir, 'base-tables'), path.join(dir, 'remote-tables')]);
    const copy = child(['copy', bCopy, a]);
    const want = BASE_ROWS + 2 * NEW_ROWS;
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
    return [
      '',
      `(g) claude-mem row merge: ${BASE_ROWS.toLocaleString('en')} shared observations, ` +
        `${NEW_ROWS.toLocaleString('en')} new on each side (setup ${(setupMs / 1000).toFixed(1)} s, load average ` +
        `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)`,
      `    memsync rows merge (snapshot, reconcile, apply, FTS upkeep, quick check): ${merge.ms.toFixed(0)} ms ` +
        `(CPU ${merge.cpuMs.toFixed(0)} ms), peak RSS ${mb(merge.maxRssKb)}; observations after ` +
        `${merge.rows.toLocaleString('en')} of ${want.toLocaleString('en')}`,
      `    of it, SQLite's write lock held (one write transaction: the row writes and their checks): ` +
        `${merge.lockMs.toFixed(0)} ms (CPU ${merge.lockCpuMs.toFixed(0)} ms)`,
      `    the same with the secret scan of the 5,000 rows B publishes (as a sync does): ${scanned.ms.toFixed(0)} ms ` +
        `(CPU ${scanned.cpuMs.toFixed(0)} ms), peak RSS ${mb(scanned.maxRssKb)}; observations after ` +
        `${scanned.rows.toLocaleString('en')}`,
      `    its dry run (status, sync --dry-run: the row plan read, no write lock):         ${dry.ms.toFixed(0)} ms ` +
        `(CPU ${dry.cpuMs.toFixed(0)} ms), peak RSS ${mb(dry.maxRssKb)}; observations after ` +
        `${dry.rows.toLocaleString('en')}; database unchanged: ${dryWrote ? 'NO' : 'yes'}`,
      `    baseline: copy the file (VACUUM INTO of A over B):                            ${copy.ms.toFixed(0)} ms ` +
        `(CPU ${copy.cpuMs.toFixed(0)} ms), peak RSS ${mb(copy.maxRssKb)}; observations after ` +
        `${copy.rows.toLocaleString('en')} (loses ${(want - copy.rows).toLocaleString('en')})`,
      `    -> merge ${(merge.ms / copy.ms).toFixed(1)}x the copy's time; targets <= ${TIME_TARGET_MS / 1000} s: ` +
        `${merge.ms <= TIME_TARGET_MS ? 'MET' : 'NOT met'}, <= ${RSS_TARGET_MB} MB: ` +
        `${merge.maxRssKb / 1024 <= RSS_TARGET_MB ? 'MET' : 'NOT met'}; nothing lost: ` +
        `${merge.rows === want ? 'yes' : 'NO'}`,
    ];
  } finally {
    if (process.env.BENCH_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  console.log((await benchClaudeMem()).join('\n'));
}
