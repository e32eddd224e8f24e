import type { Field } from "../../models/fields/field.js";
import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "../func.js";
import type { FuncValue, HasNonNullOther, OutputValue, TypedAs } from "./typing.js";

/**
 * Comparison and conversion functions (Django's functions/comparison.py):
 * Coalesce, Greatest, Least, NullIf, Cast. Their output is the arguments'
 * common type (mixed types need `{ outputField }`), except Cast, whose
 * output is the field it casts to.
 */

const variadic = (name: string, sql: string): FunctionSpec => ({
  name,
  sql,
  minArgs: 2,
  maxArgs: Number.POSITIVE_INFINITY,
});

export const COALESCE: FunctionSpec = variadic("Coalesce", "COALESCE");
export const GREATEST: FunctionSpec = variadic("Greatest", "GREATEST");
export const LEAST: FunctionSpec = variadic("Least", "LEAST");
export const NULLIF: FunctionSpec = { name: "NullIf", sql: "NULLIF", minArgs: 2, maxArgs: 2 };
export const CAST: FunctionSpec = { name: "Cast", sql: "CAST", minArgs: 1, maxArgs: 1 };

type Options<F extends Field = Field> = { outputField: F };

/** Coalesce's value: null only when every argument may be null. */
type CoalesceValue<A extends readonly FuncArg[]> =
  HasNonNullOther<A> extends true ? FuncValue<A, "same"> : FuncValue<A, "coalesce">;

/**
 * The first argument that is not NULL. Arguments must share a type (or
 * give `{ outputField }`), as in Django.
 *
 * ```ts
 * Product.objects.annotate({ effectivePrice: Coalesce("salePrice", "price") });
 * // COALESCE("orders_product"."sale_price", "orders_product"."price")
 * ```
 */
export function Coalesce<const A extends readonly FuncArg[], F extends Field>(
  ...args: [...A, Options<F>]
): FuncNode<OutputValue<F> | (HasNonNullOther<A> extends true ? never : null)>;
export function Coalesce<const A extends readonly FuncArg[]>(
  ...args: A
): FuncNode<CoalesceValue<A>>;
export function Coalesce(...args: unknown[]): FuncNode<unknown> {
  return atLeastTwo(COALESCE, args);
}

/**
 * The largest argument. With a NULL argument the result is the database's
 * (Django documents it): NULL on SQLite and MySQL, the largest non-NULL
 * argument on PostgreSQL. Coalesce a nullable argument for a portable result.
 *
 * ```ts
 * Book.objects.annotate({ pages: Greatest("pages", 600) });
 * // SQLite: MAX("book"."pages", ?)   PostgreSQL, MySQL: GREATEST("book"."pages", $1)
 * ```
 */
export function Greatest<const A extends readonly FuncArg[], F extends Field>(
  ...args: [...A, Options<F>]
): FuncNode<TypedAs<A, OutputValue<F>>>;
export function Greatest<const A extends readonly FuncArg[]>(
  ...args: A
): FuncNode<FuncValue<A, "asIs">>;
export function Greatest(...args: unknown[]): FuncNode<unknown> {
  return atLeastTwo(GREATEST, args);
}

/**
 * The smallest argument (NULL arguments: as Greatest).
 *
 * ```ts
 * Product.objects.annotate({ lowest: Least("price", Coalesce("salePrice", "price")) });
 * // SQLite: MIN(…)   PostgreSQL, MySQL: LEAST(…)
 * ```
 */
export function Least<const A extends readonly FuncArg[], F extends Field>(
  ...args: [...A, Options<F>]
): FuncNode<TypedAs<A, OutputValue<F>>>;
export function Least<const A extends readonly FuncArg[]>(
  ...args: A
): FuncNode<FuncValue<A, "asIs">>;
export function Least(...args: unknown[]): FuncNode<unknown> {
  return atLeastTwo(LEAST, args);
}

/**
 * NULL when both arguments are equal, else the first.
 *
 * ```ts
 * Product.objects.annotate({ discount: NullIf("salePrice", "price") });
 * // NULLIF("orders_product"."sale_price", "orders_product"."price")
 * ```
 */
export function NullIf<const A extends FuncArg, const B extends FuncArg>(
  expression1: A,
  expression2: B,
  options: { outputField?: Field } = {},
): FuncNode<FuncValue<[A], "sameOrNull">> {
  return callFunction(NULLIF, [expression1, expression2], options);
}

/**
 * The expression converted to the type of `outputField`.
 *
 * ```ts
 * Product.objects.annotate({ whole: Cast("price", f.integer()) });
 * // SQLite, MySQL: CAST("orders_product"."price" AS integer)   PostgreSQL: ("orders_product"."price")::integer
 * ```
 */
export function Cast<const A extends FuncArg, F extends Field>(
  expression: A,
  outputField: F,
): FuncNode<TypedAs<[A], OutputValue<F>>> {
  if (!outputField)
    throw new TypeError("Cast() needs an output field: Cast(expression, f.integer())");
  return callFunction(CAST, [expression], { outputField });
}

/** A variadic call that needs two arguments or more (Django raises ValueError). */
function atLeastTwo(spec: FunctionSpec, args: readonly unknown[]): FuncNode<unknown> {
  const { list, options } = splitOptions(args);
  if (list.length < 2) throw new TypeError(`${spec.name} must take at least two expressions`);
  return callFunction(spec, list, options);
}

/** Trailing `{ outputField }` options of a variadic function call. */
export function splitOptions(args: readonly unknown[]): {
  list: FuncArg[];
  options: { outputField?: Field };
} {
  const last = args[args.length - 1];
  if (isOptions(last)) return { list: args.slice(0, -1) as FuncArg[], options: last };
  return { list: args as FuncArg[], options: {} };
}

function isOptions(v: unknown): v is { outputField?: Field } {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && "outputField" in v;
}
