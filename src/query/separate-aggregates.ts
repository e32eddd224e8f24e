import { AggregateNode } from "../expressions/aggregates.js";
import type { Expression } from "../expressions/node.js";
import { Col, LookupNode, OuterCol, SubqueryNode, WhereNode } from "../expressions/resolved.js";
import { mapExpression, walkExpression } from "../expressions/transform.js";
import { compactSources } from "./compact-sources.js";
import { emptyQuery, type Query, type Source, withChanges } from "./query.js";

/** The first to-many join on the path from the base table to `i` (its "branch"), or -1. */
function branchOf(sources: readonly Source[], i: number): number {
  let branch = -1;
  for (let at = i; at > 0; at = sources[at].join!.parent) {
    if (sources[at].join!.multiValued) branch = at;
  }
  return branch;
}

/** Table indexes an expression reads (nested subqueries are their own scope). */
function sourcesOf(e: Expression): Set<number> {
  const out = new Set<number>();
  for (const n of walkExpression(e)) if (n instanceof Col) out.add(n.source);
  return out;
}

function branchesOf(sources: readonly Source[], e: Expression): Set<number> {
  const out = new Set<number>();
  for (const s of sourcesOf(e)) {
    const b = branchOf(sources, s);
    if (b >= 0) out.add(b);
  }
  return out;
}

/** Every aggregate node of the query, once (annotations, select list, conditions, ordering). */
function aggregatesOf(q: Query): AggregateNode[] {
  const roots: Expression[] = [
    ...[...q.annotations.values()].map((a) => a.expression),
    ...(q.select ?? []).map((s) => s.expression),
    q.where,
    ...q.orderBy,
  ];
  const seen = new Set<AggregateNode>();
  for (const r of roots)
    for (const n of walkExpression(r)) if (n instanceof AggregateNode) seen.add(n);
  return [...seen];
}

/** Is the query grouped one group per base row (annotate() on model rows, or a grouping that includes the pk)? */
function groupedPerRow(q: Query): boolean {
  if (q.groupBy === true) return true;
  if (!Array.isArray(q.groupBy)) return false;
  return q.groupBy.some((t) => t instanceof Col && t.source === 0 && t.target === q.meta.pk);
}

/**
 * Aggregates over different to-many relations of the same row multiply
 * each other in one JOIN + GROUP BY (Django's documented overcount):
 *   Book.annotate(a=Count("authors"), s=Count("store"))  → a = authors × stores
 * Tango computes each such aggregate in its own correlated subquery over
 * the same rows and filters instead, so the numbers are the true ones:
 *   SELECT book.*, (SELECT COUNT(U1.author_id) FROM book U0 LEFT JOIN book_authors U1 … WHERE U0.id = (book.id)),
 *                  (SELECT COUNT(U1.store_id) FROM book U0 LEFT JOIN store_books U1 … WHERE U0.id = (book.id))
 *   FROM book
 * Filters on a relation still restrict its aggregate (filter-then-annotate).
 * Left as Django writes it: one to-many relation, grouping by values(),
 * `aggregateJoins("shared")`, or a condition that mixes two relations.
 */
export function withSeparateAggregates(q: Query): Query {
  if (q.aggregateJoins === "shared" || q.combined || !groupedPerRow(q)) return q;
  const aggregates = aggregatesOf(q);
  const branchOfAggregate = new Map<AggregateNode, number>();
  for (const a of aggregates) {
    const branches = branchesOf(q.sources, a);
    if (branches.size > 1) return q;
    branchOfAggregate.set(a, branches.size ? [...branches][0] : -1);
  }
  const branches = new Set([...branchOfAggregate.values()].filter((b) => b >= 0));
  if (branches.size < 2) return q;
  const conjuncts =
    q.where.connector === "AND" && !q.where.negated ? q.where.children_ : [q.where as Expression];
  const conjunctBranch = new Map<Expression, number>();
  for (const c of conjuncts) {
    // A condition on an aggregate (HAVING) stays outside, on the swapped-in subquery.
    if (c.containsAggregate) continue;
    const b = branchesOf(q.sources, c);
    if (b.size > 1) return q;
    conjunctBranch.set(c, b.size ? [...b][0] : -1);
  }

  const replacement = new Map<AggregateNode, SubqueryNode>();
  for (const [a, b] of branchOfAggregate) {
    if (b < 0) continue;
    const own = conjuncts.filter((c) => conjunctBranch.get(c) === b);
    replacement.set(a, correlatedAggregate(q, a, own));
  }
  const swap = (e: Expression) =>
    mapExpression(e, (n) => (n instanceof AggregateNode ? replacement.get(n) : undefined));
  const annotations = new Map(
    [...q.annotations].map(([name, a]) => [name, { ...a, expression: swap(a.expression) }]),
  );
  let out = withChanges(q, {
    annotations,
    select: q.select?.map((s) => ({ ...s, expression: swap(s.expression) })) ?? null,
    where: swap(q.where) as WhereNode,
    orderBy: q.orderBy.map((o) => o.withExpression(swap(o.expression))),
  });
  out = compactSources(out);
  // With no aggregate and no to-many join left, the rows need no grouping.
  const stillGrouped = aggregatesOf(out).length > 0 || out.sources.some((s) => s.join?.multiValued);
  return stillGrouped ? out : withChanges(out, { groupBy: null });
}

/**
 * One aggregate as a scalar subquery over the same base row: the base table,
 * the joins the aggregate (and its relation's filters) read, correlated on
 * the primary key. Its values bind into the same parameter list (offset 0).
 */
function correlatedAggregate(
  q: Query,
  aggregate: AggregateNode,
  conditions: readonly Expression[],
): SubqueryNode {
  const pk = new Col(0, q.meta.pk);
  const correlation = new LookupNode("exact", pk, new OuterCol(1, 0, q.meta.pk));
  const inner = compactSources(
    withChanges(emptyQuery(q.meta), {
      sources: q.sources,
      where: new WhereNode([...conditions, correlation]),
      select: [{ name: "value", expression: aggregate }],
      defaultOrdering: false,
    }),
  );
  return new SubqueryNode(inner, aggregate.outputField, 0);
}
