import type { Field, FieldTypeInfo } from "../../models/fields/field.js";
import type { Expression } from "../node.js";
import type { ApplyTypeRule, FieldTyped, NullOf, TypeRule } from "../typed-value.js";

/**
 * Type-level helpers for the function factories: a function's value type
 * follows from its arguments (field names are resolved later, against the
 * model, through the FieldTyped marker).
 */

/** The TS value of an argument that is not a field name (an expression or a plain value). */
export type ArgValue<X> =
  X extends Expression<infer T>
    ? T
    : X extends number
      ? number
      : X extends bigint
        ? bigint
        : X extends boolean
          ? boolean
          : X;

/** The field names among the arguments. */
type Paths<A extends readonly unknown[]> = Extract<A[number], string>;

/** The value types of the arguments that are not field names. */
type Others<A extends readonly unknown[]> = ArgValue<Exclude<A[number], string>>;

/** Does X hold a field-dependent type (an aggregate over a field name: `Sum("pages")`)? */
type HasMarker<X> = [Extract<X, FieldTyped<string, TypeRule, unknown>>] extends [never]
  ? false
  : true;

/**
 * The value type of a function of arguments A whose result follows rule R.
 * Field names (and nested field-dependent arguments) defer the rule until
 * the model is known.
 */
export type FuncValue<A extends readonly unknown[], R extends TypeRule> = [Paths<A>] extends [never]
  ? HasMarker<Others<A>> extends true
    ? FieldTyped<never, R, Others<A>>
    : ApplyTypeRule<Others<A>, R>
  : FieldTyped<Paths<A>, R, Others<A>>;

/** The value a field of an explicit `outputField` holds. */
export type OutputValue<F> = F extends Field<infer I extends FieldTypeInfo> ? I["value"] : unknown;

/** Does some argument that is not a field name never evaluate to NULL (a literal, a non-null expression)? */
export type HasNonNullOther<A extends readonly unknown[]> = true extends {
  [K in keyof A]: A[K] extends string
    ? false
    : null extends ArgValue<A[K]>
      ? false
      : HasMarker<ArgValue<A[K]>> extends true
        ? false // nullability known only on the model: assume NULL
        : true;
}[number]
  ? true
  : false;

/**
 * A function whose value is of type T (Lower: string, Length: number), or
 * NULL when an argument is (SQL functions return NULL for a NULL input).
 */
export type TypedAs<A extends readonly unknown[], T> = [Paths<A>] extends [never]
  ? T | OthersNull<A>
  : FieldTyped<Paths<A>, "as", T | OthersNull<A>>;

/** null when an argument that is not a field name may be NULL (assumed for field-dependent ones). */
type OthersNull<A extends readonly unknown[]> =
  HasMarker<Others<A>> extends true ? null : NullOf<Others<A>>;
