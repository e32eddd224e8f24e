import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "../func.js";
import type { Expression } from "../node.js";
import { outputFieldOf } from "../output.js";
import type { FuncValue } from "./typing.js";

/**
 * Math functions (Django's functions/math.py). Each keeps its argument's
 * type: Abs of a decimal is a decimal, Round of an integer an integer.
 */

const unary = (name: string, sql: string): FunctionSpec => ({
  name,
  sql,
  minArgs: 1,
  maxArgs: 1,
});

export const ABS: FunctionSpec = unary("Abs", "ABS");
export const FLOOR: FunctionSpec = unary("Floor", "FLOOR");
export const CEIL: FunctionSpec = unary("Ceil", "CEILING");
export const ROUND: FunctionSpec = {
  name: "Round",
  sql: "ROUND",
  minArgs: 2,
  maxArgs: 2,
  // The precision does not take part in the type (Django's Round._resolve_output_field).
  output: (args: readonly Expression[]) => outputFieldOf(args[0]),
};

/** The absolute value: `Abs("balance")` → `ABS("account"."balance")`. */
export function Abs<const A extends FuncArg>(expression: A): FuncNode<FuncValue<[A], "asIs">> {
  return callFunction(ABS, [expression]);
}

/** The largest integer not above the value: `Floor("price")` → `FLOOR(…)`. */
export function Floor<const A extends FuncArg>(expression: A): FuncNode<FuncValue<[A], "asIs">> {
  return callFunction(FLOOR, [expression]);
}

/** The smallest integer not below the value: `Ceil("price")` → `CEILING(…)`. */
export function Ceil<const A extends FuncArg>(expression: A): FuncNode<FuncValue<[A], "asIs">> {
  return callFunction(CEIL, [expression]);
}

/**
 * The value rounded to `precision` decimal places (0 by default; negative
 * rounds to tens, hundreds…, except on SQLite, which cannot). Halves round
 * away from zero, except floats on MySQL (to even: the C library's rule).
 *
 * ```ts
 * Book.objects.annotate({ rating: Round("rating", 1) });
 * // ROUND("book"."rating", ?)   PostgreSQL, floats: ROUND(("book"."rating")::numeric, $1)
 * ```
 */
export function Round<const A extends FuncArg>(
  expression: A,
  precision: number | Expression = 0,
): FuncNode<FuncValue<[A], "asIs">> {
  return callFunction(ROUND, [expression, precision]);
}
