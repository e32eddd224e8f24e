import { sameExpression } from "../expressions/equality.js";
import { groupByTerms } from "../expressions/group-by-terms.js";
import type { Expression } from "../expressions/node.js";
import { Col, Ref } from "../expressions/resolved.js";
import { splitHaving } from "./having.js";
import type { Query, SelectItem } from "./query.js";

/**
 * GROUP BY of values(…).annotate(aggregate) (Django's set_group_by): each
 * selected item that does not aggregate, and the non-aggregate parts of
 * those that do.
 */
export function groupByOfSelect(select: readonly SelectItem[]): Expression[] {
  return select.flatMap((s) =>
    s.expression.containsAggregate || s.expression.containsWindow
      ? groupByTerms(s.expression)
      : [s.expression],
  );
}

/**
 * values() on a query grouped by its model rows (annotate(Count(…)).values(…)):
 * the grouping stays per model row: every column of the model, and the
 * selected annotations that do not aggregate (Django's set_values with
 * group_by=True). So `annotate().values()` is not a GROUP BY of the values.
 */
export function groupByOfModelRows(q: Query): Expression[] {
  const columns: Expression[] = q.meta.fields.map((f) => new Col(0, f));
  for (const a of q.annotations.values())
    if (a.selected) columns.push(...groupByTerms(a.expression));
  return columns;
}

/**
 * The final GROUP BY and HAVING of a query about to be compiled (Django's
 * SQLCompiler.get_group_by): the explicit grouping, then every selected
 * term, the ordering terms that are not selected columns (so ordering by a
 * field splits groups: `order_by("created_at").values("status").annotate(…)`
 * groups by status and created_at), and the columns HAVING reads.
 * The compiler then drops repeats, and columns functionally dependent on a
 * grouped primary key where the database allows it.
 */
export function withFinalGrouping(q: Query): Query {
  const { where, having, qualify } = splitHaving(q.where, q.groupBy !== null);
  if (qualify.children_.length)
    throw new Error("Internal error: a condition on a window reached GROUP BY planning unwrapped");
  if (q.groupBy === null)
    return having === q.having && where === q.where ? q : { ...q, where, having };
  const select = q.select ?? [];
  const terms: Expression[] = q.groupBy === true ? [] : [...q.groupBy];
  for (const item of select) terms.push(...groupByTerms(item.expression));
  for (const o of q.orderBy) {
    const e = o.expression;
    if (e instanceof Ref && select.some((s) => s.name === e.name)) continue;
    terms.push(...groupByTerms(o.expression));
  }
  terms.push(...groupByTerms(having));
  return Object.freeze({ ...q, where, having, groupBy: dedupe(terms) });
}

function dedupe(terms: readonly Expression[]): Expression[] {
  const out: Expression[] = [];
  for (const t of terms) if (!out.some((o) => sameExpression(o, t))) out.push(t);
  return out;
}
