import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/util/when.ts
var FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
var DATE_FORM = "YYYY-MM-DD (00:00 UTC that day) or YYYY-MM-DDTHH:MM[:SS] (UTC unless it ends with Z or +HH:MM)";
function parseWhen(flag, s) {
  const m = FORM.exec(s.trim());
  const example = `e.g. ${flag} 2026-05-01 or ${flag} 2026-05-01T14:30:00Z`;
  const bad = () => new UsageError(`${flag} ${s}: not a date: expected ${DATE_FORM}`, example);
  if (!m) throw bad();
  const [, y, mo, d, h = "00", mi = "00", sec = "00", frac = "", zone = "Z"] = m;
  const tz = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${tz}`;
  const when = new Date(iso);
  const day = /* @__PURE__ */ new Date(`${y}-${mo}-${d}T00:00:00Z`);
  const realDay = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === `${y}-${mo}-${d}`;
  if (Number.isNaN(when.getTime()) || !realDay || +h > 23 || +mi > 59 || +sec > 59) throw bad();
  return when;
}

export {
  DATE_FORM,
  parseWhen
};
