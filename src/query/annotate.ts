import { FieldError } from "../errors.js";
import { FExpression } from "../expressions/f.js";
import type { Expression } from "../expressions/node.js";
import { groupByOfSelect } from "./group-by.js";
import { JoinDraft } from "./joins.js";
import type { ParamBag } from "./params.js";
import { type Annotation, type Query, withChanges } from "./query.js";
import { queryScope, resolveExpression } from "./resolve.js";

/**
 * Return the query with named expressions added (annotate: selected; alias:
 * usable in filter/orderBy only). Names may not shadow model fields.
 */
export function withAnnotations(
  q: Query,
  annotations: Readonly<Record<string, Expression>>,
  selected: boolean,
  params: ParamBag,
): Query {
  const draft = new JoinDraft(q.sources);
  const next = new Map(q.annotations);
  let select = q.select;
  let aggregates = false;
  for (const [name, expr] of Object.entries(annotations)) {
    if (q.meta.member(name))
      throw new FieldError(`The annotation '${name}' conflicts with a field on the model.`);
    // Reuses any existing join, multi-valued ones included (Django: reuse=None):
    // filter(book__rating__gt=3).annotate(n=Count("book")) counts the filtered books.
    const scope = queryScope(q, draft, params, { annotations: next });
    const resolved = resolveExpression(expr, scope);
    next.set(name, { expression: resolved, selected } satisfies Annotation);
    if (select && selected) select = [...select, { name, expression: resolved }];
    aggregates ||= resolved.containsAggregate;
  }
  // An aggregate groups the rows: one group per model row, or per distinct
  // values() row (Django: values("status").annotate(n=Count("id")) is GROUP BY status).
  const groupBy = !aggregates ? q.groupBy : select ? groupByOfSelect(select) : true;
  return withChanges(q, { sources: draft.freeze(), annotations: next, select, groupBy });
}

/** DISTINCT ON these fields (PostgreSQL); the compiler refuses it elsewhere. */
export function withDistinctFields(q: Query, fields: readonly string[], params: ParamBag): Query {
  const draft = new JoinDraft(q.sources);
  const scope = queryScope(q, draft, params);
  const exprs = fields.map((f) => resolveExpression(new FExpression(f), scope));
  return withChanges(q, { sources: draft.freeze(), distinctFields: exprs, distinct: true });
}
