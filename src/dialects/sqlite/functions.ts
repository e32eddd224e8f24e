import type { FunctionWriter } from "../../compiler/compiler.js";
import { NotSupportedError } from "../../errors.js";
import { numberValue } from "../function-args.js";
import { sqliteDatetimeFunctions } from "./datetime-functions.js";

/**
 * SQLite's function table: where SQLite spells a function differently from
 * `SQL(args…)`. Greatest/Least are the multi-argument scalar MAX()/MIN(),
 * which return NULL when any argument is NULL (Django documents this).
 */
export const sqliteFunctions: Record<string, FunctionWriter> = {
  Greatest: (args) => `MAX(${args.join(", ")})`,
  Least: (args) => `MIN(${args.join(", ")})`,
  Cast: ([x], node, c) => {
    const field = node.outputField!;
    const type = c.dialect.castType(field.internalType, field);
    // date/datetime/time affinities would keep text as is: reformat it (as Django).
    if (type === "date") return `date(${x})`;
    if (type === "datetime") return `strftime('%Y-%m-%d %H:%M:%f', ${x})`;
    if (type === "time") return `strftime('%H:%M:%f', ${x})`;
    return `CAST(${x} AS ${type})`;
  },
  Concat: (args) => `(${args.map((a) => `COALESCE(${a}, '')`).join(" || ")})`,
  Substr: (args) => `SUBSTR(${args.join(", ")})`,
  Round: ([x, precision], node) => {
    const p = numberValue(node.args[1]);
    if (p !== undefined && p < 0) {
      throw new NotSupportedError(
        "SQLite does not support negative precision in Round(); round a scaled value " +
          "instead (Round(F('x').div(100)).mul(100)), or use PostgreSQL or MySQL",
      );
    }
    return `ROUND(${x}, ${precision})`;
  },
  ...sqliteDatetimeFunctions,
};
