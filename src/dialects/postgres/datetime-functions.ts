import type { FunctionWriter } from "../../compiler/compiler.js";

/**
 * Datetimes are `timestamp with time zone`; Tango works in UTC (Django with
 * USE_TZ and TIME_ZONE = "UTC"), so a datetime is taken `AT TIME ZONE 'UTC'`
 * before a part is read or it is truncated.
 */

const EXTRACT: Record<string, string> = {
  year: "YEAR",
  isoYear: "ISOYEAR",
  month: "MONTH",
  day: "DAY",
  week: "WEEK",
  weekDay: "DOW",
  isoWeekDay: "ISODOW",
  quarter: "QUARTER",
  hour: "HOUR",
  minute: "MINUTE",
  second: "SECOND",
};

function inUtc(arg: string, kind: unknown): string {
  return kind === "datetime" ? `${arg} AT TIME ZONE 'UTC'` : arg;
}

export const postgresDatetimeFunctions: Record<string, FunctionWriter> = {
  /** The time the statement started (CURRENT_TIMESTAMP would be the transaction's), as Django. */
  Now: () => "STATEMENT_TIMESTAMP()",
  Extract: ([x], node) => {
    const part = String(node.options.part);
    const sql = `EXTRACT(${EXTRACT[part]} FROM ${inUtc(x, node.options.inputKind)})`;
    if (part === "weekDay") return `(${sql} + 1)`;
    if (part === "second") return `FLOOR(${sql})`;
    return sql;
  },
  /** DATE_TRUNC gives a timestamp (an interval for a time): cast it back to the output kind. */
  Trunc: ([x], node) => {
    const sql = `DATE_TRUNC('${String(node.options.kind)}', ${inUtc(x, node.options.inputKind)})`;
    if (node.options.outputKind === "date") return `(${sql})::date`;
    if (node.options.outputKind === "time") return `(${sql})::time`;
    return sql;
  },
  TruncDate: ([x], node) => `(${inUtc(x, node.options.inputKind)})::date`,
  TruncTime: ([x], node) => `(${inUtc(x, node.options.inputKind)})::time`,
};
