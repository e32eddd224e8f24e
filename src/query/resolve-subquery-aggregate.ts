import { FieldError, NotSupportedError } from "../errors.js";
import { AggregateNode, Count, StarNode } from "../expressions/aggregates.js";
import { OuterRef } from "../expressions/f.js";
import { outputFieldOf } from "../expressions/output.js";
import { outputFieldOfType } from "../expressions/output-types.js";
import { QNode } from "../expressions/q.js";
import { SubqueryNode } from "../expressions/resolved.js";
import type { SubqueryAggregateExpression } from "../expressions/subquery-aggregate.js";
import { ForeignKey, ManyToManyField } from "../models/fields/relation.js";
import { type ModelMeta, ReverseRelation } from "../models/meta.js";
import { planAggregate } from "./aggregation.js";
import { embedQuery } from "./embed.js";
import { withFilter } from "./filter.js";
import { emptyQuery, isSliced, type Query, withChanges } from "./query.js";
import type { Scope } from "./resolve.js";
import { subqueryNode } from "./subquery.js";
import { isQuerySource } from "./subquery-source.js";

const COUNT_OUTPUT = outputFieldOfType("IntegerField");

/** COUNT(*) over a plain query's rows, as its select list. */
function countOf(q: Query): Query {
  if (isSliced(q) || q.distinct || q.groupBy !== null || q.combined) {
    throw new NotSupportedError(
      "SubqueryCount(queryset) of a sliced, distinct, grouped or combined queryset is not supported; " +
        "count a plain filtered queryset, or annotate a Subquery of a values().annotate(Count) instead",
    );
  }
  const count = new AggregateNode(
    "Count",
    new StarNode(),
    { distinct: false, filter: null, defaultValue: null, sample: false },
    COUNT_OUTPUT,
    true,
  );
  return withChanges(q, {
    select: [{ name: "count", expression: count }],
    orderBy: [],
    defaultOrdering: false,
  });
}

/**
 * The related model's rows as its default manager sees them (a custom
 * QuerySet's default filters included), else all rows. Read through the
 * model class's `objects`, which the QuerySet layer installs.
 */
function defaultRows(meta: ModelMeta, scope: Scope): Query {
  const objects = (meta.modelClass as { objects?: { getQueryset?: () => unknown } } | undefined)
    ?.objects;
  const qs = objects?.getQueryset?.();
  if (!isQuerySource(qs)) return emptyQuery(meta);
  // Its own parameters join the outer list (a manager with default filters binds values).
  return embedQuery(qs, scope).query;
}

/** The related model of `name` on `meta` and the lookup on it that points back at `meta`. */
function relationBack(meta: ModelMeta, name: string): { related: ModelMeta; back: string } {
  const member = meta.memberOrThrow(name);
  if (member instanceof ReverseRelation) return { related: member.model, back: member.field.name };
  if (member instanceof ManyToManyField || member instanceof ForeignKey) {
    const related = member.relatedMeta();
    const reverse = related
      .reverseRelations()
      .find((r) => r.field === member || (r.field as unknown) === member);
    if (reverse) return { related, back: reverse.queryName };
  }
  throw new FieldError(
    `SubqueryCount/SubqueryAggregate need a relation of ${meta.name}; '${name}' is not one`,
  );
}

/**
 * SubqueryCount/SubqueryAggregate: the aggregate of the related rows of
 * each outer row, as a correlated scalar subquery:
 *   State.annotate(n=SubqueryCount("cities"))
 *   → (SELECT COUNT(*) FROM city U0 WHERE U0.state_id = (state.id))
 * It binds into the outer parameter list, so the node needs no offset.
 */
export function resolveSubqueryAggregate(
  e: SubqueryAggregateExpression,
  scope: Scope,
): SubqueryNode {
  if (typeof e.target !== "string") {
    const { query, offset } = embedQuery(e.target, scope);
    return new SubqueryNode(countOf(query), e.explicitOutput ?? COUNT_OUTPUT, offset);
  }
  const { related, back } = relationBack(scope.meta, e.target);
  let inner = defaultRows(related, scope);
  const condition = new QNode([[back, OuterRef("pk")]]);
  inner = withFilter(inner, e.filter ? condition.and(e.filter) : condition, scope.params, scope);
  const aggregate = e.aggregate && e.field ? e.aggregate(e.field) : Count("*");
  const outer = planAggregate(inner, { value: aggregate }, scope.params);
  return subqueryNode(outer, 0, e.explicitOutput ?? outputFieldOf(outer.select![0].expression));
}
