import { NotSupportedError } from "../errors.js";
import type { Field } from "../models/fields/field.js";
import { AggregateNode } from "./aggregates.js";
import { Combinable } from "./combinable.js";
import { FExpression } from "./f.js";
import { FuncNode } from "./func.js";
import { Expression, type ExprKind } from "./node.js";
import { OrderBy } from "./order-by.js";
import { isWindowFunction, type WindowFunction } from "./window-functions.js";

/** What a frame leaves out (SQL's EXCLUDE; Django's WindowFrameExclusion). */
export const WindowFrameExclusion = Object.freeze({
  CURRENT_ROW: "CURRENT ROW",
  GROUP: "GROUP",
  TIES: "TIES",
  NO_OTHERS: "NO OTHERS",
} as const);
export type WindowFrameExclusion = (typeof WindowFrameExclusion)[keyof typeof WindowFrameExclusion];

/**
 * A window frame: which rows of the partition the function sees, relative
 * to the current row. Bounds as Django's: null is UNBOUNDED (PRECEDING for
 * start, FOLLOWING for end), 0 is CURRENT ROW, -n is n PRECEDING, n is n
 * FOLLOWING. A plain frozen value (no expressions): the bounds are
 * validated integers and are written into the SQL as literals, as every
 * database requires.
 */
export interface WindowFrame {
  /** ROWS counts rows; RANGE compares the ordering value. */
  readonly type: "ROWS" | "RANGE";
  readonly start: number | null;
  readonly end: number | null;
  readonly exclusion: WindowFrameExclusion | null;
}

export interface FrameOptions {
  start?: number | null;
  end?: number | null;
  exclusion?: WindowFrameExclusion | null;
}

function checkBound(name: "start" | "end", v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isSafeInteger(v))
    throw new TypeError(`${name} argument must be an integer, zero, or None, but got '${v}'.`);
  return v;
}

function checkExclusion(e: unknown): WindowFrameExclusion | null {
  if (e === undefined || e === null) return null;
  if (!Object.values(WindowFrameExclusion).includes(e as WindowFrameExclusion))
    throw new TypeError("RowRange.exclusion must be a WindowFrameExclusion instance.");
  return e as WindowFrameExclusion;
}

/**
 * `ROWS BETWEEN …`: a frame counted in rows.
 * @example RowRange({ start: -2, end: 0 })   // ROWS BETWEEN 2 PRECEDING AND CURRENT ROW
 */
export function RowRange(options: FrameOptions = {}): WindowFrame {
  const start = checkBound("start", options.start);
  const end = checkBound("end", options.end);
  if (start !== null && end !== null && start > end)
    throw new TypeError("start cannot be greater than end.");
  return Object.freeze({ type: "ROWS", start, end, exclusion: checkExclusion(options.exclusion) });
}

/**
 * `RANGE BETWEEN …`: a frame over ordering values (peers of the current
 * row count as one). Offsets (-n / n) need exactly one numeric orderBy term.
 * @example ValueRange({ start: null, end: 0 })   // RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
 */
export function ValueRange(options: FrameOptions = {}): WindowFrame {
  const start = checkBound("start", options.start);
  const end = checkBound("end", options.end);
  if (start !== null && start > 0)
    throw new TypeError(
      `start argument must be a negative integer, zero, or None, but got '${start}'.`,
    );
  if (end !== null && end < 0)
    throw new TypeError(
      `end argument must be a positive integer, zero, or None, but got '${end}'.`,
    );
  return Object.freeze({ type: "RANGE", start, end, exclusion: checkExclusion(options.exclusion) });
}

/**
 * `expression OVER (PARTITION BY … ORDER BY … frame)`. The expression is
 * a window function (RowNumber(), Lag(…)) or an aggregate computed over
 * the frame instead of a GROUP BY group. Like Django's Window, it does
 * not make the query grouped: `Window({ expression: Sum("total") })` keeps
 * one row per order. Only aggregates in its PARTITION BY / ORDER BY group
 * the query (they need a GROUP BY to exist at all).
 */
export class WindowNode<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "window";
  constructor(
    readonly expression: Expression,
    readonly partitionBy: readonly Expression[],
    readonly orderBy: readonly OrderBy[],
    readonly frame: WindowFrame | null,
    override readonly explicitOutput?: Field,
    /** Set once resolved (the source's type, unless `outputField` was given). */
    readonly outputField?: Field,
    /** false until query/resolve-window.ts has resolved it. */
    readonly typed = false,
  ) {
    super();
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    return [this.expression, ...this.partitionBy, ...this.orderBy];
  }

  /** The terms the window adds to GROUP BY (Django's Window.get_group_by_cols). */
  partitionAndOrder(): readonly Expression[] {
    return [...this.partitionBy, ...this.orderBy];
  }

  override get containsAggregate(): boolean {
    return this.partitionAndOrder().some((e) => e.containsAggregate);
  }

  override get containsWindow(): boolean {
    return true;
  }

  override get isResolved(): boolean {
    return this.typed && super.isResolved;
  }
}

