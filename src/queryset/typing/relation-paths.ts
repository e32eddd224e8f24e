import type {
  FieldMap,
  FieldsOf,
  FkKeys,
  M2MKeys,
  NameOf,
  Phantom,
  RelOf,
  ResolveRef,
  ReverseAccessorName,
  TangoModels,
  TargetNameOf,
  UnionToIntersection,
} from "../../models/types.js";
import type { Loose, Member, Rel } from "./paths.js";

/** Is every name of `P` (`"order__customer"`) a relation, walking from M? */
type RelationPathOk<M, P extends string> = string extends P
  ? true // a name computed at run time: checked there
  : P extends `${infer H}__${infer R}`
    ? Member<M, {}, H> extends infer Mem
      ? Mem extends Loose
        ? true
        : Mem extends Rel<infer T, boolean, boolean>
          ? RelationPathOk<T, R>
          : false
      : false
    : Member<M, {}, P> extends infer Mem
      ? Mem extends Loose
        ? true
        : Mem extends Rel<unknown, boolean, boolean>
          ? true
          : false
      : false;

export type NotARelation<K extends string> = `✗ '${K}' is not a relation here`;

/**
 * Checks selectRelated() paths: a name that is not a relation becomes an
 * error type. (Which relations selectRelated can follow — forward keys and
 * reverse one-to-ones, not reverse foreign keys — is checked at run time.)
 */
export type RelationPathCheck<M, K extends readonly (string | null)[]> = {
  [I in keyof K]: K[I] extends string
    ? [RelationPathOk<M, K[I]>] extends [never]
      ? NotARelation<K[I]>
      : RelationPathOk<M, K[I]> extends true
        ? K[I]
        : NotARelation<K[I]>
    : K[I];
};

type AccessorsFrom<M, N extends string> =
  M extends Phantom<infer MN extends string, infer MF extends FieldMap>
    ? {
        [K in keyof MF as [RelOf<MF[K]>] extends [never]
          ? never
          : TargetNameOf<RelOf<MF[K]>, MN> extends N
            ? RelOf<MF[K]>["kind"] extends "m2m"
              ? TargetNameOf<RelOf<MF[K]>, MN> extends MN
                ? never // a symmetrical self many-to-many has no reverse accessor
                : ReverseAccessorName<RelOf<MF[K]>, MN>
              : ReverseAccessorName<RelOf<MF[K]>, MN>
            : never]: M;
      }
    : never;

/** Reverse accessors (`orders`, `bookSet`) of model name N → the model that declares them. */
type ReverseAccessorModels<N extends string> = [keyof TangoModels] extends [never]
  ? {}
  : UnionToIntersection<
      { [MN in keyof TangoModels]: AccessorsFrom<TangoModels[MN], N> }[keyof TangoModels]
    >;

/** The model one prefetch name leads to from M, `false` if none, `true` if not known statically. */
type PrefetchStep<M, H extends string> = string extends keyof FieldsOf<M>
  ? true
  : H extends FkKeys<FieldsOf<M>> | M2MKeys<FieldsOf<M>>
    ? ResolveRef<RelOf<FieldsOf<M>[H]>["target"], M>
    : H extends keyof ReverseAccessorModels<NameOf<M>>
      ? ReverseAccessorModels<NameOf<M>>[H]
      : false;

type PrefetchPathOk<M, P extends string> = string extends P
  ? true
  : P extends `${infer H}__${infer R}`
    ? PrefetchStep<M, H> extends infer T
      ? T extends true
        ? true
        : T extends false
          ? false
          : PrefetchPathOk<T, R>
      : false
    : PrefetchStep<M, P> extends false
      ? false
      : true;

export type NotPrefetchable<K extends string> = `✗ '${K}' is not a relation to prefetch here`;

/** toAttr names given earlier in the same call: later lookups may start from them. */
type ToAttrNames<P extends readonly unknown[]> = {
  [I in keyof P]: P[I] extends { readonly toAttr: infer T extends string } ? T : never;
}[number];

/**
 * Checks prefetchRelated() string lookups: each name must be a relation
 * accessor (`orders`, `authors`, `bookSet`) of the model reached so far; a
 * lookup starting at an earlier Prefetch's toAttr is checked at run time.
 */
export type PrefetchLookupCheck<M, P extends readonly unknown[]> = {
  [I in keyof P]: P[I] extends string
    ? P[I] extends `${ToAttrNames<P>}__${string}`
      ? P[I]
      : [PrefetchPathOk<M, P[I]>] extends [never]
        ? NotPrefetchable<P[I]>
        : PrefetchPathOk<M, P[I]> extends true
          ? P[I]
          : NotPrefetchable<P[I]>
    : P[I];
};
