import type { ExpressionCompiler, FunctionWriter } from "../../compiler/expression-compiler.js";
import { NotSupportedError } from "../../errors.js";
import type { FuncNode } from "../../expressions/func.js";

/**
 * Datetimes are DATETIME(6) holding UTC (the session time zone is UTC), so
 * parts and truncations need no conversion. A truncated datetime is a
 * DATETIME again (Django casts DATE_FORMAT's text back), so it compares and
 * groups as one.
 */

const EXTRACT: Record<string, string> = {
  year: "YEAR",
  month: "MONTH",
  day: "DAY",
  quarter: "QUARTER",
  hour: "HOUR",
  minute: "MINUTE",
  second: "SECOND",
};

/** DATE_FORMAT patterns of each truncation, by output kind. */
const TRUNC_FORMAT: Record<string, Record<string, string>> = {
  datetime: {
    year: "%Y-01-01 00:00:00",
    month: "%Y-%m-01 00:00:00",
    day: "%Y-%m-%d 00:00:00",
    hour: "%Y-%m-%d %H:00:00",
    minute: "%Y-%m-%d %H:%i:00",
    second: "%Y-%m-%d %H:%i:%s",
  },
  date: { year: "%Y-01-01", month: "%Y-%m-01", day: "%Y-%m-%d" },
  time: { hour: "%H:00:00", minute: "%H:%i:00", second: "%H:%i:%s" },
};

const CAST_AS: Record<string, string> = { datetime: "DATETIME(6)", date: "DATE", time: "TIME(6)" };

function trunc(x: string, node: FuncNode, c: ExpressionCompiler): string {
  const kind = String(node.options.kind);
  const out = String(node.options.outputKind ?? "datetime");
  const as = CAST_AS[out];
  if (kind === "quarter" || kind === "week") {
    // The value is written twice: compile it again so positional parameters bind in order.
    const again = c.functionArgument(node.args[0]);
    const day =
      kind === "quarter"
        ? `MAKEDATE(YEAR(${x}), 1) + INTERVAL QUARTER(${again}) QUARTER - INTERVAL 1 QUARTER`
        : `DATE_SUB(DATE(${x}), INTERVAL WEEKDAY(${again}) DAY)`;
    return out === "date" ? `(${day})` : `CAST((${day}) AS ${as})`;
  }
  return `CAST(DATE_FORMAT(${x}, '${TRUNC_FORMAT[out][kind]}') AS ${as})`;
}

export const mysqlDatetimeFunctions: Record<string, FunctionWriter> = {
  Now: () => "CURRENT_TIMESTAMP(6)",
  Extract: ([x], node) => {
    const p = String(node.options.part);
    if (node.options.inputKind === "duration") {
      throw new NotSupportedError(
        `Extract('${p}') of a DurationField is not supported on MySQL/MariaDB (durations are ` +
          "stored as microseconds); divide the duration by its unit instead, or use PostgreSQL",
      );
    }
    if (p === "week") return `WEEK(${x}, 3)`;
    if (p === "weekDay") return `DAYOFWEEK(${x})`;
    if (p === "isoWeekDay") return `(WEEKDAY(${x}) + 1)`;
    if (p === "isoYear") return `FLOOR(YEARWEEK(${x}, 3) / 100)`;
    return `EXTRACT(${EXTRACT[p]} FROM ${x})`;
  },
  Trunc: ([x], node, c) => trunc(x, node, c),
  TruncDate: ([x]) => `DATE(${x})`,
  TruncTime: ([x]) => `TIME(${x})`,
};
