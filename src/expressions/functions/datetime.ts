import { FieldError } from "../../errors.js";
import { callFunction, type FuncArg, type FuncNode, type FunctionSpec } from "../func.js";
import type { Expression } from "../node.js";
import { outputFieldOf } from "../output.js";
import { outputFieldOfType } from "../output-types.js";
import type { TypedAs } from "./typing.js";

/**
 * Now and Extract (Django's functions/datetime.py). Tango works in UTC (as
 * Django with USE_TZ and TIME_ZONE = "UTC"): datetimes are converted to
 * UTC before a part is taken.
 */

const INTEGER = outputFieldOfType("IntegerField");
const DATETIME = outputFieldOfType("DateTimeField");

export const NOW: FunctionSpec = {
  name: "Now",
  sql: "CURRENT_TIMESTAMP",
  minArgs: 0,
  maxArgs: 0,
  output: () => DATETIME,
};

/**
 * The current date and time, from the database (PostgreSQL: the time the
 * statement started, as Django).
 *
 * ```ts
 * Order.objects.filter({ createdAt__lte: Now() });
 * // SQLite: strftime('%Y-%m-%d %H:%M:%f', 'now')   PostgreSQL: STATEMENT_TIMESTAMP()   MySQL: CURRENT_TIMESTAMP(6)
 * ```
 */
export function Now(): FuncNode<Date> {
  return callFunction(NOW, []);
}

/** The parts Extract takes, by Tango's (camelCase) lookup names. */
export const EXTRACT_PARTS = [
  "year",
  "isoYear",
  "month",
  "day",
  "week",
  "weekDay",
  "isoWeekDay",
  "quarter",
  "hour",
  "minute",
  "second",
] as const;
export type ExtractPart = (typeof EXTRACT_PARTS)[number];

const TIME_PARTS: readonly string[] = ["hour", "minute", "second"];
const DATE_PARTS: readonly string[] = EXTRACT_PARTS.filter((p) => !TIME_PARTS.includes(p));

const UNKNOWN_OUTPUT =
  "Cannot resolve expression type, unknown output field. You must set outputField.";

/** Django's Extract.resolve_expression checks, then the input kind for the dialect writers. */
function extractFinish(args: readonly Expression[], _output: unknown, node: FuncNode) {
  const part = String(node.options.part);
  const field = outputFieldOf(args[0]);
  if (!field) throw new FieldError(UNKNOWN_OUTPUT);
  const kind = field.valueKind;
  if (kind !== "date" && kind !== "datetime" && kind !== "time" && kind !== "duration") {
    throw new FieldError(
      "Extract input expression must be DateField, DateTimeField, TimeField, or DurationField.",
    );
  }
  if (kind === "date" && TIME_PARTS.includes(part)) {
    throw new FieldError(`Cannot extract time component '${part}' from DateField '${field.name}'.`);
  }
  if (kind === "duration" && DATE_PARTS.includes(part) && part !== "day") {
    throw new FieldError(`Cannot extract component '${part}' from DurationField '${field.name}'.`);
  }
  // Not checked by Django (the database then fails): a time has no date parts.
  if (kind === "time" && DATE_PARTS.includes(part)) {
    throw new FieldError(`Cannot extract date component '${part}' from TimeField '${field.name}'.`);
  }
  return { inputKind: kind };
}

export const EXTRACT: FunctionSpec = {
  name: "Extract",
  sql: "EXTRACT",
  minArgs: 1,
  maxArgs: 1,
  output: () => INTEGER,
  finish: extractFinish,
};

/**
 * One part of a date, datetime, time (or, on PostgreSQL, duration) as an
 * integer. Week days count from Sunday = 1 (Django's ExtractWeekDay);
 * `isoWeekDay` from Monday = 1; `week` and `isoYear` are ISO-8601's.
 *
 * ```ts
 * Order.objects.annotate({ year: Extract("createdAt", "year") });
 * // SQLite: CAST(strftime('%Y', …) AS INTEGER)   PostgreSQL: EXTRACT(YEAR FROM … AT TIME ZONE 'UTC')
 * // MySQL: EXTRACT(YEAR FROM …)
 * ```
 */
export function Extract<const A extends FuncArg>(
  expression: A,
  lookupName: ExtractPart,
): FuncNode<TypedAs<[A], number>> {
  if (lookupName === undefined || lookupName === null) {
    throw new TypeError("lookupName must be provided");
  }
  if (!(EXTRACT_PARTS as readonly string[]).includes(lookupName)) {
    throw new RangeError(
      `Invalid lookupName: ${String(lookupName)} (choices: ${EXTRACT_PARTS.join(", ")})`,
    );
  }
  return callFunction(EXTRACT, [expression], { part: lookupName });
}

type ExtractOf = <const A extends FuncArg>(expression: A) => FuncNode<TypedAs<[A], number>>;
const extractOf =
  (part: ExtractPart): ExtractOf =>
  (expression) =>
    Extract(expression, part);

/** The year: `ExtractYear("createdAt")`. */
export const ExtractYear: ExtractOf = extractOf("year");
/** The ISO-8601 week-numbering year. */
export const ExtractIsoYear: ExtractOf = extractOf("isoYear");
/** The month, 1–12. */
export const ExtractMonth: ExtractOf = extractOf("month");
/** The day of the month, 1–31. */
export const ExtractDay: ExtractOf = extractOf("day");
/** The ISO-8601 week number, 1–53 (weeks start on Monday). */
export const ExtractWeek: ExtractOf = extractOf("week");
/** The day of the week, Sunday = 1 … Saturday = 7 (Django's convention, on every database). */
export const ExtractWeekDay: ExtractOf = extractOf("weekDay");
/** The ISO-8601 day of the week, Monday = 1 … Sunday = 7. */
export const ExtractIsoWeekDay: ExtractOf = extractOf("isoWeekDay");
/** The quarter of the year, 1–4. */
export const ExtractQuarter: ExtractOf = extractOf("quarter");
/** The hour, 0–23. */
export const ExtractHour: ExtractOf = extractOf("hour");
/** The minute, 0–59. */
export const ExtractMinute: ExtractOf = extractOf("minute");
/** The whole seconds, 0–59. */
export const ExtractSecond: ExtractOf = extractOf("second");
