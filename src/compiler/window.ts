import { NotSupportedError } from "../errors.js";
import type { FuncNode } from "../expressions/func.js";
import type { BoundValue } from "../expressions/resolved.js";
import type { WindowFrame, WindowNode } from "../expressions/window.js";
import { isLagLeadWithDefault, LAG } from "../expressions/window-functions.js";
import type { Query } from "../query/query.js";
import type { ExpressionCompiler } from "./expression-compiler.js";

/** The database's name as people know it, for NotSupportedError messages. */
function databaseName(c: ExpressionCompiler): string {
  return c.dialect.displayName;
}

/** One frame bound as Django writes it: null = UNBOUNDED, 0 = CURRENT ROW, -n / n = n PRECEDING / FOLLOWING. */
function bound(v: number | null, unbounded: string): string {
  if (v === null) return unbounded;
  if (v === 0) return "CURRENT ROW";
  return v < 0 ? `${-v} PRECEDING` : `${v} FOLLOWING`;
}

/**
 * `ROWS|RANGE BETWEEN start AND end [EXCLUDE …]`. The bounds are integers
 * checked by RowRange()/ValueRange() and written as literals: no database
 * takes a parameter there.
 */
export function frameSql(c: ExpressionCompiler, frame: WindowFrame): string {
  const sql = `${frame.type} BETWEEN ${bound(frame.start, "UNBOUNDED PRECEDING")} AND ${bound(frame.end, "UNBOUNDED FOLLOWING")}`;
  if (!frame.exclusion) return sql;
  if (!c.dialect.features.supportsFrameExclusion) {
    throw new NotSupportedError(
      `${databaseName(c)} does not support window frame exclusion (EXCLUDE ${frame.exclusion}); ` +
        "compute the frame without it and correct in the expression instead " +
        "(for EXCLUDE CURRENT ROW: Window({ expression: Sum(x), … }).sub(F(x))).",
    );
  }
  return `${sql} EXCLUDE ${frame.exclusion}`;
}

/** `PARTITION BY … ORDER BY … frame`, compiled in text order. */
function overClause(c: ExpressionCompiler, w: WindowNode, frame: string | null): string {
  const parts: string[] = [];
  if (w.partitionBy.length)
    parts.push(`PARTITION BY ${w.partitionBy.map((e) => c.expr(e)).join(", ")}`);
  if (w.orderBy.length)
    parts.push(`ORDER BY ${w.orderBy.flatMap((o) => c.orderTerm(o)).join(", ")}`);
  if (frame) parts.push(frame);
  return `OVER (${parts.join(" ")})`;
}

/**
 * `expression OVER (PARTITION BY … ORDER BY … frame)` (Django's
 * Window.as_sql). The expression compiles as itself: an aggregate with its
 * FILTER or CASE WHEN form, a window function as `NAME(args)`.
 */
export function compileWindow(c: ExpressionCompiler, w: WindowNode): string {
  const source = w.expression as FuncNode;
  if (
    source.kind === "func" &&
    isLagLeadWithDefault(source) &&
    !c.dialect.features.supportsLagLeadDefault
  )
    return lagLeadDefaultEmulation(c, w, source);
  const expression = c.expr(w.expression);
  return c.windowResult(
    `${expression} ${overClause(c, w, w.frame ? frameSql(c, w.frame) : null)}`,
    w,
  );
}

/**
 * LAG/LEAD with a default where the database takes only (x, offset)
 * (MariaDB). The row `offset` away exists exactly when a one-row frame
 * placed there counts a row, so the default is used then and only then:
 *   Lag("price", { offset: 2, default: 0 })
 *   → CASE WHEN COUNT(*) OVER (ORDER BY … ROWS BETWEEN 2 PRECEDING AND 2 PRECEDING) = 0
 *     THEN 0 ELSE LAG(price, 2) OVER (ORDER BY …) END
 * (a NULL value in that row stays NULL, as with a native default).
 * LAG and LEAD ignore the frame, so the window's own frame is not written.
 */
function lagLeadDefaultEmulation(c: ExpressionCompiler, w: WindowNode, fn: FuncNode): string {
  const offset = Number((fn.args[1] as BoundValue).value);
  const at = fn.spec === LAG ? `${offset} PRECEDING` : `${offset} FOLLOWING`;
  const count = `COUNT(*) ${overClause(c, w, `ROWS BETWEEN ${at} AND ${at}`)}`;
  const fallback = c.selectExpr(fn.args[2]);
  const value = `${fn.spec?.sql}(${c.expr(fn.args[0])}, ${c.expr(fn.args[1])})`;
  return c.windowResult(
    `CASE WHEN ${count} = 0 THEN ${fallback} ELSE ${value} ${overClause(c, w, null)} END`,
    w,
  );
}

/**
 * MariaDB skips an ORDER BY on the GROUP BY keys when the query also
 * computes window functions, which re-sort the groups: rows come back in
 * the window's order (`… GROUP BY c ORDER BY c` with RANK() OVER (ORDER BY
 * SUM(x)) returns c = 2 before c = 1). A window column as the last ORDER BY
 * term forces the sort; after the terms asked for it only orders ties,
 * whose order SQL leaves open anyway.
 */
export function windowSortGuard(c: ExpressionCompiler, q: Query, orderTerms: number): string[] {
  if (orderTerms === 0 || q.groupBy === null || !c.dialect.features.ignoresGroupKeyOrderWithWindows)
    return [];
  const window = (q.select ?? []).find((s) => !s.bare && s.expression.containsWindow);
  return window ? [c.quote(window.name)] : [];
}
