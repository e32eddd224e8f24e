import { sameExpression } from "../expressions/equality.js";
import { groupByTerms } from "../expressions/group-by-terms.js";
import type { Expression } from "../expressions/node.js";
import type { Col } from "../expressions/resolved.js";
import type { Query } from "../query/query.js";
import type { ExpressionCompiler } from "./expression-compiler.js";

function isCol(e: Expression): e is Col {
  return e.kind === "col";
}

/**
 * Where the database knows that grouping by a table's primary key
 * determines its other columns, keep only the key of that table
 * (Django's collapse_group_by): `GROUP BY publisher.id`, not every column.
 * Terms HAVING reads are kept as they are.
 */
function collapse(
  c: ExpressionCompiler,
  terms: readonly Expression[],
  q: Query,
): readonly Expression[] {
  if (!c.dialect.features.allowsGroupBySelectedPks) return terms;
  const keys = terms.filter((t) => isCol(t) && t.target.primaryKey);
  if (keys.length === 0) return terms;
  const keyed = new Set(keys.map((k) => (k as Col).source));
  const havingTerms = groupByTerms(q.having);
  return terms.filter(
    (t) =>
      keys.includes(t) ||
      havingTerms.some((h) => sameExpression(h, t)) ||
      !(isCol(t) && keyed.has(t.source)),
  );
}

/**
 * The GROUP BY list of a planned query: each term by its position in the
 * select list when it is a selected, named expression (`GROUP BY 1`: the
 * expression is not written, or bound, twice), else written out.
 */
export function groupByClause(c: ExpressionCompiler, q: Query): string {
  if (q.groupBy === null) return "";
  if (q.groupBy === true) throw new Error("Internal error: GROUP BY was not planned");
  const select = q.select ?? [];
  const out: string[] = [];
  for (const term of collapse(c, q.groupBy, q)) {
    const position = c.dialect.features.allowsGroupBySelectIndex
      ? select.findIndex((s) => !s.bare && sameExpression(s.expression, term))
      : -1;
    if (position < 0) out.push(c.expr(term));
    else if (!out.includes(String(position + 1))) out.push(String(position + 1));
  }
  return out.join(", ");
}
