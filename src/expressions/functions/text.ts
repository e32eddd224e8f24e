import type { Field } from "../../models/fields/field.js";
import { ValueNode } from "../combinable.js";
import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "../func.js";
import type { Expression } from "../node.js";
import { outputFieldOf } from "../output.js";
import { commonOutputField, outputFieldOfType } from "../output-types.js";
import { splitOptions } from "./comparison.js";
import type { TypedAs } from "./typing.js";

/**
 * Text functions (Django's functions/text.py). Lower, Upper and the trims
 * keep their argument's type; Length is an integer; Substr a CharField;
 * Concat and Replace take the common type of their arguments.
 */

const INTEGER = outputFieldOfType("IntegerField");
const CHAR = outputFieldOfType("CharField");

const unary = (name: string, sql: string, output?: Field): FunctionSpec => ({
  name,
  sql,
  minArgs: 1,
  maxArgs: 1,
  ...(output ? { output: () => output } : {}),
});

export const LOWER: FunctionSpec = unary("Lower", "LOWER");
export const UPPER: FunctionSpec = unary("Upper", "UPPER");
export const TRIM: FunctionSpec = unary("Trim", "TRIM");
export const LTRIM: FunctionSpec = unary("LTrim", "LTRIM");
export const RTRIM: FunctionSpec = unary("RTrim", "RTRIM");
export const LENGTH: FunctionSpec = unary("Length", "LENGTH", INTEGER);
export const SUBSTR: FunctionSpec = {
  name: "Substr",
  sql: "SUBSTRING",
  minArgs: 2,
  maxArgs: 3,
  output: () => CHAR,
};
export const REPLACE: FunctionSpec = { name: "Replace", sql: "REPLACE", minArgs: 3, maxArgs: 3 };

/**
 * Concat's output as Django derives it: the arguments are paired from the
 * right, `Concat(a, b, c)` being `ConcatPair(a, ConcatPair(b, c))`, and
 * each pair takes its two sides' common type — so a mix of CharField and
 * EmailField is "mixed types" exactly where Django says so.
 */
function concatOutput(args: readonly Expression[]): Field | undefined {
  let output = outputFieldOf(args[args.length - 1]);
  for (let i = args.length - 2; i >= 0; i--) {
    output = commonOutputField([outputFieldOf(args[i]), output]);
  }
  return output;
}

export const CONCAT: FunctionSpec = {
  name: "Concat",
  sql: "CONCAT",
  minArgs: 2,
  maxArgs: Number.POSITIVE_INFINITY,
  output: concatOutput,
};

/**
 * The arguments joined as text; a NULL argument counts as an empty string
 * (Django's Concat). Give `{ outputField }` when the arguments' types differ
 * (CharField and TextField, or EmailField).
 *
 * ```ts
 * Customer.objects.annotate({
 *   label: Concat("name", Value(" <"), "email", Value(">"), { outputField: f.char() }),
 * });
 * // SQLite: (COALESCE("name", '') || COALESCE(?, '') || …)
 * // PostgreSQL: the same, non-text arguments cast ::text   MySQL: CONCAT_WS('', "name", ?, …)
 * ```
 */
export function Concat(
  ...args: [...FuncArg[], { outputField?: Field }] | FuncArg[]
): FuncNode<string> {
  const { list, options } = splitOptions(args);
  if (list.length < 2) throw new TypeError("Concat must take at least two expressions");
  return callFunction(CONCAT, list, options);
}

/**
 * The text in lower case: `Lower("email")` → `LOWER("customer"."email")`.
 */
export function Lower<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], string>> {
  return callFunction(LOWER, [expression]);
}

/** The text in upper case: `Upper("name")` → `UPPER("customer"."name")`. */
export function Upper<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], string>> {
  return callFunction(UPPER, [expression]);
}

/**
 * The number of characters: `Length("name")` → `LENGTH(…)` (MySQL:
 * `CHAR_LENGTH(…)`, which counts characters, not bytes). NULL stays NULL.
 */
export function Length<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], number>> {
  return callFunction(LENGTH, [expression]);
}

/** Leading and trailing spaces removed: `Trim("name")` → `TRIM(…)`. */
export function Trim<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], string>> {
  return callFunction(TRIM, [expression]);
}

/** Leading spaces removed: `LTrim("name")` → `LTRIM(…)`. */
export function LTrim<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], string>> {
  return callFunction(LTRIM, [expression]);
}

/** Trailing spaces removed: `RTrim("name")` → `RTRIM(…)`. */
export function RTrim<const A extends FuncArg>(expression: A): FuncNode<TypedAs<[A], string>> {
  return callFunction(RTRIM, [expression]);
}

/**
 * `length` characters from position `pos` (1-based), or the rest of the
 * text without `length`.
 *
 * ```ts
 * Customer.objects.annotate({ initials: Substr("name", 1, 2) });
 * // SQLite: SUBSTR("name", ?, ?)   PostgreSQL, MySQL: SUBSTRING("name", $1, $2)
 * ```
 */
export function Substr<const A extends FuncArg>(
  expression: A,
  pos: number | Expression,
  length?: number | Expression,
): FuncNode<TypedAs<[A], string>> {
  if (typeof pos === "number" && pos < 1) throw new RangeError("'pos' must be greater than 0");
  const args: FuncArg[] = [expression, pos];
  if (length !== undefined && length !== null) args.push(length);
  return callFunction(SUBSTR, args);
}

/**
 * Every occurrence of `text` replaced by `replacement` (by default removed).
 * As in Django, a string argument names a field: give literal text as
 * `Value("…")`.
 *
 * ```ts
 * Customer.objects.annotate({ handle: Replace("email", Value("@"), Value(" at ")) });
 * // REPLACE("customer"."email", ?, ?)
 * ```
 */
export function Replace<const A extends FuncArg>(
  expression: A,
  text: FuncArg,
  replacement: FuncArg = new ValueNode(""),
  options: { outputField?: Field } = {},
): FuncNode<TypedAs<[A], string>> {
  return callFunction(REPLACE, [expression, text, replacement], options);
}
