import type { AggregateNode } from "../expressions/aggregates.js";
import type { ExpressionCompiler } from "./expression-compiler.js";

/** The SQL function each aggregate is written with. */
function functionName(c: ExpressionCompiler, a: AggregateNode): string {
  switch (a.fn) {
    case "StdDev":
      return a.sample ? "STDDEV_SAMP" : "STDDEV_POP";
    case "Variance":
      return a.sample ? "VAR_SAMP" : "VAR_POP";
    case "AnyValue":
      // Without ANY_VALUE, MIN is one of the group's values too (and ignores NULLs likewise).
      return c.dialect.features.supportsAnyValue ? "ANY_VALUE" : "MIN";
    default:
      return a.fn.toUpperCase();
  }
}

/**
 * `AGG([DISTINCT] x)`, with a filter as `FILTER (WHERE …)` where the
 * database has it and as `AGG(CASE WHEN … THEN x ELSE NULL END)` elsewhere
 * (Django's Aggregate.as_sql). Parts compile in text order, so positional
 * placeholders bind in the order they appear.
 */
export function compileAggregate(c: ExpressionCompiler, a: AggregateNode): string {
  const fn = functionName(c, a);
  const distinct = a.distinct ? "DISTINCT " : "";
  const source = () => (a.source.kind === "star" ? "*" : c.aggregateSource(a, c.expr(a.source)));
  if (!a.filter) return `${fn}(${distinct}${source()})`;
  if (c.dialect.features.supportsAggregateFilterClause) {
    const call = `${fn}(${distinct}${source()})`;
    return `${call} FILTER (WHERE ${c.conditionSql(a.filter)})`;
  }
  const condition = c.conditionSql(a.filter);
  return `${fn}(${distinct}CASE WHEN ${condition} THEN ${source()} ELSE NULL END)`;
}
