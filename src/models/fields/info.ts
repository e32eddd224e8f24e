import type { Choice, FieldOptions, FieldTypeInfo, ValueKind } from "./field.js";

/** Type-level helpers that turn a factory's options into a field's FieldTypeInfo. */

export type NullOf<O> = O extends { null: true } ? true : false;

export type OptionalOf<O> = O extends { null: true }
  ? true
  : O extends { default: unknown }
    ? true
    : O extends { dbDefault: unknown }
      ? true
      : false;

export type PkOf<O> = O extends { primaryKey: true } ? true : false;

type ChoiceValue<C> = C extends readonly [infer V, string] ? V : C;

/** The field's value type, narrowed to the `choices` values when given. */
export type ChoicesOf<O, T> = O extends { choices: readonly (infer C)[] }
  ? [ChoiceValue<C>] extends [T]
    ? ChoiceValue<C>
    : T
  : T;

export type InfoOf<O, T, K extends ValueKind, ForceOptional extends boolean = false> = {
  value: ChoicesOf<O, T>;
  null: NullOf<O>;
  optional: ForceOptional extends true ? true : OptionalOf<O>;
  pk: PkOf<O>;
  kind: K;
};

export type Info<
  T,
  K extends ValueKind,
  N extends boolean = false,
  Opt extends boolean = false,
  P extends boolean = false,
> = {
  value: T;
  null: N;
  optional: Opt;
  pk: P;
  kind: K;
};

export type AnyInfo = FieldTypeInfo;
export type OptionsFor<T> = FieldOptions<T> & { choices?: readonly Choice<T>[] };
