import type { Expression } from "../../expressions/node.js";
import type { ValueKind } from "../../models/fields/field.js";
import type { RelInfo } from "../../models/fields/relation.js";
import type { ModelBase } from "../../models/instance.js";
import type {
  FieldsOf,
  FkKeys,
  InfoOfField,
  Instance,
  M2MKeys,
  NameOf,
  Phantom,
  PkOf,
  RelOf,
  ResolveRef,
  ScalarKeys,
  TangoModels,
  TargetNameOf,
  UnionToIntersection,
  UnknownModel,
} from "../../models/types.js";
import type { QuerySource } from "../../query/subquery-source.js";
import type {
  FieldLookup,
  InputFor,
  KindOfValue,
  LookupValue,
  RelationLookup,
  Scalar,
  TransformedValue,
} from "./lookups.js";

/**
 * Type-level resolution of Django lookup keys (`customer__email__icontains`)
 * against a model: each `__` segment is a field, a relation (forward,
 * reverse or many-to-many), a transform or the final lookup. Keys are parsed
 * one at a time, so paths of any depth type-check without building every
 * possible key up front.
 */

type Fields<M> = FieldsOf<M>;
type Target<M, X> = ResolveRef<RelOf<X>["target"], M>;

type ReverseQueryName<R extends RelInfo, MN extends string> = R["relatedQueryName"] extends string
  ? R["relatedQueryName"]
  : R["relatedName"] extends string
    ? R["relatedName"] extends `${string}+`
      ? never
      : R["relatedName"]
    : R["kind"] extends "m2m"
      ? TargetNameOf<R, MN> extends MN
        ? never
        : Uncapitalize<MN>
      : Uncapitalize<MN>;

type ReverseQueryFrom<M, N extends string> =
  M extends Phantom<infer MN extends string, infer MF>
    ? {
        [K in keyof MF as [RelOf<MF[K]>] extends [never]
          ? never
          : TargetNameOf<RelOf<MF[K]>, MN> extends N
            ? ReverseQueryName<RelOf<MF[K]>, MN>
            : never]: M;
      }
    : never;

/** Reverse relations by lookup name (`orders`, `orderItem`) for model name N, from the TangoModels registry. */
export type ReverseQueries<N extends string> = [keyof TangoModels] extends [never]
  ? {}
  : UnionToIntersection<
      { [MN in keyof TangoModels]: ReverseQueryFrom<TangoModels[MN], N> }[keyof TangoModels]
    >;

type PkScalar<M> = Scalar<PkOf<Fields<M>>, Extract<PkKind<M>, ValueKind>, false>;
type PkKind<M> = {
  [K in keyof Fields<M>]: InfoOfField<Fields<M>[K]>["pk"] extends true
    ? InfoOfField<Fields<M>[K]>["kind"]
    : never;
}[keyof Fields<M>] extends infer K
  ? [K] extends [never]
    ? "int"
    : K
  : "int";

/** `id` names the implicit primary key when no field is the primary key. */
type ImplicitId<M> = true extends {
  [K in keyof Fields<M>]: InfoOfField<Fields<M>[K]>["pk"];
}[keyof Fields<M>]
  ? never
  : "id";

type FieldScalar<X> = Scalar<
  InfoOfField<X>["value"],
  InfoOfField<X>["kind"],
  InfoOfField<X>["null"]
>;

export type Rel<T, N extends boolean, Many extends boolean> = {
  t: "rel";
  target: T;
  null: N;
  many: Many;
};
type Sc<S> = { t: "scalar"; s: S };

/** What one name means on model M (with annotations A). */
/** A name the types cannot check (an unregistered or unknown model): anything goes. */
export type Loose = { t: "loose" };

export type Member<M, A, H extends string> = string extends keyof Fields<M>
  ? Loose
  : H extends keyof A
    ? Sc<Scalar<A[H], KindOfValue<A[H]>, null extends A[H] ? true : false>>
    : H extends "pk" | ImplicitId<M>
      ? Sc<PkScalar<M>>
      : H extends ScalarKeys<Fields<M>>
        ? Sc<FieldScalar<Fields<M>[H]>>
        : H extends FkKeys<Fields<M>>
          ? Rel<Target<M, Fields<M>[H]>, InfoOfField<Fields<M>[H]>["null"], false>
          : H extends `${infer Fk}Id`
            ? Fk extends FkKeys<Fields<M>>
              ? Sc<
                  Scalar<
                    PkOf<FieldsOf<Target<M, Fields<M>[Fk]>>>,
                    "int",
                    InfoOfField<Fields<M>[Fk]>["null"]
                  >
                >
              : never
            : H extends M2MKeys<Fields<M>>
              ? Rel<Target<M, Fields<M>[H]>, true, true>
              : H extends keyof ReverseQueries<NameOf<M>>
                ? Rel<ReverseQueries<NameOf<M>>[H], true, true>
                : Fields<M> extends Record<string, unknown>
                  ? string extends keyof Fields<M>
                    ? Sc<Scalar<unknown>> // an unregistered model: anything goes
                    : never
                  : never;

type RelatedPk<T> = PkOf<FieldsOf<T>>;
type RelatedValue<T> = RelatedPk<T> | Instance<T> | ModelBase | Expression<unknown>;

type RelationLookupValue<T, L, N> = L extends "isnull"
  ? boolean
  : L extends "in"
    ? readonly RelatedValue<T>[] | QuerySource
    : L extends "range"
      ? readonly [RelatedPk<T>, RelatedPk<T>]
      : RelatedValue<T> | QuerySource | (N extends true ? null : never);

/** A Scalar descriptor for an annotation's value type. */
type AnnotationScalar<V> = Scalar<V, KindOfValue<V>, null extends V ? true : false>;

