/**
 * The secret scan of a whole-database snapshot (file mode): every text value of every table, one
 * scan for all of them, each finding named by table, row and column with the secret masked.
 */
import { scanSecrets } from '../secrets/scan.ts';
import { withSnapshot } from './dbFile.ts';
import { quoteId } from './snapshot.ts';

export interface DbSecret {
  /** "observations row 4 (narrative)". */
  where: string;
  rule: string;
  masked: string;
}

export async function snapshotSecrets(content: Buffer, tmp: string): Promise<DbSecret[]> {
  const values: string[] = [];
  // For each value, where it is and the line of the scanned text it starts on.
  const places: { where: string; line: number }[] = [];
  let line = 1;
  withSnapshot(content, tmp, (db) => {
    // Virtual tables (full-text indexes) read from their content table: scanned there.
    const sql = `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`;
    const tables = db.prepare(sql).all() as { name: string }[];
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM ${quoteId(name)}`).all() as Record<string, unknown>[];
      rows.forEach((row, i) => {
        for (const [column, v] of Object.entries(row)) {
          const text = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : null;
          if (!text) continue;
          values.push(text);
          const id = typeof row.id === 'number' ? `id ${row.id}` : i + 1;
          places.push({ where: `${name} row ${id} (${column})`, line });
          line += countLines(text);
        }
      });
    }
  });
  if (!values.length) return [];
  const found = await scanSecrets(values.join('\n'));
  return found.map((f) => ({ where: placeOf(places, f.line), rule: f.rule, masked: f.masked }));
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The value a line of the scanned text belongs to (places are in line order). */
function placeOf(places: readonly { where: string; line: number }[], line: number): string {
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (places[mid]!.line <= line) lo = mid;
    else hi = mid - 1;
  }
  return places[lo]!.where;
}
