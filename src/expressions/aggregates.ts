import { FieldError } from "../errors.js";
import type { Field } from "../models/fields/field.js";
import { Combinable, type Operand, toExpression } from "./combinable.js";
import { FExpression } from "./f.js";
import { type FuncArg, toArgument } from "./func.js";
import { Expression, type ExprKind } from "./node.js";
import type { QNode } from "./q.js";
import type { FieldTyped } from "./typed-value.js";

export type AggregateFunction =
  | "Count"
  | "Sum"
  | "Avg"
  | "Max"
  | "Min"
  | "StdDev"
  | "Variance"
  | "AnyValue";

/** Which aggregates accept `distinct` (Django's allow_distinct). */
const ALLOWS_DISTINCT: ReadonlySet<AggregateFunction> = new Set(["Count", "Sum", "Avg"]);

/** `*` in `COUNT(*)`. */
export class StarNode extends Expression<never> {
  readonly kind: ExprKind = "star";
  constructor() {
    super();
    Object.freeze(this);
  }
}

export interface AggregateParts {
  readonly distinct: boolean;
  /** Only rows matching this condition are aggregated (a Q before resolution). */
  readonly filter: Expression | null;
  /** The value over no rows instead of NULL (wraps the aggregate in Coalesce on resolution). */
  readonly defaultValue: Expression | null;
  /** StdDev/Variance: the sample (n - 1) form instead of the population one. */
  readonly sample: boolean;
}

/**
 * An aggregate over the rows of a group: `Count("book")`,
 * `Sum("price", { filter: Q({ status: "paid" }) })`. Phantom parameters
 * carry the function and field name so positional aggregate() calls get
 * Django's `price__sum` keys in their type.
 */
export class AggregateNode<T = unknown, Fn extends string = string, P extends string = string>
  extends Combinable<T>
  implements AggregateParts
{
  declare readonly __fn: Fn;
  declare readonly __path: P;
  readonly kind: ExprKind = "aggregate";
  readonly distinct: boolean;
  readonly filter: Expression | null;
  readonly defaultValue: Expression | null;
  readonly sample: boolean;
  constructor(
    readonly fn: AggregateFunction,
    readonly source: Expression,
    parts: AggregateParts,
    /** Set once resolved. */
    readonly outputField?: Field,
    readonly typed = false,
    override readonly explicitOutput?: Field,
  ) {
    super();
    this.distinct = parts.distinct;
    this.filter = parts.filter;
    this.defaultValue = parts.defaultValue;
    this.sample = parts.sample;
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    const out: Expression[] = [this.source];
    if (this.filter) out.push(this.filter);
    if (this.defaultValue) out.push(this.defaultValue);
    return out;
  }

  override get containsAggregate(): boolean {
    return true;
  }

  override get isResolved(): boolean {
    return this.typed && super.isResolved;
  }

  /** Django's default_alias: `price__avg` for Avg("price"). */
  get defaultAlias(): string {
    if (this.source instanceof FExpression) return `${this.source.name}__${this.fn.toLowerCase()}`;
    throw new TypeError("Complex aggregates require an alias");
  }

  /** A copy with some parts replaced (resolution builds the typed node this way). */
  with(changes: {
    source?: Expression;
    filter?: Expression | null;
    defaultValue?: Expression | null;
    outputField?: Field;
    typed?: boolean;
  }): AggregateNode<T, Fn, P> {
    return new AggregateNode<T, Fn, P>(
      this.fn,
      changes.source ?? this.source,
      {
        distinct: this.distinct,
        filter: changes.filter === undefined ? this.filter : changes.filter,
        defaultValue: changes.defaultValue === undefined ? this.defaultValue : changes.defaultValue,
        sample: this.sample,
      },
      changes.outputField ?? this.outputField,
      changes.typed ?? this.typed,
      this.explicitOutput,
    );
  }
}

export interface AggregateOptions {
  /** Aggregate only the rows matching this condition (FILTER (WHERE …), or CASE WHEN where unsupported). */
  filter?: QNode | Expression;
  /** Give any expression an explicit output field. */
  outputField?: Field;
}
export interface WithDistinct {
  distinct?: boolean;
}
export interface WithDefault {
  /** The result over no rows instead of null (Django's `default=`). */
  default?: Operand;
}
export interface WithSample {
  /** The sample form (n - 1) instead of the population one. */
  sample?: boolean;
}

type AnyOptions = AggregateOptions & WithDistinct & WithDefault & WithSample;

