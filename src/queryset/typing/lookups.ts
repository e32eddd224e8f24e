import type { Expression } from "../../expressions/node.js";
import type { ValueKind } from "../../models/fields/field.js";
import type { QuerySource } from "../../query/subquery-source.js";
import type { Decimal } from "../../values/decimal.js";
import type { DateString, TimeString } from "../../values/temporal.js";

/** A field's value as lookups see it: its TS type, its value family, and whether it may be NULL. */
export interface Scalar<V = unknown, K extends ValueKind = ValueKind, N extends boolean = boolean> {
  value: V;
  kind: K;
  null: N;
}

export type LookupName =
  | "exact"
  | "iexact"
  | "contains"
  | "icontains"
  | "in"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "startswith"
  | "istartswith"
  | "endswith"
  | "iendswith"
  | "range"
  | "isnull"
  | "regex"
  | "iregex";

type TextLookup =
  | "iexact"
  | "contains"
  | "icontains"
  | "startswith"
  | "istartswith"
  | "endswith"
  | "iendswith"
  | "regex"
  | "iregex";

/** Lookups valid directly on a relation (`customer__in`, `orders__isnull`). */
export type RelationLookup = "exact" | "in" | "isnull" | "gt" | "gte" | "lt" | "lte" | "range";

type DateTransform =
  | "year"
  | "isoYear"
  | "month"
  | "day"
  | "week"
  | "weekDay"
  | "isoWeekDay"
  | "quarter";
type TimeTransform = "hour" | "minute" | "second";

/** Transforms a value family supports (`createdAt__year`, `createdAt__date`). */
export type TransformsFor<K> = K extends "datetime"
  ? DateTransform | TimeTransform | "date" | "time"
  : K extends "date"
    ? DateTransform
    : K extends "time"
      ? TimeTransform
      : never;

/** What a transform produces. */
export type TransformResult<T, N extends boolean> = T extends "date"
  ? Scalar<DateString, "date", N>
  : T extends "time"
    ? Scalar<TimeString, "time", N>
    : Scalar<number, "int", N>;

type AnyExpression = Expression<unknown>;

/** Values accepted for a field of this family (as create() accepts them). */
export type InputFor<S extends Scalar> = S["kind"] extends "decimal"
  ? Decimal | string | number
  : S["kind"] extends "datetime"
    ? Date | string
    : S["kind"] extends "date"
      ? S["value"] | Date
      : S["kind"] extends "bigint"
        ? bigint | number
        : S["value"];

/** The right-hand side a lookup accepts on a field. */
export type LookupValue<S extends Scalar, L> = L extends "isnull"
  ? boolean
  : L extends "in"
    ? readonly (InputFor<S> | AnyExpression)[] | QuerySource
    : L extends "range"
      ? readonly (InputFor<S> | AnyExpression)[]
      : L extends TextLookup
        ? string | number | AnyExpression
        : L extends "exact"
          ? InputFor<S> | AnyExpression | QuerySource | (S["null"] extends true ? null : never)
          : InputFor<S> | AnyExpression;

/** Transforms then a lookup after a field: `year__gte`, `date`, `icontains`. Never when invalid. */
export type FieldLookup<S extends Scalar, Rest extends string> = Rest extends LookupName
  ? LookupValue<S, Rest>
  : Rest extends `${infer T}__${infer R2}`
    ? T extends TransformsFor<S["kind"]>
      ? FieldLookup<TransformResult<T, S["null"]>, R2>
      : never
    : Rest extends TransformsFor<S["kind"]>
      ? LookupValue<TransformResult<Rest, S["null"]>, "exact">
      : never;

/** The value a `values()` path yields after transforms (`createdAt__year` → number). */
export type TransformedValue<
  S extends Scalar,
  Rest extends string,
> = Rest extends `${infer T}__${infer R2}`
  ? T extends TransformsFor<S["kind"]>
    ? TransformedValue<TransformResult<T, S["null"]>, R2>
    : never
  : Rest extends TransformsFor<S["kind"]>
    ? TransformResult<Rest, S["null"]> extends Scalar<infer V, ValueKind, infer N>
      ? N extends true
        ? V | null
        : V
      : never
    : never;

/** The value family of a plain TS type (for annotations); null does not change it. */
export type KindOfValue<V> = KindOfNonNull<NonNullable<V>>;

type KindOfNonNull<V> = [V] extends [never]
  ? ValueKind
  : [V] extends [Date]
    ? "datetime"
    : [V] extends [Decimal]
      ? "decimal"
      : [V] extends [bigint]
        ? "bigint"
        : [V] extends [number]
          ? "float"
          : [V] extends [boolean]
            ? "bool"
            : [V] extends [string]
              ? "string"
              : ValueKind;