/** What may stand over a window: window functions and aggregates (not AnyValue). */
export type WindowSource<T> =
  | WindowFunction<T>
  | AggregateNode<T, "Count" | "Sum" | "Avg" | "Max" | "Min" | "StdDev" | "Variance", string>;

export interface WindowOptions<T> {
  expression: WindowSource<T>;
  /** PARTITION BY: field names or expressions. */
  partitionBy?: string | Expression | ReadonlyArray<string | Expression>;
  /** ORDER BY: field names (`"-createdAt"` descending), expressions or `F("x").desc()`. */
  orderBy?: string | Expression | ReadonlyArray<string | Expression>;
  /** ROWS / RANGE frame: RowRange({ … }) or ValueRange({ … }). */
  frame?: WindowFrame | null;
  outputField?: Field;
}

/** Django's class name of a non-window expression, for the compatibility error. */
function djangoName(e: unknown): string {
  if (typeof e === "string") return "str";
  if (e instanceof AggregateNode) return e.fn;
  if (e instanceof FuncNode) return e.name;
  if (e instanceof FExpression) return "F";
  if (e instanceof Expression) {
    const cls = e.constructor.name;
    // ValueNode → Value, CaseExpression → Case, WindowNode → Window, ExistsNode → Exists.
    return cls === "CombinedExpression" ? cls : cls.replace(/(Node|Expression)$/, "") || cls;
  }
  return e === null ? "NoneType" : typeof e;
}

/** Django's window_compatible: window functions and aggregates, except AnyValue. */
function checkCompatible(e: unknown): asserts e is Expression {
  const ok =
    (e instanceof AggregateNode && e.fn !== "AnyValue") ||
    (e instanceof Expression && isWindowFunction(e));
  if (!ok) throw new TypeError(`Expression '${djangoName(e)}' isn't compatible with OVER clauses.`);
  if (e instanceof AggregateNode && e.distinct) {
    throw new NotSupportedError(
      `${e.fn}(distinct) cannot be computed over a window: no supported database (SQLite, ` +
        "PostgreSQL, MySQL/MariaDB) has DISTINCT in window aggregates. Count distinct values " +
        "per group with values(...).annotate() or a Subquery instead.",
    );
  }
}

function asList<X>(v: X | ReadonlyArray<X> | undefined | null): X[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? [...(v as ReadonlyArray<X>)] : [v as X];
}

/** Django's OrderByList: `"-x"` is F("x") descending, a name is F(x), an expression ascends. */
function orderTerm(t: string | Expression): OrderBy {
  if (t instanceof OrderBy) return t;
  if (typeof t === "string") {
    if (t.length === 0) throw new TypeError("Window.orderBy needs field names or expressions");
    return t.startsWith("-")
      ? new OrderBy(new FExpression(t.slice(1)), true)
      : new OrderBy(new FExpression(t), false);
  }
  if (t instanceof Expression) return new OrderBy(t, false);
  throw new TypeError(
    `Window.orderBy must be either a string reference to a field, an expression, or a list of them, not ${String(t)}.`,
  );
}

function partitionTerm(t: string | Expression): Expression {
  if (typeof t === "string" && t.length) return new FExpression(t);
  if (t instanceof Expression) return t;
  throw new TypeError(`Window.partitionBy needs field names or expressions, not ${String(t)}.`);
}

/**
 * A window expression (Django's Window).
 * @example
 * Order.objects.annotate({
 *   rn: Window({ expression: RowNumber(), partitionBy: "customer", orderBy: "-createdAt" }),
 * });
 * // ROW_NUMBER() OVER (PARTITION BY "orders_order"."customer_id" ORDER BY "orders_order"."created_at" DESC) AS "rn"
 */
export function Window<T>(options: WindowOptions<T>): WindowNode<T> {
  if (typeof options !== "object" || options === null)
    throw new TypeError("Window() takes { expression, partitionBy, orderBy, frame }");
  const { expression } = options;
  checkCompatible(expression);
  const frame = options.frame ?? null;
  if (frame !== null && (typeof frame !== "object" || !("type" in frame)))
    throw new TypeError("Window.frame must be RowRange({ … }) or ValueRange({ … })");
  return new WindowNode<T>(
    expression,
    asList(options.partitionBy).map(partitionTerm),
    asList(options.orderBy).map(orderTerm),
    frame,
    options.outputField,
  );
}
