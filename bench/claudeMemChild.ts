/**
 * One measured run for bench/claudeMem.ts, alone in its process so its peak RSS is its own:
 *   merge <db> <base dir> <remote dir>     memsync's row merge into <db> (dirs of <table>.jsonl)
 *   merge-scan ...                         the same with the secret scan of outgoing rows
 *   merge-dry ...                          the dry run of merge-scan (status): its row plan only read
 *   copy <db> <source db>                  the baseline: a VACUUM INTO snapshot of the source put in place of <db>
 * Prints {ms, cpuMs, lockMs, lockCpuMs, maxRssKb, rows} (rows: observations in <db> afterwards; lockMs,
 * lockCpuMs: the row apply's time and CPU: SQLite's write lock held, but for merge-dry).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyDbReport, type DbReport } from '../src/claudeMem/report.ts';
import { mergeDatabase } from '../src/claudeMem/mergeDatabase.ts';
import { scanRows } from '../src/claudeMem/source.ts';
import { openDatabase } from '../src/claudeMem/snapshot.ts';
import { realDbEffects } from '../src/claudeMem/effects.ts';
import { recordingDbEffects } from '../src/engine/effects/recorder.ts';

const [what, db, x, y] = process.argv.slice(2) as [string, string, string, string];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let lockMs = 0;
let lockCpuMs = 0;
if (what.startsWith('merge')) {
  const report: DbReport = emptyDbReport('rows', db);
  const d = openDatabase(db);
  try {
    // The base as memsync keeps it (a file it reads as it goes), the remote as git hands it over (bytes).
    const base = new Map(fs.readdirSync(x).map((f) => [f.replace(/\.jsonl$/, ''), { path: `${x}/${f}` }]));
    const remote = new Map(fs.readdirSync(y).map((f) => [f.replace(/\.jsonl$/, ''), fs.readFileSync(`${y}/${f}`)]));
    // merge-scan: outgoing rows also go through the secret scan, as in a sync.
    const holdBack =
      what !== 'merge'
        ? async (_table: string, lines: string[]) => (await scanRows(lines)).map((f) => f.row)
        : undefined;
    const real = what === 'merge-dry' ? recordingDbEffects() : realDbEffects(path.dirname(db));
    // How long the write transaction holds SQLite's write lock (claude-mem's worker waits meanwhile).
    const fx: typeof real = {
      ...real,
      applyRows: (d, tables, actions, target) => {
        const start = performance.now();
        const cpuStart = process.cpuUsage();
        try {
          return real.applyRows(d, tables, actions, target);
        } finally {
          lockMs += performance.now() - start;
          const used = process.cpuUsage(cpuStart);
          lockCpuMs += (used.user + used.system) / 1000;
        }
      },
    };
    await mergeDatabase(
      d,
      { base, remote, conflicts: {}, resolution: null, columns: {}, mode: 'sync', holdBack, massDeletePercent: 50 },
      fx,
      report,
    );
  } finally {
    d.close();
  }
} else {
  const src = openDatabase(x);
  const tmp = `${db}.snapshot`;
  src.prepare('VACUUM INTO ?').run(tmp);
  src.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, db);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const d = openDatabase(db);
const rows = (d.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
d.close();
process.stdout.write(JSON.stringify({ ms, cpuMs, lockMs, lockCpuMs, maxRssKb: process.resourceUsage().maxRSS, rows }));
