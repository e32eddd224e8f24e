import type Database from "better-sqlite3";

/**
 * SQLite has no STDDEV/VARIANCE aggregates; Django registers Python ones
 * under the standard names, and so does Tango (Welford's online algorithm,
 * NULLs ignored, NULL over fewer rows than the form needs), with an inverse
 * step so they also work over window frames (Django's do not).
 */
export function registerStatistics(db: Database.Database): void {
  const make = (name: string, sample: boolean, root: boolean) =>
    db.aggregate(name, {
      start: () => ({ n: 0, mean: 0, m2: 0 }),
      step: (s: { n: number; mean: number; m2: number }, v: unknown) => {
        if (v === null || v === undefined) return s;
        const x = Number(v);
        const n = s.n + 1;
        const delta = x - s.mean;
        const mean = s.mean + delta / n;
        return { n, mean, m2: s.m2 + delta * (x - mean) };
      },
      // Removing a row (a window frame moving on) lets SQLite use these as window functions.
      inverse: (s: { n: number; mean: number; m2: number }, v: unknown) => {
        if (v === null || v === undefined) return s;
        const x = Number(v);
        const n = s.n - 1;
        if (n === 0) return { n: 0, mean: 0, m2: 0 };
        const mean = (s.n * s.mean - x) / n;
        return { n, mean, m2: s.m2 - (x - mean) * (x - s.mean) };
      },
      result: (s: { n: number; mean: number; m2: number }) => {
        const d = sample ? s.n - 1 : s.n;
        if (d <= 0) return null;
        const variance = s.m2 / d;
        return root ? Math.sqrt(variance) : variance;
      },
    });
  make("STDDEV_POP", false, true);
  make("STDDEV_SAMP", true, true);
  make("VAR_POP", false, false);
  make("VAR_SAMP", true, false);
}
