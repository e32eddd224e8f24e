import type { Field } from "../models/fields/field.js";
import type { QuerySource } from "../query/subquery-source.js";
import type { AggregateNode } from "./aggregates.js";
import { Combinable } from "./combinable.js";
import type { ExprKind } from "./node.js";
import type { QNode } from "./q.js";
import type { FieldTyped } from "./typed-value.js";

/** How SubqueryAggregate builds its aggregate from the related field name (`Sum`, `Max`, …). */
export type AggregateMaker = (field: string) => AggregateNode<unknown, string, string>;

/**
 * An aggregate over the rows related to each outer row, computed in a
 * correlated subquery instead of a JOIN + GROUP BY (article 002): no row
 * multiplication, composable with other aggregates, and the related
 * model's default manager (custom QuerySet filters included) applies.
 */
export class SubqueryAggregateExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "subqueryAggregate";
  constructor(
    /** A relation of the outer model (`cities`), or a QuerySet to count. */
    readonly target: string | QuerySource,
    /** The aggregate over the related field; null counts rows. */
    readonly aggregate: AggregateMaker | null,
    /** The field the aggregate reads (`population`), for the relation form. */
    readonly field: string | null,
    readonly filter: QNode | null,
    override readonly explicitOutput?: Field,
  ) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
}

export interface SubqueryAggregateOptions {
  /** Only related rows matching this condition (lookups on the related model). */
  filter?: QNode;
  outputField?: Field;
}

/**
 * `SubqueryCount("cities", { filter: Q({ population__gt: 1e6 }) })`: how many
 * related rows each row has, as a correlated subquery (0 when none).
 * `SubqueryCount(qs)` counts the rows of a QuerySet that refers to the
 * outer row with OuterRef.
 *
 * @example
 * await State.objects.annotate({ bigCities: SubqueryCount("cities", { filter: Q({ population__gt: 1_000_000 }) }) });
 * // SELECT …, (SELECT COUNT(*) FROM "city" U0 WHERE (U0."population" > ? AND U0."state_id" = ("state"."id"))) AS "bigCities" FROM "state"
 */
export function SubqueryCount(
  target: string | QuerySource,
  options: SubqueryAggregateOptions = {},
): SubqueryAggregateExpression<number> {
  if (typeof target !== "string" && options.filter) {
    throw new TypeError("SubqueryCount(queryset) takes no filter: filter the queryset instead");
  }
  return new SubqueryAggregateExpression<number>(
    target,
    null,
    null,
    options.filter ?? null,
    options.outputField,
  );
}

/**
 * `SubqueryAggregate("cities__population", Sum, { filter })`: an aggregate of
 * a related field per row, as a correlated subquery (null when no row, as
 * the aggregate over no rows).
 *
 * @example
 * await State.objects.annotate({ biggest: SubqueryAggregate("cities__population", Max) });
 * // SELECT …, (SELECT MAX(U0."population") FROM "city" U0 WHERE U0."state_id" = ("state"."id")) AS "biggest" FROM "state"
 */
export function SubqueryAggregate<P extends string>(
  path: P,
  aggregate: AggregateMaker,
  options: SubqueryAggregateOptions = {},
): SubqueryAggregateExpression<
  P extends `${infer R}__${infer F}` ? FieldTyped<`${R}__${F}`, "sameOrNull"> : unknown
> {
  const at = path.indexOf("__");
  if (at <= 0) {
    throw new TypeError(
      `SubqueryAggregate needs 'relation__field' (got '${path}'), e.g. SubqueryAggregate("cities__population", Sum)`,
    );
  }
  return new SubqueryAggregateExpression(
    path.slice(0, at),
    aggregate,
    path.slice(at + 2),
    options.filter ?? null,
    options.outputField,
  );
}
