import type { Expression } from "../expressions/node.js";
import { Col, ExistsNode, OuterCol, SubqueryNode } from "../expressions/resolved.js";
import { walkExpression } from "../expressions/transform.js";
import type { Query, Source } from "./query.js";
import { mapQueryExpressions } from "./query-walk.js";

/** Every expression slot of a query (not descending into nested queries). */
function expressionsOf(q: Query): Expression[] {
  return [
    q.where,
    q.having,
    ...[...q.annotations.values()].map((a) => a.expression),
    ...(q.select ?? []).map((s) => s.expression),
    ...q.orderBy,
    ...(Array.isArray(q.groupBy) ? q.groupBy : []),
    ...q.distinctFields,
  ];
}

/** Tables of `q` that nested subqueries read through OuterCol (levels = their depth). */
function outerReads(e: Expression, depth: number, into: Set<number>): void {
  for (const n of walkExpression(e)) {
    if (n instanceof OuterCol && n.levels === depth) into.add(n.source);
    if (n instanceof SubqueryNode || n instanceof ExistsNode) {
      for (const inner of expressionsOf(n.query)) outerReads(inner, depth + 1, into);
    }
  }
}

/**
 * Drop the joins nothing reads any more (and renumber the rest), after
 * expressions that used them were moved into subqueries. A join that is
 * still needed keeps its parents.
 */
export function compactSources(q: Query): Query {
  const used = new Set<number>([0]);
  // A joined CTE filters rows even when nothing reads its columns.
  q.sources.forEach((s, i) => {
    if (s.cte) used.add(i);
  });
  for (const e of expressionsOf(q)) {
    for (const n of walkExpression(e)) if (n instanceof Col) used.add(n.source);
    outerReads(e, 1, used);
  }
  for (const i of [...used]) {
    for (let at = i; at > 0; at = q.sources[at].join!.parent) used.add(at);
  }
  if (used.size === q.sources.length) return q;
  const kept = [...used].sort((a, b) => a - b);
  const index = new Map(kept.map((old, i) => [old, i]));
  const sources: Source[] = kept.map((old) => {
    const s = q.sources[old];
    return s.join ? { ...s, join: { ...s.join, parent: index.get(s.join.parent)! } } : s;
  });
  const remapped = mapQueryExpressions(q, (n, depth) => {
    if (depth === 1 && n instanceof Col)
      return new Col(index.get(n.source)!, n.target, n.outputField);
    if (n instanceof OuterCol && n.levels === depth - 1 && depth > 1) {
      return new OuterCol(n.levels, index.get(n.source)!, n.target, n.outputField);
    }
    return undefined;
  });
  return Object.freeze({ ...remapped, sources: Object.freeze(sources) });
}
