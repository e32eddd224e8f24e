import { FieldError } from "../errors.js";
import { outputFieldOf } from "../expressions/output.js";
import { Col, SubqueryNode } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import { withFinalFilters } from "./qualify.js";
import { isSliced, type Query, withChanges } from "./query.js";

/**
 * Prepare a query for use inside another: select the primary key unless a
 * column was chosen with values(), and drop an ordering that cannot matter
 * (kept when sliced, where it decides which rows).
 */
export function asSubquery(q: Query): Query {
  let out = q;
  if (!q.select) {
    out = withChanges(out, {
      select: [{ name: "pk", expression: new Col(0, q.meta.pk), bare: true }],
    });
  }
  if (!isSliced(q) && !q.distinctFields.length)
    out = withChanges(out, { orderBy: [], defaultOrdering: false });
  return withFinalFilters(out);
}

/** A single-column subquery as an expression (`pk__in=qs`, `Subquery(qs)`). */
export function subqueryNode(q: Query, paramOffset = 0, outputField?: Field): SubqueryNode {
  const inner = asSubquery(q);
  if (inner.select!.length !== 1) {
    throw new FieldError(
      `A subquery used as a value must select one column; this one selects ${inner.select!.length} ` +
        `(${inner.select!.map((s) => s.name).join(", ")}). Use values("field") or valuesList("field", { flat: true }).`,
    );
  }
  return new SubqueryNode(
    inner,
    outputField ?? outputFieldOf(inner.select![0].expression),
    paramOffset,
  );
}
