import { Compiler, type FunctionWriter } from "../../compiler/compiler.js";
import type { Expression } from "../../expressions/node.js";
import { outputFieldOf } from "../../expressions/output.js";
import type { Ref } from "../../expressions/resolved.js";
import type { WindowNode } from "../../expressions/window.js";
import { isDecimalValue } from "../function-args.js";
import { sqliteFunctions } from "./functions.js";

/** Computed expressions: in SQLite their value has no affinity (a column's has its column's). */
const COMPUTED = new Set(["aggregate", "combined", "func", "case", "wrapper", "window"]);

function isComputedDecimal(e: Expression): boolean {
  if (e.kind === "ref") return isComputedDecimal((e as Ref).expression);
  return COMPUTED.has(e.kind) && outputFieldOf(e)?.internalType === "DecimalField";
}

export class SqliteCompiler extends Compiler {
  override functionTable(): Readonly<Record<string, FunctionWriter>> {
    return sqliteFunctions;
  }

  /**
   * Decimals are bound as text (as Django does). Compared with a NUMERIC
   * column the text is converted, but a computed value has no affinity and
   * SQLite then orders every number before every text: `SUM(x) >= '200'` is
   * always false. CAST(… AS NUMERIC) gives it NUMERIC affinity (Django's
   * SQLiteNumericMixin).
   */
  override comparand(e: Expression, sql: string): string {
    return isComputedDecimal(e) ? `CAST(${sql} AS NUMERIC)` : sql;
  }

  /**
   * Decimals are bound as text, and SQLite orders any text above any
   * number (`MAX(price, '5.00')` is '5.00'): make a decimal value a number
   * again, as Django's SQLiteNumericMixin does for Value().
   */
  override functionArgument(a: Expression): string {
    const sql = super.functionArgument(a);
    return isDecimalValue(a) ? `CAST(${sql} AS NUMERIC)` : sql;
  }

  /**
   * A decimal window (SUM(total) OVER …) is a REAL without affinity: compared
   * with a bound decimal (sent as text, as Django does) it would never match.
   * CAST(… AS NUMERIC) gives it NUMERIC affinity, also as a column of the
   * outer query that filters on it (Django's Window.as_sqlite).
   */
  override windowResult(sql: string, node: WindowNode): string {
    return node.outputField?.internalType === "DecimalField" ? `CAST(${sql} AS NUMERIC)` : sql;
  }
}
