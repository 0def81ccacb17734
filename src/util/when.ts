import { UsageError } from '../errors.ts';

const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** What every DATE option says in the help and in its errors: one meaning everywhere. */
export const DATE_FORM =
  'YYYY-MM-DD (00:00 UTC that day) or YYYY-MM-DDTHH:MM[:SS] (UTC unless it ends with Z or +HH:MM)';

/**
 * Parses a DATE option (`--since`, `--at`): a date alone is 00:00 UTC that day, a time without a
 * zone is UTC (as `memsync log` prints times). Words such as "yesterday" are refused, as are
 * dates that do not exist (2026-02-30).
 */
export function parseWhen(flag: string, s: string): Date {
  const m = FORM.exec(s.trim());
  const example = `e.g. ${flag} 2026-05-01 or ${flag} 2026-05-01T14:30:00Z`;
  const bad = () => new UsageError(`${flag} ${s}: not a date: expected ${DATE_FORM}`, example);
  if (!m) throw bad();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const tz = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${tz}`;
  const when = new Date(iso);
  // Round trip of the calendar part: Date rolls 2026-02-30 over to March instead of failing.
  const day = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  const realDay = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === `${y}-${mo}-${d}`;
  if (Number.isNaN(when.getTime()) || !realDay || +h > 23 || +mi > 59 || +sec > 59) throw bad();
  return when;
}
