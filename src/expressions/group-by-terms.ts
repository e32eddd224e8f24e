import type { Query } from "../query/query.js";
import type { ExpressionWrapperNode } from "./combinable.js";
import type { Expression } from "./node.js";
import type { OrderBy } from "./order-by.js";
import { Col, type ExistsNode, OuterCol, type SubqueryNode } from "./resolved.js";
import type { WindowNode } from "./window.js";

/**
 * The terms an expression adds to GROUP BY when it is selected (Django's
 * get_group_by_cols): itself when it does not aggregate, nothing for an
 * aggregate or a constant, and for an expression mixing both (`F("x") /
 * Count("y")`) the terms of its non-aggregate parts.
 */
export function groupByTerms(e: Expression): Expression[] {
  switch (e.kind) {
    case "aggregate":
    case "value":
    case "star":
    case "outerCol":
    case "nothing":
      return [];
    case "col":
    case "ref":
      return [e];
    case "subquery":
    case "exists":
      // A correlated subquery's value depends on the outer columns it reads:
      // group by those (Django's Subquery.get_group_by_cols / external cols).
      return outerColumnsOf((e as SubqueryNode | ExistsNode).query, 1);
    case "wrapper":
      return groupByTerms((e as ExpressionWrapperNode).expression);
    case "orderBy":
      return groupByTerms((e as OrderBy).expression);
    case "lookup":
    case "where":
      return e.children().flatMap(groupByTerms);
    case "window":
      // Django's Window.get_group_by_cols: PARTITION BY and ORDER BY terms, not the
      // windowed expression (SUM(x) OVER (PARTITION BY c) groups by c only).
      return (e as WindowNode).partitionAndOrder().flatMap(groupByTerms);
    default:
      return e.containsAggregate ? e.children().flatMap(groupByTerms) : [e];
  }
}

function* walk(e: Expression): Generator<Expression> {
  yield e;
  for (const c of e.children()) yield* walk(c);
}

/** The columns of the query `depth` levels out that `q` (and the queries in it) read, as that query's columns. */
function outerColumnsOf(q: Query, depth: number): Expression[] {
  const out: Expression[] = [];
  const roots = [
    q.where,
    q.having,
    ...(q.select ?? []).map((s) => s.expression),
    ...[...q.annotations.values()].map((a) => a.expression),
    ...q.orderBy,
  ];
  for (const root of roots) {
    for (const n of walk(root)) {
      if (n instanceof OuterCol && n.levels === depth)
        out.push(new Col(n.source, n.target, n.outputField));
      else if (n.kind === "subquery" || n.kind === "exists") {
        out.push(...outerColumnsOf((n as SubqueryNode | ExistsNode).query, depth + 1));
      }
    }
  }
  return out;
}
