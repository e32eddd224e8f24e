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
