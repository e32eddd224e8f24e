import { AsyncLocalStorage } from "node:async_hooks";
import { TangoError } from "../errors.js";
import { type QueryLogEntry, queryLogSetting } from "./config.js";

const captures = new AsyncLocalStorage<QueryLogEntry[][]>();

/** Record one executed statement: into every active capture, and to the opt-in log. */
/** Is anyone listening (a capture or the query log)? Building entries costs; skip it when not. */
export function queryLogActive(): boolean {
  return captures.getStore() !== undefined || Boolean(queryLogSetting());
}

export function recordQuery(entry: QueryLogEntry): void {
  const lists = captures.getStore();
  if (lists) for (const l of lists) l.push(entry);
  const log = queryLogSetting();
  if (typeof log === "function") log(entry);
  else if (log)
    process.stderr.write(
      `[tango ${entry.database} ${entry.ms.toFixed(2)}ms] ${entry.sql} ${JSON.stringify(entry.params, jsonSafe)}\n`,
    );
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}

export interface CapturedQueries<T> {
  result: T;
  /** Statements run inside `fn`, transaction control (BEGIN/COMMIT/SAVEPOINT) excluded. */
  queries: QueryLogEntry[];
  /** Every statement, transaction control and cursor steps included. */
  allStatements: QueryLogEntry[];
}

/**
 * Run `fn` and return what it returned with every statement it sent
 * (nested captures each see all statements). Follows async calls.
 *
 * @example
 * const { result, queries } = await captureQueries(() => Book.objects.filter({ pages__gt: 300 }));
 */
export async function captureQueries<T>(fn: () => Promise<T> | T): Promise<CapturedQueries<T>> {
  const list: QueryLogEntry[] = [];
  const outer = captures.getStore() ?? [];
  const result = await captures.run([...outer, list], async () => await fn());
  return {
    result,
    queries: list.filter((q) => !q.transaction && !q.cursor),
    allStatements: list,
  };
}

export class AssertionError extends TangoError {
  override readonly code: string = "ASSERTION";
}

/** Throw unless `fn` runs exactly `n` queries (transaction control not counted); returns fn's result. */
export async function assertNumQueries<T>(n: number, fn: () => Promise<T> | T): Promise<T> {
  const { result, queries } = await captureQueries(fn);
  if (queries.length !== n) {
    const listing = queries.map((q, i) => `  ${i + 1}. ${q.sql}`).join("\n");
    throw new AssertionError(
      `${queries.length} queries executed, ${n} expected\nCaptured queries were:\n${listing}`,
    );
  }
  return result;
}
