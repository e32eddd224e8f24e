import type { Field } from "../models/fields/field.js";
import type { Operand } from "./combinable.js";
import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "./func.js";
import type { Expression } from "./node.js";
import { outputFieldOf } from "./output.js";
import { outputFieldOfType } from "./output-types.js";
import type { FieldTyped } from "./typed-value.js";

/**
 * Functions that exist only over a window (Django's functions/window.py):
 * they are written `NAME(args) OVER (…)` and are valid only as the
 * expression of a Window(). Each is an ordinary function call (FuncNode)
 * with a spec from the table below; `WindowFunction<T>` marks them in
 * the type system, so `Window({ expression: Lower("x") })` does not compile.
 */
export type WindowFunction<T = unknown> = FuncNode<T> & { readonly __windowFunction: true };

const integer = (): Field => outputFieldOfType("IntegerField");
const float = (): Field => outputFieldOfType("FloatField");
/** Lag/Lead/FirstValue/LastValue/NthValue read values of their source: its type. */
const sameAsSource = (args: readonly Expression[]): Field | undefined => outputFieldOf(args[0]);

function spec(name: string, sql: string, args: number, output: FunctionSpec["output"]) {
  return Object.freeze({ name, sql, minArgs: args, maxArgs: args, output }) as FunctionSpec;
}

export const ROW_NUMBER = spec("RowNumber", "ROW_NUMBER", 0, integer);
export const RANK = spec("Rank", "RANK", 0, integer);
export const DENSE_RANK = spec("DenseRank", "DENSE_RANK", 0, integer);
export const PERCENT_RANK = spec("PercentRank", "PERCENT_RANK", 0, float);
export const CUME_DIST = spec("CumeDist", "CUME_DIST", 0, float);
export const NTILE = spec("Ntile", "NTILE", 1, integer);
export const FIRST_VALUE = spec("FirstValue", "FIRST_VALUE", 1, sameAsSource);
export const LAST_VALUE = spec("LastValue", "LAST_VALUE", 1, sameAsSource);
export const NTH_VALUE = spec("NthValue", "NTH_VALUE", 2, sameAsSource);
/** LAG(x, offset[, default]). */
export const LAG: FunctionSpec = Object.freeze({
  ...spec("Lag", "LAG", 2, sameAsSource),
  maxArgs: 3,
});
export const LEAD: FunctionSpec = Object.freeze({
  ...spec("Lead", "LEAD", 2, sameAsSource),
  maxArgs: 3,
});

const WINDOW_SPECS: ReadonlySet<FunctionSpec> = new Set([
  ROW_NUMBER,
  RANK,
  DENSE_RANK,
  PERCENT_RANK,
  CUME_DIST,
  NTILE,
  FIRST_VALUE,
  LAST_VALUE,
  NTH_VALUE,
  LAG,
  LEAD,
]);

/** Is this a window-only function call (RowNumber(), Lag("x") …)? */
export function isWindowFunction(e: Expression): e is FuncNode {
  const s = (e as Partial<FuncNode>).spec;
  return e.kind === "func" && s !== undefined && WINDOW_SPECS.has(s);
}

/** Is this call Lag/Lead with an explicit default (its third argument)? */
export function isLagLeadWithDefault(e: FuncNode): boolean {
  return (e.spec === LAG || e.spec === LEAD) && e.args.length === 3;
}

function windowCall<T>(s: FunctionSpec, args: readonly FuncArg[], outputField?: Field) {
  return callFunction<T>(s, args, outputField ? { outputField } : {}) as WindowFunction<T>;
}

function positiveInteger(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0;
}

/** The number of each row within its partition, from 1 (ROW_NUMBER). */
export function RowNumber(): WindowFunction<number> {
  return windowCall(ROW_NUMBER, []);
}

/** The rank of each row, with gaps after ties (RANK: 1, 1, 3). */
export function Rank(): WindowFunction<number> {
  return windowCall(RANK, []);
}

/** The rank of each row, without gaps after ties (DENSE_RANK: 1, 1, 2). */
export function DenseRank(): WindowFunction<number> {
  return windowCall(DENSE_RANK, []);
}