function makeAggregate<T, Fn extends AggregateFunction, P extends string>(
  fn: Fn,
  source: FuncArg | "*",
  options: AnyOptions = {},
): AggregateNode<T, Fn, P> {
  if (source === undefined || source === null)
    throw new TypeError(`${fn} needs a field name or an expression`);
  if (options.distinct && !ALLOWS_DISTINCT.has(fn))
    throw new TypeError(`${fn} does not allow distinct.`);
  if ("default" in options && options.default !== undefined && fn === "Count")
    throw new TypeError("Count does not allow default.");
  const isStar = source === "*";
  if (isStar && fn !== "Count") throw new FieldError(`${fn}('*') is not valid; name a field`);
  if (isStar && options.filter) {
    throw new TypeError("Star cannot be used with filter. Please specify a field.");
  }
  return new AggregateNode<T, Fn, P>(
    fn,
    isStar ? new StarNode() : toArgument(source),
    {
      distinct: !!options.distinct,
      filter: options.filter ?? null,
      defaultValue:
        options.default === undefined || options.default === null
          ? null
          : toExpression(options.default),
      sample: !!options.sample,
    },
    undefined,
    false,
    options.outputField,
  );
}

type Src = string | Expression<unknown>;
/** The value type of a same-typed aggregate (Max, Min, Sum, AnyValue) over a field name or an expression. */
type SameAs<S, D> = S extends string
  ? FieldTyped<S, D extends true ? "same" : "sameOrNull">
  : S extends Expression<infer T>
    ? D extends true
      ? NonNullable<T>
      : T | null
    : unknown;
/** The value type of Avg/StdDev/Variance. */
type NumericOf<S, D> = S extends string
  ? FieldTyped<S, D extends true ? "numeric" : "numericOrNull">
  : S extends Expression<infer T>
    ? D extends true
      ? NumericResult<NonNullable<T>>
      : NumericResult<NonNullable<T>> | null
    : unknown;
export type NumericResult<T> = T extends bigint ? number : T;
type PathOf<S> = S extends string ? S : string;
type HasDefault<O> = O extends { default: infer V } ? (undefined extends V ? false : true) : false;

/** `COUNT(expr)` / `Count("*")`: never null (0 over no rows); takes no default. */
export function Count<S extends Src | "*">(
  expression: S,
  options?: AggregateOptions & WithDistinct,
): AggregateNode<number, "Count", PathOf<S>> {
  return makeAggregate("Count", expression as FuncArg, options);
}

export function Sum<S extends Src, O extends AggregateOptions & WithDistinct & WithDefault = {}>(
  expression: S,
  options?: O,
): AggregateNode<SameAs<S, HasDefault<O>>, "Sum", PathOf<S>> {
  return makeAggregate("Sum", expression as FuncArg, options);
}

export function Avg<S extends Src, O extends AggregateOptions & WithDistinct & WithDefault = {}>(
  expression: S,
  options?: O,
): AggregateNode<NumericOf<S, HasDefault<O>>, "Avg", PathOf<S>> {
  return makeAggregate("Avg", expression as FuncArg, options);
}

export function Max<S extends Src, O extends AggregateOptions & WithDefault = {}>(
  expression: S,
  options?: O,
): AggregateNode<SameAs<S, HasDefault<O>>, "Max", PathOf<S>> {
  return makeAggregate("Max", expression as FuncArg, options);
}

export function Min<S extends Src, O extends AggregateOptions & WithDefault = {}>(
  expression: S,
  options?: O,
): AggregateNode<SameAs<S, HasDefault<O>>, "Min", PathOf<S>> {
  return makeAggregate("Min", expression as FuncArg, options);
}

export function StdDev<S extends Src, O extends AggregateOptions & WithDefault & WithSample = {}>(
  expression: S,
  options?: O,
): AggregateNode<NumericOf<S, HasDefault<O>>, "StdDev", PathOf<S>> {
  return makeAggregate("StdDev", expression as FuncArg, options);
}

export function Variance<S extends Src, O extends AggregateOptions & WithDefault & WithSample = {}>(
  expression: S,
  options?: O,
): AggregateNode<NumericOf<S, HasDefault<O>>, "Variance", PathOf<S>> {
  return makeAggregate("Variance", expression as FuncArg, options);
}

/**
 * Any one value of the group (ANY_VALUE; MIN where the database has no
 * ANY_VALUE). Lets a grouped query select a column that depends on the
 * group without adding it to GROUP BY (MySQL's ONLY_FULL_GROUP_BY).
 */
export function AnyValue<S extends Src, O extends AggregateOptions & WithDefault = {}>(
  expression: S,
  options?: O,
): AggregateNode<SameAs<S, HasDefault<O>>, "AnyValue", PathOf<S>> {
  return makeAggregate("AnyValue", expression as FuncArg, options);
}
