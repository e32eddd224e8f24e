import type { Field } from "../models/fields/field.js";
import type { ModelBase } from "../models/instance.js";
import type { QuerySource } from "../query/subquery-source.js";
import { Combinable } from "./combinable.js";
import type { ExprKind } from "./node.js";

/** A QuerySet (or anything exposing its query) whose rows have type R. */
export type QuerySourceOf<R> = QuerySource & PromiseLike<readonly R[]>;

/** The value one row of a single-column QuerySet stands for: `values("createdAt")` rows → Date. */
export type SingleValueOf<R> = R extends ModelBase
  ? unknown // a model queryset is embedded by its primary key
  : R extends readonly [infer V]
    ? V
    : R extends Record<string, infer V>
      ? V
      : R;

/**
 * `Subquery(qs)`: a QuerySet of one column used as a value — an
 * annotation, a filter value, an ordering term or an update value. It may
 * refer to the query it is embedded in with `OuterRef("field")`.
 *
 * @example
 * const latest = Order.objects.filter({ customer: OuterRef("pk") }).orderBy("-createdAt").values("createdAt").slice(0, 1);
 * await Customer.objects.annotate({ lastOrderAt: Subquery(latest) });
 * // SELECT …, (SELECT U0."created_at" FROM "order" U0 WHERE U0."customer_id" = ("customer"."id")
 * //            ORDER BY U0."created_at" DESC LIMIT 1) AS "lastOrderAt" FROM "customer"
 */
export class SubqueryExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "subqueryExpr";
  constructor(
    readonly source: QuerySource,
    override readonly explicitOutput?: Field,
  ) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
}

export function Subquery<R>(
  queryset: QuerySourceOf<R>,
  options: { outputField?: Field } = {},
): SubqueryExpression<SingleValueOf<R> | null> {
  return new SubqueryExpression<SingleValueOf<R> | null>(queryset, options.outputField);
}

/**
 * `Exists(qs)`: true when the QuerySet has a row — in filter() (`NOT EXISTS`
 * with `.not()` or exclude()) or as a boolean annotation.
 *
 * @example
 * await Customer.objects.filter(Exists(Order.objects.filter({ customer: OuterRef("pk"), status: "paid" })));
 * // … WHERE EXISTS(SELECT 1 AS "a" FROM "order" U0 WHERE (U0."customer_id" = ("customer"."id") AND U0."status" = ?) LIMIT 1)
 */
export class ExistsExpression extends Combinable<boolean> {
  readonly kind: ExprKind = "existsExpr";
  constructor(
    readonly source: QuerySource,
    readonly negated = false,
  ) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
  override get conditional(): boolean {
    return true;
  }
  /** NOT EXISTS (Django's `~Exists(qs)`). */
  not(): ExistsExpression {
    return new ExistsExpression(this.source, !this.negated);
  }
}

export function Exists(queryset: QuerySource): ExistsExpression {
  return new ExistsExpression(queryset);
}
