import type { AggregateNode } from "../../expressions/aggregates.js";
import type { ApplyTypeRule, FieldTyped, NullOf, TypeRule } from "../../expressions/typed-value.js";
import type { PathValue } from "./paths.js";
import type { ExpressionValue } from "./values.js";

/** Is every one of the fields P nullable on model M (so Coalesce over them may be null)? */
type AllNullable<M, A, P extends string> = false extends (
  P extends string
    ? null extends PathValue<M, A, P>
      ? true
      : false
    : never
)
  ? false
  : true;

/** A rule applied to the fields P on model M, `X` being the other arguments' (resolved) types. */
type Apply<M, A, P extends string, R extends TypeRule, X> = R extends "coalesce"
  ? NonNullable<PathValue<M, A, P> | X> | (AllNullable<M, A, P> extends true ? null : never)
  : R extends "as"
    ? X | NullOf<PathValue<M, A, P>>
    : ApplyTypeRule<PathValue<M, A, P> | X, R>;

/**
 * An expression's value type on model M (annotations A): field-dependent
 * types are resolved here, nested ones first (`Coalesce(Sum("pages"), 0)`).
 */
export type ResolvedValue<M, A, T> =
  T extends FieldTyped<infer P, infer R, infer X> ? Apply<M, A, P, R, ResolvedValue<M, A, X>> : T;

/** Name → value type of annotate()/alias()/aggregate()/values() expressions on model M. */
export type AnnotationValues<M, A, E> = {
  -readonly [K in keyof E]: ResolvedValue<M, A, ExpressionValue<E[K]>>;
};

/** An aggregate passed without a name. */
export type AnyAggregate = AggregateNode<unknown, string, string>;

/** Django's default alias of a positional aggregate: `Avg("price")` is `price__avg`. */
type DefaultAlias<X> =
  X extends AggregateNode<unknown, infer Fn, infer P>
    ? string extends P
      ? string
      : `${P}__${Lowercase<Fn>}`
    : never;

/** Values of positional aggregates, keyed by their default aliases. */
export type PositionalValues<M, A, X extends readonly unknown[]> = {
  [N in X[number] as DefaultAlias<N>]: ResolvedValue<M, A, ExpressionValue<N>>;
};