/** (rank - 1) / (rows in partition - 1), from 0 to 1 (PERCENT_RANK). */
export function PercentRank(): WindowFunction<number> {
  return windowCall(PERCENT_RANK, []);
}

/** The fraction of partition rows ordered at or before this row (CUME_DIST). */
export function CumeDist(): WindowFunction<number> {
  return windowCall(CUME_DIST, []);
}

/** The bucket number, 1 to numBuckets, of each row (NTILE). */
export function Ntile(numBuckets = 1): WindowFunction<number> {
  if (!positiveInteger(numBuckets)) throw new TypeError("num_buckets must be greater than 0.");
  return windowCall(NTILE, [numBuckets]);
}

type Src = string | Expression<unknown>;
/**
 * The type of a value read from another row: the source's own type
 * (`exact`: null only when the field is nullable) or that or null when the
 * row may not exist (`orNull`: Lag at the first row).
 */
type ReadValue<S, Exact extends boolean> = S extends string
  ? FieldTyped<S, Exact extends true ? "exact" : "sameOrNull">
  : S extends Expression<infer T>
    ? Exact extends true
      ? T
      : T | null
    : unknown;

export interface LagLeadOptions {
  /** How many rows back (Lag) or ahead (Lead); a positive integer, 1 by default. */
  offset?: number;
  /**
   * The value where that row does not exist (instead of null). A string
   * names a field, as in every function argument; wrap a text literal in Value().
   */
  default?: Operand;
  outputField?: Field;
}

type HasDefault<O> = O extends { default: infer V } ? (undefined extends V ? false : true) : false;

function lagLead<T>(
  name: "Lag" | "Lead",
  s: FunctionSpec,
  expression: unknown,
  o: LagLeadOptions,
): WindowFunction<T> {
  if (expression === null || expression === undefined)
    throw new TypeError(`${name} requires a non-null source expression.`);
  const offset = o.offset ?? 1;
  if (!positiveInteger(offset))
    throw new TypeError(`${name} requires a positive integer for the offset.`);
  const args: FuncArg[] = [expression as FuncArg, offset];
  if (o.default !== undefined && o.default !== null) args.push(o.default as FuncArg);
  return windowCall<T>(s, args, o.outputField);
}

/** The value of `expression` `offset` rows before this one in the window's order (LAG). */
export function Lag<S extends Src, const O extends LagLeadOptions = {}>(
  expression: S,
  options?: O,
): WindowFunction<ReadValue<S, HasDefault<O>>> {
  return lagLead("Lag", LAG, expression, options ?? {});
}

/** The value of `expression` `offset` rows after this one in the window's order (LEAD). */
export function Lead<S extends Src, const O extends LagLeadOptions = {}>(
  expression: S,
  options?: O,
): WindowFunction<ReadValue<S, HasDefault<O>>> {
  return lagLead("Lead", LEAD, expression, options ?? {});
}

/** The value at the first row of the window frame (FIRST_VALUE). */
export function FirstValue<S extends Src>(
  expression: S,
  options: { outputField?: Field } = {},
): WindowFunction<ReadValue<S, true>> {
  return windowCall(FIRST_VALUE, [expression as FuncArg], options.outputField);
}

/**
 * The value at the last row of the window frame (LAST_VALUE). With an
 * ordering, the default frame ends at the current row: give
 * `frame: RowRange({ start: null, end: null })` for the partition's last row.
 */
export function LastValue<S extends Src>(
  expression: S,
  options: { outputField?: Field } = {},
): WindowFunction<ReadValue<S, true>> {
  return windowCall(LAST_VALUE, [expression as FuncArg], options.outputField);
}

/** The value at the `nth` row (from 1) of the window frame, null before it exists (NTH_VALUE). */
export function NthValue<S extends Src>(
  expression: S,
  nth = 1,
  options: { outputField?: Field } = {},
): WindowFunction<ReadValue<S, false>> {
  if (expression === null || expression === undefined)
    throw new TypeError("NthValue requires a non-null source expression.");
  if (!positiveInteger(nth))
    throw new TypeError("NthValue requires a positive integer as for nth.");
  return windowCall(NTH_VALUE, [expression as FuncArg, nth], options.outputField);
}
