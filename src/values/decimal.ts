import decimalModule from "decimal.js";

// decimal.js ships CommonJS-style typings for an ES module whose default export is the class.
const DecimalJs = decimalModule as unknown as typeof decimalModule.Decimal;
type DecimalJs = InstanceType<typeof decimalModule.Decimal>;

/**
 * The exact decimal type Tango returns for decimal fields and accepts for
 * them. A private clone of decimal.js with Python's default context
 * (28 significant digits, banker's rounding), so arithmetic on values read
 * from the database behaves as Django's `decimal.Decimal` does.
 */
export const Decimal = DecimalJs.clone({ precision: 28, rounding: DecimalJs.ROUND_HALF_EVEN });
export type Decimal = DecimalJs;

export function isDecimal(v: unknown): v is Decimal {
  return DecimalJs.isDecimal(v);
}

const WORD = 7;
type Fields = { s: number; e: number; d: number[]; constructor: unknown };

/**
 * The Decimal equal to `n · 10^-places` for a safe integer `n`, built
 * directly in decimal.js's representation (sign `s`, exponent `e` of the
 * first digit, base-1e7 words `d`): reading rows makes one per decimal
 * column value, and parsing text costs several times more. Checked against
 * `new Decimal(text)` by the test suite.
 */
export function decimalFromScaled(n: number, places: number): Decimal {
  const x = Object.create(Decimal.prototype) as Fields;
  x.constructor = Decimal;
  x.s = n < 0 || Object.is(n, -0) ? -1 : 1;
  let digits = String(Math.abs(n));
  if (digits === "0") {
    x.e = 0;
    x.d = [0];
    return x as unknown as Decimal;
  }
  const e = digits.length - 1 - places;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  // The first word holds the digits down to the units place of a multiple of 10^7.
  const first = (((e % WORD) + WORD) % WORD) + 1;
  const d: number[] = [];
  let i = Math.min(first, digits.length);
  d.push(Number(digits.slice(0, i).padEnd(first, "0")));
  for (; i < digits.length; i += WORD) d.push(Number(digits.slice(i, i + WORD).padEnd(WORD, "0")));
  x.e = e;
  x.d = d;
  return x as unknown as Decimal;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parse decimal text, taking the fast path when it has at most 15 digits. */
export function decimalFromText(text: string): Decimal {
  const m = PLAIN.exec(text);
  if (m) {
    const frac = m[3] ?? "";
    const all = m[2] + frac;
    if (all.length <= 15) {
      const n = Number(all);
      return decimalFromScaled(m[1] ? (n === 0 ? -0 : -n) : n, frac.length);
    }
  }
  return new Decimal(text);
}
