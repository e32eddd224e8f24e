import type { ExpressionCompiler, FunctionWriter } from "../../compiler/expression-compiler.js";
import { NotSupportedError } from "../../errors.js";
import type { FuncNode } from "../../expressions/func.js";

/**
 * SQLite has no date types: dates, datetimes and times are text
 * (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC, `HH:MM:SS`), read
 * and written with strftime(). A truncated datetime is written in the same
 * text form as stored ones, so it compares equal to them.
 */

const STRFTIME: Record<string, string> = {
  year: "%Y",
  isoYear: "%G",
  month: "%m",
  day: "%d",
  week: "%V",
  isoWeekDay: "%u",
  hour: "%H",
  minute: "%M",
  second: "%S",
};

const part = (fmt: string, x: string) => `CAST(strftime('${fmt}', ${x}) AS INTEGER)`;

/** strftime formats of each truncation, by output kind. */
const TRUNC_FORMAT: Record<string, Record<string, string>> = {
  datetime: {
    year: "%Y-01-01 00:00:00",
    month: "%Y-%m-01 00:00:00",
    day: "%Y-%m-%d 00:00:00",
    hour: "%Y-%m-%d %H:00:00",
    minute: "%Y-%m-%d %H:%M:00",
    second: "%Y-%m-%d %H:%M:%S",
  },
  date: { year: "%Y-01-01", month: "%Y-%m-01", day: "%Y-%m-%d" },
  time: { hour: "%H:00:00", minute: "%H:%M:00", second: "%H:%M:%S" },
};

function trunc(x: string, node: FuncNode, c: ExpressionCompiler): string {
  const kind = String(node.options.kind);
  const out = String(node.options.outputKind ?? "datetime");
  const suffix = out === "datetime" ? " 00:00:00" : "";
  if (kind === "week") {
    // Back to the Monday on or before the day ('weekday 1' moves forward to a Monday).
    return out === "datetime"
      ? `datetime(${x}, 'start of day', '-6 days', 'weekday 1')`
      : `date(${x}, '-6 days', 'weekday 1')`;
  }
  if (kind === "quarter") {
    // The value is written twice: compile it again so positional parameters bind in order.
    const again = c.functionArgument(node.args[0]);
    return `(strftime('%Y-', ${x}) || printf('%02d', ((${part("%m", again)} - 1) / 3) * 3 + 1) || '-01${suffix}')`;
  }
  return `strftime('${TRUNC_FORMAT[out][kind]}', ${x})`;
}

export const sqliteDatetimeFunctions: Record<string, FunctionWriter> = {
  Now: () => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  Extract: ([x], node) => {
    const p = String(node.options.part);
    if (node.options.inputKind === "duration") {
      throw new NotSupportedError(
        `Extract('${p}') of a DurationField is not supported on SQLite (durations are stored as ` +
          "microseconds); divide the duration by its unit instead, or use PostgreSQL",
      );
    }
    if (p === "weekDay") return `(${part("%w", x)} + 1)`;
    if (p === "quarter") return `((${part("%m", x)} + 2) / 3)`;
    return part(STRFTIME[p], x);
  },
  Trunc: ([x], node, c) => trunc(x, node, c),
  TruncDate: ([x]) => `date(${x})`,
  TruncTime: ([x]) => `strftime('%H:%M:%f', ${x})`,
};
