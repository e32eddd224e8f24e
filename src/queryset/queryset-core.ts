/*
 * Code layout (docs/decisions.md, "Code layout: the QuerySet class"): the
 * public QuerySet is a short chain of classes, one concern per file —
 *   queryset-core.ts     QuerySetCore: the private state, cloning, database routing;
 *   queryset-rows.ts     QuerySetRows: which rows, in which order (filters, ordering,
 *                        slicing, locking, set operations, CTEs);
 *   queryset-shaping.ts  QuerySetShaping: what each row holds (values, only/defer,
 *                        annotations, related objects);
 *   queryset.ts          QuerySet: running it (fetch, iterate, count, get, writes).
 * Each class keeps its methods' signatures, `this` types and TSDoc; long bodies
 * stay in reads.ts, writes.ts and aggregate.ts. Only QuerySet is public.
 */
import { NotSupportedError } from "../errors.js";
import { ModelMeta } from "../models/meta.js";
import type { AnyModel, Instance } from "../models/types.js";
import { ParamBag } from "../query/params.js";
import { isSliced, type Query } from "../query/query.js";
import { AS_QUERY, type QuerySource } from "../query/subquery-source.js";
import { showSql } from "./inspect.js";
import type { PrefetchLookup } from "./prefetch-spec.js";
import type { QuerySet } from "./queryset.js";
import { dbForRead, dbForWrite, type RouterHints } from "./routing.js";
import { MODEL_ROWS, type RowShape } from "./row-shapes.js";
import { baseQuery, NO_PARAMS } from "./shape-cache.js";

const NO_HINTS: RouterHints = Object.freeze({});

export interface QuerySetState {
  readonly meta: ModelMeta;
  /** The query's shape: values are not in it, they are in `params`. */
  readonly query: Query;
  /** The values the query's bound parameters refer to, by slot. */
  readonly params: readonly unknown[];
  readonly shape: RowShape;
  readonly using: string | undefined;
  /** prefetchRelated() lookups, run after the rows are fetched. */
  readonly prefetch: readonly PrefetchLookup[];
  /**
   * Rows already known (a related manager over prefetched results): awaiting
   * or all() returns them without a query; any other change drops them.
   */
  readonly prefilled?: readonly unknown[];
  /**
   * Instances the rows are known to point at (Django's _known_related_objects):
   * `customer.orders.all()` rows get `order.customer` set to that customer,
   * without a query. Kept by every chained call.
   */
  readonly knownRelated?: readonly KnownRelated[];
  /** What the routers are told (Django's `_hints`): the instance a related QuerySet starts from. */
  readonly hints: RouterHints | undefined;
}

/** A forward relation whose target every row of the query is known to be `instance`. */
export interface KnownRelated {
  readonly field: string;
  readonly instance: object;
}

export const NO_LOOKUPS: readonly PrefetchLookup[] = Object.freeze([]);

/** Maximum rows get() fetches to report "more than N" (Django's MAX_GET_RESULTS). */
export const MAX_GET_RESULTS = 21;

/**
 * What every QuerySet is made of: its frozen private state, the way a clone
 * is made (a new object of the same class; the result cache lives on
 * QuerySet and is never shared), and the database it runs on. The public
 * class is QuerySet.
 */
export class QuerySetCore<M extends AnyModel = AnyModel, R = Instance<M>, A extends object = {}>
  implements QuerySource
{
  readonly #state: QuerySetState;

  constructor(model: M | ModelMeta, state?: Partial<QuerySetState>) {
    const meta = model instanceof ModelMeta ? model : model.meta;
    this.#state = Object.freeze({
      meta,
      query: state?.query ?? baseQuery(meta),
      params: state?.params ?? NO_PARAMS,
      shape: state?.shape ?? MODEL_ROWS,
      using: state?.using,
      prefetch: state?.prefetch ?? NO_LOOKUPS,
      prefilled: state?.prefilled,
      knownRelated: state?.knownRelated,
      hints: state?.hints,
    });
  }

  /** The model class. */
  get model(): M {
    return this.#state.meta.modelClass as M;
  }

  /** The Query value (what String(qs.query) prints as SQL). */
  get query(): Query & { toString(): string } {
    const q = this.#state.query;
    const text = () => showSql(this.db, q, this.#state.params);
    return new Proxy(q, {
      get: (t, k) => (k === "toString" ? text : Reflect.get(t, k)),
    }) as Query & { toString(): string };
  }

  get state(): QuerySetState {
    return this.#state;
  }

  /**
   * The database alias this QuerySet reads from: `using()`, else the
   * routers' dbForRead (dbForWrite once selectForUpdate() locks rows, as
   * Django), else "default".
   */
  get db(): string {
    if (this.#state.using) return this.#state.using;
    const hints = this.#state.hints ?? NO_HINTS;
    return this.#state.query.selectForUpdate
      ? dbForWrite(this.#state.meta, hints)
      : dbForRead(this.#state.meta, hints);
  }

  /** The database alias this QuerySet writes to: `using()`, else the routers' dbForWrite. */
  get writeDb(): string {
    return this.#state.using ?? dbForWrite(this.#state.meta, this.#state.hints ?? NO_HINTS);
  }

  /** Does the query have an ordering (explicit, or the model's default)? */
  get ordered(): boolean {
    const q = this.#state.query;
    return (
      q.orderBy.length > 0 ||
      (q.defaultOrdering && this.#state.meta.ordering.length > 0 && !q.groupBy)
    );
  }

  [AS_QUERY](): { query: Query; params: readonly unknown[] } {
    return { query: this.#state.query, params: this.#state.params };
  }

  /** Return a new QuerySet of the same class with some state replaced (for Tango's own layers). */
  withState<R2 = R, A2 extends object = A>(changes: Partial<QuerySetState>): QuerySet<M, R2, A2> {
    const Ctor = this.constructor as new (
      m: ModelMeta,
      s: Partial<QuerySetState>,
    ) => QuerySet<M, R2, A2>;
    return new Ctor(this.#state.meta, { ...this.#state, prefilled: undefined, ...changes });
  }

  protected withQuery(query: Query): this {
    return this.withState({ query }) as unknown as this;
  }

  /** A copy of this QuerySet (Django's all()). */
  all(): this {
    return this.withState({ prefilled: this.#state.prefilled }) as unknown as this;
  }

  /** Read from (and write to) another configured database; routers are not asked. */
  using(alias: string): this {
    if (typeof alias !== "string" || alias === "")
      throw new TypeError(`using() takes a database alias (got ${String(alias)})`);
    return this.withState({ using: alias }) as unknown as this;
  }
}

/** Apply a query updater that may bind values; keep the new parameter list. */
export function withBag<
  T extends { readonly state: QuerySetState; withState(changes: Partial<QuerySetState>): unknown },
>(qs: T, fn: (query: Query, params: ParamBag) => Query): T {
  const bag = new ParamBag(qs.state.params);
  const query = fn(qs.state.query, bag);
  return qs.withState({ query, params: bag.values }) as unknown as T;
}

/** Django's _not_support_combined_queries. */
export function assertNotCombined(query: Query, method: string): void {
  const combined = query.combined;
  if (!combined) return;
  const name = { UNION: "union", INTERSECT: "intersection", EXCEPT: "difference" }[combined.op];
  throw new NotSupportedError(`Calling QuerySet.${method}() after ${name}() is not supported.`);
}

export function assertNotSliced(query: Query, action: string): void {
  if (isSliced(query)) throw new TypeError(`Cannot ${action} a query once a slice has been taken.`);
}
