/**
 * Exact text forms for dates, times and datetimes. Dates are `YYYY-MM-DD`
 * strings and times `HH:MM:SS[.ffffff]` strings (no time zone, no rounding);
 * datetimes are UTC `Date`s.
 */

export type DateString = string;
export type TimeString = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

export function isDateString(v: unknown): v is DateString {
  return typeof v === "string" && DATE_RE.test(v);
}

export function isTimeString(v: unknown): v is TimeString {
  return typeof v === "string" && TIME_RE.test(v);
}

/** Return `YYYY-MM-DD` for a Date's UTC calendar day. */
export function dateToDateString(d: Date): DateString {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Normalise a time string to `HH:MM:SS` or `HH:MM:SS.ffffff` (Python's str(time)). */
export function normalizeTime(v: string): TimeString {
  const m = TIME_RE.exec(v.trim());
  if (!m) throw new RangeError(`Invalid time '${v}': expected HH:MM[:SS[.ffffff]]`);
  const frac = m[4] ? m[4].padEnd(6, "0") : "";
  const base = `${m[1]}:${m[2]}:${m[3] ?? "00"}`;
  return frac && Number(frac) !== 0 ? `${base}.${frac}` : base;
}

/**
 * Return the datetime as `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC — the text form
 * Django stores on SQLite. The fraction is written only when non-zero so that
 * text comparison orders values correctly.
 */
export function dateTimeToSqlText(d: Date): string {
  const base = `${dateToDateString(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms ? `${base}.${String(ms * 1000).padStart(6, "0")}` : base;
}

const DATETIME_TEXT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const ZERO = 48;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Fast path for the forms databases send: `YYYY-MM-DD HH:MM:SS`, an optional
 * fraction, and an optional `Z` / `+00` / `+00:00`. Undefined for anything else.
 */
function parseCommonDateTime(s: string): Date | undefined {
  const len = s.length;
  if (len < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58)
    return undefined;
  const sep = s.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || s.charCodeAt(16) !== 58) return undefined;
  let i = 19;
  let ms = 0;
  if (i < len && s.charCodeAt(i) === 46) {
    let scale = 100;
    i++;
    while (i < len) {
      const c = s.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms + 1e-9);
  }
  const rest = s.slice(i);
  if (rest !== "" && rest !== "Z" && rest !== "+00" && rest !== "+00:00" && rest !== "+0000")
    return undefined;
  const year = digits(s, 0, 4);
  const t = Date.UTC(
    year,
    digits(s, 5, 2) - 1,
    digits(s, 8, 2),
    digits(s, 11, 2),
    digits(s, 14, 2),
    digits(s, 17, 2),
    ms,
  );
  if (Number.isNaN(t) || year < 100) return undefined;
  return new Date(t);
}

/** Parse a database datetime text (UTC unless an offset is given). */
export function parseDateTimeText(s: string): Date {
  const fast = parseCommonDateTime(s);
  if (fast) return fast;
  const m = DATETIME_TEXT_RE.exec(s);
  if (!m) {
    if (DATE_RE.test(s)) return new Date(`${s}T00:00:00Z`);
    throw new RangeError(`Invalid datetime '${s}'`);
  }
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(9, "0")) / 1_000_000) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms);
  if (m[1].length === 4 && +m[1] < 100) {
    const d = new Date(t);
    d.setUTCFullYear(+m[1]);
    t = d.getTime();
  }
  const tz = m[8];
  if (tz && tz !== "Z") {
    const sign = tz[0] === "-" ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    t -= sign * offMin * 60_000;
  }
  return new Date(t);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
