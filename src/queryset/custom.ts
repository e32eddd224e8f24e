import type { ModelMeta } from "../models/meta.js";
import type { AnyModel, CustomMethods, Instance } from "../models/types.js";
import { QuerySet } from "./queryset.js";

/**
 * A QuerySet of model M together with the domain methods of M's own
 * QuerySet class (when one is registered in TangoQuerySets). What
 * annotate()/values()/… return, so custom methods survive every chained call.
 */
export type QuerySetOf<M extends AnyModel, R = Instance<M>, A extends object = {}> = QuerySet<
  M,
  R,
  A
> &
  CustomMethods<M, R, A>;

type QuerySetClass = new (meta: ModelMeta) => QuerySet;

const resolved = new WeakMap<ModelMeta, QuerySetClass>();

/**
 * Return the QuerySet class of a model: its `querySet` option (a subclass
 * of QuerySet, given as a thunk), else QuerySet itself. Checked on first use
 * so a wrong class fails with a message naming the model.
 */
export function querySetClassOf(meta: ModelMeta): QuerySetClass {
  const hit = resolved.get(meta);
  if (hit) return hit;
  const thunk = meta.options.querySet;
  let cls: QuerySetClass = QuerySet as unknown as QuerySetClass;
  if (thunk !== undefined) {
    const given = typeof thunk === "function" ? (thunk as () => unknown)() : thunk;
    if (typeof given !== "function" || !(given.prototype instanceof QuerySet)) {
      throw new TypeError(
        `${meta.name}: the querySet option must be a thunk returning a subclass of QuerySet ` +
          `(querySet: () => ${meta.name}QuerySet), got ${describe(given)}`,
      );
    }
    cls = given as QuerySetClass;
  }
  resolved.set(meta, cls);
  return cls;
}

function describe(v: unknown): string {
  if (typeof v === "function") return `class ${v.name || "(anonymous)"}`;
  return v === null ? "null" : typeof v;
}

/** A fresh QuerySet of the model's own class (what the manager and related managers start from). */
export function newQuerySet(meta: ModelMeta): QuerySet {
  const Ctor = querySetClassOf(meta);
  return new Ctor(meta);
}
