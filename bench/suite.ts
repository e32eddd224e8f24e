import { Count, captureQueries, Sum } from "../src/index.js";
import type { Scenario } from "./harness.js";
import { BenchCategory, BenchItem, CATEGORIES } from "./model.js";

/** One dialect's scenarios and how their baselines were made. */
export interface Suite {
  readonly scenarios: readonly Scenario[];
  readonly baseline: string;
  close(): Promise<void>;
}

/** The Tango side of the get scenario: one awaited get({ pk }) per id. */
export async function tangoGetLoop(ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const id of ids) if (await BenchItem.objects.get({ pk: id })) n++;
  return n;
}

/** Calls in the aggregate() loop scenario. */
export const AGGREGATE_CALLS = 2000;

/** The category ids the aggregate() loop cycles through. */
export function aggregateCategory(i: number): number {
  return (i % CATEGORIES) + 1;
}

/** The Tango side of the aggregate loop: one filtered aggregate() per call. */
export async function tangoAggregateLoop(): Promise<number> {
  let n = 0;
  for (let i = 0; i < AGGREGATE_CALLS; i++) {
    const r = await BenchItem.objects
      .filter({ categoryId: aggregateCategory(i) })
      .aggregate({ n: Count("id"), total: Sum("quantity") });
    n += r.n;
  }
  return n;
}

/** Per-category counts and sums over the reverse relation (GROUP BY the category). */
export function tangoPerCategory() {
  return BenchCategory.objects.annotate({
    n: Count("benchItem"),
    total: Sum("benchItem__price"),
  });
}

/** The SQL Tango sends for the two aggregation scenarios (the baselines run the same text). */
export async function aggregationSql(): Promise<{ perCategory: string; aggregate: string }> {
  const { queries } = await captureQueries(() =>
    BenchItem.objects
      .filter({ categoryId: 1 })
      .aggregate({ n: Count("id"), total: Sum("quantity") }),
  );
  return { perCategory: tangoPerCategory().sql().sql, aggregate: queries[0].sql };
}
