import { AsyncLocalStorage } from "node:async_hooks";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { NPlusOneError } from "../errors.js";
import { type NPlusOneOptions, nPlusOneSetting } from "./config.js";

export type { NPlusOneOptions };

/** One repeated query shape, as reported. */
export interface NPlusOneReport {
  /** The statement text without its values (the same for every row of the loop). */
  readonly shape: string;
  readonly database: string;
  /** How many times the scope ran it (when reported: the final count in warn mode). */
  readonly count: number;
  readonly threshold: number;
  /** The first stack frame outside Tango when the threshold was passed (`file:line:column`). */
  readonly callSite: string | undefined;
  /** What to write instead. */
  readonly fix: string;
}

interface ShapeCount {
  count: number;
  callSite: string | undefined;
}

interface Scope {
  readonly mode: "warn" | "throw";
  readonly threshold: number;
  readonly logger: (message: string) => void;
  readonly shapes: Map<string, ShapeCount>;
}

const DEFAULT_THRESHOLD = 5;
const scopes = new AsyncLocalStorage<Scope>();

function newScope(options: NPlusOneOptions): Scope {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new TypeError(`threshold must be a positive integer (got ${String(threshold)}).`);
  const mode = options.mode ?? "warn";
  if (mode !== "warn" && mode !== "throw")
    throw new TypeError(`mode must be "warn" or "throw" (got ${String(mode)}).`);
  return {
    mode,
    threshold,
    logger: options.logger ?? ((m) => console.warn(m)),
    shapes: new Map(),
  };
}

/**
 * Run `fn` and watch the queries it sends (following async calls): when
 * one query shape runs more than `threshold` times, report it with its
 * count, the line that sent it and the fix. "throw" raises NPlusOneError
 * before the offending query is sent; "warn" (default) logs each repeated
 * shape when `fn` ends. Returns what `fn` returned.
 *
 * @example
 * await detectNPlusOne(async () => {
 *   for (const order of await Order.objects.all())
 *     await Customer.objects.get({ pk: order.customerId }); // 6th time: NPlusOneError
 * }, { mode: "throw", threshold: 5 });
 */
export async function detectNPlusOne<T>(
  fn: () => Promise<T> | T,
  options: NPlusOneOptions = {},
): Promise<T> {
  const scope = newScope({ ...(nPlusOneSetting() || {}), ...options });
  try {
    return await scopes.run(scope, async () => await fn());
  } finally {
    flush(scope);
  }
}

/**
 * Run `fn` as one unit of work (a request, a job) under the global opt-in
 * (`configure({ detectNPlusOne })`); without it, just run `fn`.
 */
export async function nPlusOneScope<T>(fn: () => Promise<T> | T): Promise<T> {
  const setting = nPlusOneSetting();
  return setting ? detectNPlusOne(fn, setting) : await fn();
}

/**
 * Connect/Express-style middleware: each request is one scope under the
 * global opt-in; warnings are written when the response finishes.
 *
 * @example
 * configure({ detectNPlusOne: { mode: "warn", threshold: 10 } });
 * app.use(nPlusOneMiddleware());
 */
export function nPlusOneMiddleware(): (
  req: unknown,
  res: { once?(event: "finish", listener: () => void): unknown } | undefined,
  next: (error?: unknown) => void,
) => void {
  return (_req, res, next) => {
    const setting = nPlusOneSetting();
    if (!setting) return next();
    const scope = newScope(setting);
    res?.once?.("finish", () => flush(scope));
    scopes.run(scope, () => next());
  };
}

/**
 * Count one statement about to be sent in the current scope (transaction
 * control and cursor steps are not counted). In "throw" mode the statement
 * that passes the threshold is refused.
 */
export function noteStatement(database: string, sql: string): void {
  const scope = scopes.getStore();
  if (!scope) return;
  const key = `${database}\u0000${sql}`;
  let entry = scope.shapes.get(key);
  if (!entry) {
    entry = { count: 0, callSite: undefined };
    scope.shapes.set(key, entry);
  }
  entry.count++;
  if (entry.count !== scope.threshold + 1) return;
  entry.callSite = callSite();
  if (scope.mode === "throw") {
    throw new NPlusOneError(message(report(database, sql, entry, scope.threshold)));
  }
}

/** Is a detection scope active (so statements must be noted)? */
export function nPlusOneActive(): boolean {
  return scopes.getStore() !== undefined;
}

function flush(scope: Scope): void {
  if (scope.mode !== "warn") return;
  for (const [key, entry] of scope.shapes) {
    if (entry.count <= scope.threshold) continue;
    const [database, sql] = key.split("\u0000");
    scope.logger(message(report(database, sql, entry, scope.threshold)));
  }
  scope.shapes.clear();
}

function report(
  database: string,
  sql: string,
  entry: ShapeCount,
  threshold: number,
): NPlusOneReport {
  return {
    shape: sql,
    database,
    count: entry.count,
    threshold,
    callSite: entry.callSite,
    fix: fixFor(sql),
  };
}

function message(r: NPlusOneReport): string {
  return [
    `N+1 queries: the same query ran ${r.count} times in one scope (threshold ${r.threshold}) on '${r.database}'`,
    `  query: ${r.shape}`,
    `  called from: ${r.callSite ?? "(unknown)"}`,
    `  fix: ${r.fix}`,
  ].join("\n");
}

/** Read the statement's kind: a query per row for related rows, an aggregate per row, or a write per row. */
function fixFor(sql: string): string {
  const head = sql.trimStart().slice(0, 6).toUpperCase();
  if (head === "INSERT") return "create the rows in one statement with bulkCreate().";
  if (head === "UPDATE")
    return "update all the rows in one statement: qs.update() with F()/Case(), or bulkUpdate().";
  if (head === "DELETE")
    return "delete in one statement: Model.objects.filter({ pk__in: ids }).delete().";
  if (/\b(COUNT|SUM|AVG|MIN|MAX)\(/i.test(sql))
    return "compute it in the outer query: annotate() it (Count/Sum/…, or Subquery/SubqueryCount), not one aggregate per row.";
  return "load the related rows with the outer query: selectRelated() for a foreign key or one-to-one, prefetchRelated() for reverse and many-to-many relations (or one query with `field__in`).";
}

/** Tango's own folder (src/ or dist/): frames inside it are not the caller. */
const OWN_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The first stack frame outside Tango and Node's internals, as `file:line:column`. */
function callSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!m) continue;
    const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (
      file.startsWith("node:") ||
      file.startsWith(OWN_DIR) ||
      file.includes(`${sep}node_modules${sep}`)
    )
      continue;
    const fn = /^at (?:async )?([^\s(]+) \(/.exec(line.trim())?.[1];
    return `${relative(process.cwd(), file)}:${m[2]}:${m[3]}${fn ? ` (${fn})` : ""}`;
  }
  return undefined;
}