/**
 * Annotation names may contain `__` (`authors__count`, a positional
 * aggregate): the annotation a key starts with, and the lookup after it.
 */
type AnnotationKey<A, K extends string> = {
  [N in keyof A & string]: K extends N
    ? [N, "exact"]
    : K extends `${N}__${infer L}`
      ? [N, L]
      : never;
}[keyof A & string];

/** The value type a filter key accepts on model M, or never when the key is not valid. */
export type FilterValue<M, A, K extends string> = string extends K
  ? unknown // a key computed at run time: checked there
  : [AnnotationKey<A, K>] extends [never]
    ? FilterValueOfPath<M, A, K>
    : AnnotationKey<A, K> extends [infer N extends keyof A, infer L extends string]
      ? FieldLookup<AnnotationScalar<A[N]>, L>
      : never;

type FilterValueOfPath<M, A, K extends string> = K extends `${infer H}__${infer R}`
  ? Member<M, A, H> extends infer Mem
    ? Mem extends Loose
      ? unknown
      : Mem extends Sc<infer S extends Scalar>
        ? FieldLookup<S, R>
        : Mem extends Rel<infer T, infer N, boolean>
          ? R extends RelationLookup
            ? RelationLookupValue<T, R, N>
            : FilterValue<T, {}, R>
          : never
    : never
  : Member<M, A, K> extends infer Mem
    ? Mem extends Loose
      ? unknown
      : Mem extends Sc<infer S extends Scalar>
        ? LookupValue<S, "exact">
        : Mem extends Rel<infer T, infer N, boolean>
          ? RelationLookupValue<T, "exact", N>
          : never
    : never;

/** An error shown in place of an invalid key's value type. */
export type InvalidKey<K extends string> = `✗ '${K}' is not a field, relation or lookup here`;

/**
 * The type of a filter object with keys T: each key gets the value type its
 * lookup accepts, or an error type naming the invalid key. Homomorphic in T,
 * so TypeScript infers the keys from the argument.
 */
export type FilterCheck<M, A, T> = {
  [K in keyof T]: K extends string
    ? [FilterValue<M, A, K>] extends [never]
      ? InvalidKey<K>
      : FilterValue<M, A, K>
    : never;
};

/** Top-level names, for editor completion. */
export type FilterKeyHints<M> = {
  [K in ScalarKeys<Fields<M>> | FkKeys<Fields<M>> | M2MKeys<Fields<M>> | "pk"]?: unknown;
};

/** The value a values()/valuesList() path yields. */
export type PathValue<M, A, P extends string> = string extends P
  ? unknown // a name computed at run time: checked there
  : P extends keyof A
    ? A[P]
    : PathValueOfFields<M, A, P>;

type PathValueOfFields<M, A, P extends string> = P extends `${infer H}__${infer R}`
  ? Member<M, A, H> extends infer Mem
    ? Mem extends Loose
      ? unknown
      : Mem extends Sc<infer S extends Scalar>
        ? TransformedValue<S, R>
        : Mem extends Rel<infer T, infer N, infer Many>
          ? N extends true
            ? PathValue<T, {}, R> | null
            : Many extends true
              ? PathValue<T, {}, R> | null
              : PathValue<T, {}, R>
          : never
    : never
  : Member<M, A, P> extends infer Mem
    ? Mem extends Loose
      ? unknown
      : Mem extends Sc<infer S extends Scalar>
        ? S["null"] extends true
          ? S["value"] | null
          : S["value"]
        : Mem extends Rel<infer T, infer N, infer Many>
          ? N extends true
            ? RelatedPk<T> | null
            : Many extends true
              ? RelatedPk<T> | null
              : RelatedPk<T>
          : never
    : never;

/** Checks values()/valuesList() names: invalid ones become an error type. */
export type PathCheck<M, A, K extends readonly string[]> = {
  [I in keyof K]: K[I] extends string
    ? [PathValue<M, A, K[I]>] extends [never]
      ? InvalidKey<K[I]>
      : K[I]
    : K[I];
};

/** A values() row with no names given: every concrete field by attname, plus selected annotations. */
export type AllValues<M, A> =
  M extends Phantom<string, infer F>
    ? {
        [K in ScalarKeys<F>]: InfoOfField<F[K]>["null"] extends true
          ? InfoOfField<F[K]>["value"] | null
          : InfoOfField<F[K]>["value"];
      } & ImplicitIdRow<F> & {
          [K in FkKeys<F> as `${K}Id`]: PathValue<M, {}, `${K}Id`>;
        } & A
    : Record<string, unknown>;

type ImplicitIdRow<F> = true extends { [K in keyof F]: InfoOfField<F[K]>["pk"] }[keyof F]
  ? {}
  : { id: number };

export type ValuesRow<M, A, K extends readonly string[]> = { [P in K[number]]: PathValue<M, A, P> };
export type ValuesTuple<M, A, K extends readonly string[]> = {
  -readonly [I in keyof K]: K[I] extends string ? PathValue<M, A, K[I]> : never;
};

export type { InputFor, UnknownModel };

/** Checks orderBy() names (`-createdAt`, `customer__name`, `?`); expressions pass. */
export type OrderCheck<M, A, K extends readonly unknown[]> = {
  [I in keyof K]: K[I] extends string
    ? K[I] extends "?"
      ? K[I]
      : K[I] extends `-${infer P}`
        ? [PathValue<M, A, P>] extends [never]
          ? InvalidKey<K[I]>
          : K[I]
        : [PathValue<M, A, K[I]>] extends [never]
          ? InvalidKey<K[I]>
          : K[I]
    : K[I];
};
