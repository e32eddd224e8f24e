import { FieldError } from "../errors.js";
import { OuterRefExpression } from "../expressions/f.js";
import { Col, OuterCol } from "../expressions/resolved.js";
import { mapExpression } from "../expressions/transform.js";
import type { Query } from "./query.js";
import { mapQueryExpressions } from "./query-walk.js";
import { resolveFieldRef, type Scope } from "./resolve.js";
import { AS_QUERY, isQuerySource } from "./subquery-source.js";

/**
 * Point a query's pending OuterRefs at the query it is being embedded in.
 * A QuerySet built on its own keeps `OuterRef("pk")` unresolved; when it
 * becomes a subquery of `scope`'s query, each OuterRef that reaches exactly
 * this far out (one level for a direct child, two for `OuterRef(OuterRef(…))`
 * in a grandchild) becomes a column of that query (adding its joins):
 *   Customer.annotate(last=Subquery(Order.filter(customer=OuterRef("pk"))…))
 *   → … WHERE U0."customer_id" = ("customer"."id")
 * OuterRefs reaching further stay pending for the next embedding.
 */
export function bindOuterRefs(query: Query, scope: Scope): Query {
  return mapQueryExpressions(query, (node, depth) => {
    if (!(node instanceof OuterRefExpression)) return undefined;
    const { levels, name } = node.target;
    // Reaching further out: leave it (and its nested OuterRef) for a later embedding.
    if (levels !== depth) return node;
    const target = resolveFieldRef(scope, name);
    if (target.containsAggregate || target.containsWindow) {
      throw new FieldError(
        `OuterRef('${name}') refers to an aggregate or window annotation, which a subquery cannot read`,
      );
    }
    // A field, or an outer annotation: its columns are read from the outer query's row.
    return mapExpression(target, (n) =>
      n instanceof Col ? new OuterCol(depth, n.source, n.target, n.outputField) : undefined,
    );
  });
}

/**
 * A QuerySet embedded in the query being built: its parameters join the
 * outer parameter list (returned: where they start) and its OuterRefs
 * point at the outer query.
 */
export function embedQuery(source: unknown, scope: Scope): { query: Query; offset: number } {
  if (!isQuerySource(source)) {
    throw new TypeError("Subquery() and Exists() take a QuerySet");
  }
  const { query, params } = source[AS_QUERY]();
  const offset = scope.params.append(params);
  return { query: bindOuterRefs(query, scope), offset };
}
