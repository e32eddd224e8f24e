import type { Expression } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import { ExistsNode, SubqueryNode, type WhereNode } from "../expressions/resolved.js";
import { mapExpression } from "../expressions/transform.js";
import type { Annotation, Query } from "./query.js";

/**
 * Rewrite every expression of a query — conditions, annotations, select
 * list, ordering, grouping, members of a combination — and of the queries
 * nested in it (subqueries, EXISTS), which are visited at `depth + 1`.
 * `fn` returns a replacement node, or undefined to keep the node (its
 * children still visited). Returns the same Query when nothing changed.
 */
export function mapQueryExpressions(
  q: Query,
  fn: (node: Expression, depth: number) => Expression | undefined,
  depth = 1,
): Query {
  let changed = false;
  const map = <E extends Expression>(e: E): E => {
    const out = mapExpression(e, (node) => {
      if (node instanceof SubqueryNode) {
        const inner = mapQueryExpressions(node.query, fn, depth + 1);
        return inner === node.query
          ? undefined
          : new SubqueryNode(inner, node.outputField, node.paramOffset);
      }
      if (node instanceof ExistsNode) {
        const inner = mapQueryExpressions(node.query, fn, depth + 1);
        return inner === node.query
          ? undefined
          : new ExistsNode(inner, node.negated, node.paramOffset);
      }
      return fn(node, depth);
    }) as E;
    if (out !== e) changed = true;
    return out;
  };
  const where = map(q.where) as WhereNode;
  const having = map(q.having) as WhereNode;
  const annotations = new Map<string, Annotation>();
  for (const [name, a] of q.annotations) {
    annotations.set(name, { ...a, expression: map(a.expression) });
  }
  const select = q.select?.map((s) => ({ ...s, expression: map(s.expression) })) ?? null;
  const orderBy = q.orderBy.map((o) => map(o) as OrderBy);
  const groupBy = Array.isArray(q.groupBy) ? q.groupBy.map(map) : q.groupBy;
  const distinctFields = q.distinctFields.map(map);
  let combined = q.combined;
  if (combined) {
    const queries = combined.queries.map((m) => mapQueryExpressions(m, fn, depth));
    if (queries.some((m, i) => m !== combined!.queries[i])) {
      changed = true;
      combined = { ...combined, queries };
    }
  }
  if (!changed) return q;
  return Object.freeze({
    ...q,
    where,
    having,
    annotations,
    select,
    orderBy,
    groupBy,
    distinctFields,
    combined,
  });
}
