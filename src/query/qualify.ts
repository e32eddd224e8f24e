import { NotSupportedError } from "../errors.js";
import { sameExpression } from "../expressions/equality.js";
import type { Expression } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import { outputFieldOf } from "../expressions/output.js";
import { LookupNode, Ref, SubqueryNode, WhereNode } from "../expressions/resolved.js";
import { walkExpression } from "../expressions/transform.js";
import { withFinalGrouping } from "./group-by.js";
import { splitHaving } from "./having.js";
import { emptyQuery, type Query, type SelectItem, withChanges } from "./query.js";
import { withSeparateAggregates } from "./separate-aggregates.js";

/**
 * The last planning step of a SELECT: GROUP BY and HAVING, and — when a
 * condition reads a window function — the wrapping that evaluates it.
 * No database here has QUALIFY, and WHERE runs before windows are
 * computed, so the query is split in two (Django's get_qualify_sql):
 *   Order.objects.annotate(rn=Window(RowNumber(), …)).filter(rn=1, status="paid")
 *   → SELECT "col1", …, "rn" FROM (
 *       SELECT "orders_order"."id" AS "col1", …, ROW_NUMBER() OVER (…) AS "rn"
 *       FROM "orders_order" WHERE "orders_order"."status" = 'paid'
 *     ) "qualify" WHERE "rn" = 1
 * The inner query keeps the WHERE and HAVING parts and computes every
 * column; the outer one filters on the window columns, then applies
 * DISTINCT, ORDER BY and LIMIT, as a QUALIFY clause would.
 */
export function withFinalFilters(query: Query): Query {
  const q = withSeparateAggregates(query);
  if (!q.where.containsWindow) return withFinalGrouping(q);
  const split = splitHaving(q.where, q.groupBy !== null);
  if (split.qualify.children_.length === 0) return withFinalGrouping(q);
  const rowConditions = [split.where, split.having].filter((w) => w.children_.length > 0);
  return wrapQualify(q, new WhereNode(rowConditions), split.qualify);
}

/** A name not yet used in the select list (`col1`, `qual0` …). */
function freshName(used: Set<string>, prefix: string, from: number): string {
  let n = from;
  while (used.has(`${prefix}${n}`)) n++;
  const name = `${prefix}${n}`;
  used.add(name);
  return name;
}

function assertWrappable(q: Query): void {
  if (q.selectForUpdate) {
    throw new NotSupportedError(
      "selectForUpdate() cannot lock rows filtered on a window function (the filter runs in an " +
        "outer query). Select the primary keys first, then lock them with filter({ pk__in: [...] }).",
    );
  }
  const parts: Expression[] = [
    q.where,
    q.having,
    ...q.orderBy,
    ...(q.select ?? []).map((s) => s.expression),
  ];
  for (const e of parts) {
    for (const n of walkExpression(e)) {
      if (n.kind === "outerCol" || n.kind === "outerRef") {
        throw new NotSupportedError(
          "A subquery that refers to its outer query (OuterRef) cannot filter on a window " +
            "function: the window filter needs a derived table, which cannot see the outer query. " +
            "Order the subquery and slice it instead (orderBy(...).slice(0, 1)).",
        );
      }
    }
  }
}

/**
 * Build the outer query over `q` (whose WHERE becomes `rowConditions`):
 * selected columns get unique names (`col1`… for the model's columns, as
 * Django's with_col_aliases), and each expression the window conditions
 * or the ordering read that is not selected is added as `qual0`, `qual1`…
 * The outer query selects only the original columns, so rows read the same.
 */
function wrapQualify(q: Query, rowConditions: WhereNode, qualify: WhereNode): Query {
  assertWrappable(q);
  const used = new Set((q.select ?? []).filter((s) => !s.bare).map((s) => s.name));
  let colCount = 0;
  const selected: SelectItem[] = (q.select ?? []).map((s) =>
    s.bare ? { name: freshName(used, "col", ++colCount), expression: s.expression } : s,
  );
  const extra: SelectItem[] = [];
  const refTo = (item: SelectItem, e: Expression) => new Ref(item.name, e, outputFieldOf(e));
  /** Django's collect_replacements: a selected expression, or a new `qualN` column. */
  const column = (e: Expression): Expression => {
    if (e.kind === "value") return e; // bound values stay parameters of the outer condition
    if (e instanceof Ref) return selected.some((s) => s.name === e.name) ? e : column(e.expression);
    const hit = [...selected, ...extra].find((s) => sameExpression(s.expression, e));
    if (hit) return refTo(hit, e);
    const item = { name: freshName(used, "qual", extra.length), expression: e };
    extra.push(item);
    return refTo(item, e);
  };
  const condition = (e: Expression): Expression => {
    if (e instanceof WhereNode)
      return new WhereNode(e.children_.map(condition), e.connector, e.negated);
    if (e instanceof LookupNode) {
      const rhs = e.rhs;
      // `x IN (SELECT …)` may correlate with the inner query's tables: evaluate it there, as a column.
      if (rhs instanceof SubqueryNode) return column(e);
      const mapped =
        typeof rhs === "boolean"
          ? rhs
          : Array.isArray(rhs)
            ? rhs.map(column)
            : column(rhs as Expression);
      return new LookupNode(e.lookupName, column(e.lhs), mapped);
    }
    if (e.kind === "nothing") return e;
    return column(e);
  };
  const outerWhere = condition(qualify) as WhereNode;
  const outerOrder = q.orderBy.map((o: OrderBy) => o.withExpression(column(o.expression)));
  const outerDistinctOn = q.distinctFields.map(column);

  // SQL's order: windows, then their filter, then DISTINCT, ORDER BY, LIMIT — all outside.
  // (Django keeps DISTINCT inside, where the added qualN columns can make rows distinct that
  // are duplicates in the result; Tango returns the distinct rows asked for.)
  const inner = withChanges(q, {
    where: rowConditions,
    select: [...selected, ...extra],
    orderBy: [],
    defaultOrdering: false,
    distinct: false,
    distinctFields: [],
    low: 0,
    high: null,
  });
  return withChanges(emptyQuery(q.meta), {
    sources: [{ meta: q.meta, table: "qualify", join: null, subquery: withFinalGrouping(inner) }],
    select: selected.map((s) => ({ name: s.name, expression: refTo(s, s.expression), bare: true })),
    where: outerWhere,
    orderBy: outerOrder,
    distinct: q.distinct,
    distinctFields: outerDistinctOn,
    defaultOrdering: false,
    low: q.low,
    high: q.high,
  });
}
