import { captureQueries } from "../../src/index.js";
import type { DialectName } from "../harness/case.js";

/** One column of values() rows, in order. */
export async function column<T>(
  qs: PromiseLike<readonly Record<string, T>[]>,
  name: string,
): Promise<T[]> {
  return (await qs).map((r) => r[name]);
}

/** The error a query raises (or null), and how many statements reached the database. */
export async function failure(
  run: () => PromiseLike<unknown>,
): Promise<{ error: unknown; queries: number }> {
  const { result, queries } = await captureQueries(async () => {
    try {
      await run();
      return null;
    } catch (e) {
      return e;
    }
  });
  return { error: result, queries: queries.length };
}

/** The expected value on this dialect (one per dialect, typed so none is forgotten). */
export function per<T>(dialect: DialectName, values: Record<DialectName, T>): T {
  return values[dialect];
}

/** Values in decimal text (`Decimal` → "12.5"), for comparing decimal columns. */
export function asText(values: readonly unknown[]): (string | null)[] {
  return values.map((v) => (v === null || v === undefined ? null : String(v)));
}
