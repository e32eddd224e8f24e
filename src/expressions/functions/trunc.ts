import { FieldError } from "../../errors.js";
import type { Field } from "../../models/fields/field.js";
import type { DateString, TimeString } from "../../values/temporal.js";
import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "../func.js";
import type { Expression } from "../node.js";
import { outputFieldOf } from "../output.js";
import { outputFieldOfType } from "../output-types.js";
import type { FuncValue, OutputValue, TypedAs } from "./typing.js";

/**
 * Trunc and its kinds (Django's TruncBase family): a date, datetime or time
 * cut down to the start of its year, quarter, month, week (Monday), day,
 * hour, minute or second, in UTC. The output keeps the input's type unless
 * `{ outputField }` says otherwise; TruncDate and TruncTime take the date
 * or the time of a datetime.
 */

export const TRUNC_KINDS = [
  "year",
  "quarter",
  "month",
  "week",
  "day",
  "hour",
  "minute",
  "second",
] as const;
export type TruncKind = (typeof TRUNC_KINDS)[number];

const DATE_CLASS = outputFieldOfType("DateField");
const TIME_CLASS = outputFieldOfType("TimeField");

const TEMPORAL = new Set(["date", "datetime", "time"]);
const TIME_KINDS: readonly string[] = ["hour", "minute", "second", "time"];
const DATE_KINDS: readonly string[] = ["year", "quarter", "month", "week", "day", "date"];

/**
 * Django's TruncBase.resolve_expression checks (truncating a date to an
 * hour, or a time to a month, is a mistake), then the kinds the dialect
 * writers need. `classOutput` is TruncDate's/TruncTime's fixed output.
 */
function truncFinish(classOutput: Field | undefined) {
  return (args: readonly Expression[], output: Field | undefined, node: FuncNode) => {
    const kind = String(node.options.kind);
    const field = outputFieldOf(args[0]);
    if (!field) {
      throw new FieldError(
        "Cannot resolve expression type, unknown output field. You must set outputField.",
      );
    }
    if (!TEMPORAL.has(field.valueKind)) {
      throw new TypeError(`'${field.name}' isn't a DateField, TimeField, or DateTimeField.`);
    }
    if (!output || !TEMPORAL.has(output.valueKind)) {
      throw new FieldError("outputField must be either DateField, TimeField, or DateTimeField");
    }
    const explicit = classOutput !== undefined || field.internalType !== output.internalType;
    const target = explicit ? output.internalType : "DateTimeField";
    if (
      field.valueKind === "date" &&
      (output.valueKind === "datetime" || TIME_KINDS.includes(kind))
    ) {
      throw new FieldError(`Cannot truncate DateField '${field.name}' to ${target}.`);
    }
    if (
      field.valueKind === "time" &&
      (output.valueKind === "datetime" || DATE_KINDS.includes(kind))
    ) {
      throw new FieldError(`Cannot truncate TimeField '${field.name}' to ${target}.`);
    }
    return { inputKind: field.valueKind, outputKind: output.valueKind };
  };
}

export const TRUNC: FunctionSpec = {
  name: "Trunc",
  sql: "DATE_TRUNC",
  minArgs: 1,
  maxArgs: 1,
  output: (args) => outputFieldOf(args[0]),
  finish: truncFinish(undefined),
};

export const TRUNC_DATE: FunctionSpec = {
  name: "TruncDate",
  sql: "DATE",
  minArgs: 1,
  maxArgs: 1,
  output: () => DATE_CLASS,
  finish: truncFinish(DATE_CLASS),
};

export const TRUNC_TIME: FunctionSpec = {
  name: "TruncTime",
  sql: "TIME",
  minArgs: 1,
  maxArgs: 1,
  output: () => TIME_CLASS,
  finish: truncFinish(TIME_CLASS),
};

type TruncOptions<F extends Field> = { outputField?: F };

/** A truncation's value: the input's type, or the explicit output field's. */
type TruncValue<A, F> = [F] extends [never] ? FuncValue<[A], "asIs"> : TypedAs<[A], OutputValue<F>>;

/**
 * The value cut down to the start of its `kind`.
 *
 * ```ts
 * Order.objects.values({ month: Trunc("createdAt", "month") }).annotate({ n: Count("id") });
 * // SQLite: strftime('%Y-%m-01 00:00:00', …)   PostgreSQL: DATE_TRUNC('month', … AT TIME ZONE 'UTC')
 * // MySQL: CAST(DATE_FORMAT(…, '%Y-%m-01 00:00:00') AS DATETIME(6))
 * ```
 */
export function Trunc<const A extends FuncArg, F extends Field = never>(
  expression: A,
  kind: TruncKind,
  options: TruncOptions<F> = {},
): FuncNode<TruncValue<A, F>> {
  if (!(TRUNC_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`Invalid kind: ${String(kind)} (choices: ${TRUNC_KINDS.join(", ")})`);
  }
  return callFunction(TRUNC, [expression], { ...options, kind });
}

type TruncOf = <const A extends FuncArg, F extends Field = never>(
  expression: A,
  options?: TruncOptions<F>,
) => FuncNode<TruncValue<A, F>>;
const truncOf =
  (kind: TruncKind): TruncOf =>
  (expression, options = {}) =>
    Trunc(expression, kind, options);

/** The first day of the year. */
export const TruncYear: TruncOf = truncOf("year");
/** The first day of the quarter. */
export const TruncQuarter: TruncOf = truncOf("quarter");
/** The first day of the month: `TruncMonth("createdAt")`. */
export const TruncMonth: TruncOf = truncOf("month");
/** Midnight on the Monday of the week. */
export const TruncWeek: TruncOf = truncOf("week");
/** Midnight of the day. */
export const TruncDay: TruncOf = truncOf("day");
/** The start of the hour. */
export const TruncHour: TruncOf = truncOf("hour");
/** The start of the minute. */
export const TruncMinute: TruncOf = truncOf("minute");
/** The whole second (fractions dropped). */
export const TruncSecond: TruncOf = truncOf("second");

/**
 * The date of a datetime (in UTC), as a `"YYYY-MM-DD"` string.
 *
 * ```ts
 * Order.objects.annotate({ day: TruncDate("createdAt") });
 * // SQLite: date(…)   PostgreSQL: (… AT TIME ZONE 'UTC')::date   MySQL: DATE(…)
 * ```
 */
export function TruncDate<const A extends FuncArg>(
  expression: A,
): FuncNode<TypedAs<[A], DateString>> {
  return callFunction(TRUNC_DATE, [expression], { kind: "date" });
}

/** The time of a datetime (in UTC), as an `"HH:MM:SS[.ffffff]"` string. */
export function TruncTime<const A extends FuncArg>(
  expression: A,
): FuncNode<TypedAs<[A], TimeString>> {
  return callFunction(TRUNC_TIME, [expression], { kind: "time" });
}
