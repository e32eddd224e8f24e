/**
 * The TypeScript value type of an expression whose type depends on a field
 * of the model it is used on (`Sum("price")` is a Decimal on Book, a number
 * elsewhere). annotate(), aggregate() and values() resolve it against their
 * model: `Rule` says how the fields' types become the expression's.
 *
 * `P` may be a union of field names (a function over several fields:
 * `Greatest("price", "salePrice")`); `Extra` is the union of the value types
 * of the other arguments (expressions and plain values), which take part in
 * the result the same way.
 */
export interface FieldTyped<P extends string, Rule extends TypeRule, Extra = never> {
  readonly __fieldTyped: readonly [P, Rule, Extra];
}

/**
 * - `same`: the field's own type (Max, Min, Sum, AnyValue with a default).
 * - `sameOrNull`: the field's type, or null over no rows.
 * - `numeric` / `numericOrNull`: Django's NumericOutputFieldMixin (Avg,
 *   StdDev, Variance): decimals stay Decimal, integers become floats.
 * - `asIs`: the field's type with its nullability (Abs, Round, TruncMonth).
 * - `coalesce`: the fields' type, null only when every field may be null.
 * - `as`: the `Extra` type (Lower's string, ExtractYear's number, Cast's
 *   output), or null when a field may be null.
 * - `exact`: the field's type as declared, null only when the field is
 *   nullable (FirstValue, LastValue, Lag/Lead with a default).
 */
export type TypeRule =
  | "same"
  | "sameOrNull"
  | "numeric"
  | "numericOrNull"
  | "asIs"
  | "coalesce"
  | "as"
  | "exact";

/** Django's NumericOutputFieldMixin on TS types: integers average to floats; Decimal and Duration stay. */
type NumericOf<V> = V extends bigint ? number : V;

/** `null` when V may be null. */
export type NullOf<V> = null extends V ? null : never;

/**
 * Apply a rule to V, the union of the argument value types. (`coalesce`
 * and `as` are resolved per field where the fields are known: see
 * queryset/typing/annotations.ts.)
 */
export type ApplyTypeRule<V, R extends TypeRule> = R extends "exact"
  ? V
  : R extends "same"
    ? NonNullable<V>
    : R extends "sameOrNull" | "coalesce"
      ? NonNullable<V> | null
      : R extends "numeric"
        ? NumericOf<NonNullable<V>>
        : R extends "numericOrNull"
          ? NumericOf<NonNullable<V>> | null
          : V;
