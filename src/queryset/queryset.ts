import { getDatabase } from "../db/database.js";
import { currentTransaction } from "../db/tx-context.js";
import { NotSupportedError, TransactionManagementError } from "../errors.js";
import type { Expression } from "../expressions/node.js";
import type { QNode } from "../expressions/q.js";
import { NothingNode } from "../expressions/resolved.js";
import type { ModelBase } from "../models/instance.js";
import { ModelMeta } from "../models/meta.js";
import type { AnyModel, CreateInputOf, Instance } from "../models/types.js";
import { withAnnotations, withDistinctFields } from "../query/annotate.js";
import { combinedWithCtes, withCte } from "../query/cte.js";
import { withCteAsBase, withCteJoin } from "../query/cte-sources.js";
import { withFilter } from "../query/filter.js";
import { type OrderTerm, withOrdering } from "../query/ordering.js";
import { ParamBag } from "../query/params.js";
import {
  emptyQuery,
  isSliced,
  type Query,
  type SelectForUpdate,
  withChanges,
} from "../query/query.js";
import { withDeferred, withOnly, withValues } from "../query/select.js";
import { selectRelatedQuery } from "../query/select-related.js";
import { AS_QUERY, type QuerySource } from "../query/subquery-source.js";
import { namedExpressions, runAggregateOf } from "./aggregate.js";
import { type FilterArg, toQ } from "./args.js";
import { batchedUpdate, type UpdateOptions } from "./batched-update.js";
import { type Cte, type CteLike, cte, type RowsOf, recursiveCte, resolveCte } from "./cte.js";
import type { QuerySetOf } from "./custom.js";
import { compiledSql, type ExplainOptions, explain, showSql } from "./inspect.js";
import { prefetchInto } from "./prefetch.js";
import type { PrefetchLookup, ToAttrs } from "./prefetch-spec.js";
import * as reads from "./reads.js";
import { dbForRead, dbForWrite, type RouterHints } from "./routing.js";
import { MODEL_ROWS, type RowShape } from "./row-shapes.js";
import { fetchRows, runCount, runExists, streamRows } from "./run.js";
import {
  baseQuery,
  cachedFilter,
  cachedObjectFilter,
  NO_PARAMS,
  orderedByNames,
  rememberFilter,
  slicedShape,
} from "./shape-cache.js";
import type { AnnotationValues, AnyAggregate, PositionalValues } from "./typing/annotations.js";
import type {
  AllValues,
  FilterCheck,
  OrderCheck,
  PathCheck,
  PathValue,
  ValuesRow,
  ValuesTuple,
} from "./typing/paths.js";
import type { PrefetchLookupCheck, RelationPathCheck } from "./typing/relation-paths.js";
import type { UpdateInput } from "./typing/values.js";
import { parseValuesListArgs } from "./values-args.js";
import * as writes from "./writes.js";

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

const NO_LOOKUPS: readonly PrefetchLookup[] = Object.freeze([]);

/** Maximum rows get() fetches to report "more than N" (Django's MAX_GET_RESULTS). */
export const MAX_GET_RESULTS = 21;

/**
 * A lazy, immutable query over one model. Every method returns a new
 * QuerySet; nothing runs until it is awaited or iterated. Awaiting gives the
 * rows (instances, or values()/valuesList() rows); each QuerySet caches its
 * own result, clones never share it.
 *
 * @example
 * const paid = await Order.objects.filter({ status: "paid" }).orderBy("-createdAt").slice(0, 10);
 * // SELECT … FROM "orders" WHERE "orders"."status" = ? ORDER BY "orders"."created_at" DESC LIMIT 10
 */
export class QuerySet<M extends AnyModel = AnyModel, R = Instance<M>, A extends object = {}>
  implements PromiseLike<R[]>, QuerySource
{
  readonly #state: QuerySetState;
  #result: Promise<R[]> | undefined;

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

  /** This QuerySet pinned to its write database (reads of a write, as Django's `_for_write`). */
  private forWrite(): QuerySet<M, R, A> {
    return this.#state.using ? this : (this.using(this.writeDb) as QuerySet<M, R, A>);
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

  /** Apply a query updater that may bind values; keep the new parameter list. */
  private withBag(fn: (query: Query, params: ParamBag) => Query): this {
    const bag = new ParamBag(this.#state.params);
    const query = fn(this.#state.query, bag);
    return this.withState({ query, params: bag.values }) as unknown as this;
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

  /** Django's _not_support_combined_queries. */
  private assertNotCombined(method: string): void {
    const combined = this.#state.query.combined;
    if (!combined) return;
    const name = { UNION: "union", INTERSECT: "intersection", EXCEPT: "difference" }[combined.op];
    throw new NotSupportedError(`Calling QuerySet.${method}() after ${name}() is not supported.`);
  }

  private assertNotSliced(action: string): void {
    if (isSliced(this.#state.query))
      throw new TypeError(`Cannot ${action} a query once a slice has been taken.`);
  }

  // ---- building -----------------------------------------------------------

  /** A copy of this QuerySet (Django's all()). */
  all(): this {
    return this.withState({ prefilled: this.#state.prefilled }) as unknown as this;
  }

  /** A QuerySet that matches nothing and never queries the database. */
  none(): this {
    const q = this.#state.query;
    return this.withQuery(withChanges(q, { where: q.where.and(new NothingNode()) }));
  }

  /**
   * Rows matching all conditions. Keys are Django lookups:
   * `filter({ createdAt__year: 2024, customer__email__icontains: "@example.com" })`.
   */
  filter<const T extends Record<string, unknown>>(
    lookups: FilterCheck<M, A, T>,
    ...more: Array<QNode | Expression>
  ): this;
  filter(...conditions: Array<QNode | Expression>): this;
  filter(...conditions: FilterArg[]): this {
    return this.withConditions(conditions, false);
  }

  /** filter()/exclude() without static key checks (Tango's own generic code). */
  withConditions(conditions: readonly FilterArg[], negate: boolean): this {
    if (conditions.length === 0) return this.all();
    this.assertNotSliced("filter");
    const only = conditions[0];
    if (conditions.length === 1 && isPlainObject(only)) {
      const { query, params } = this.#state;
      const hit = cachedObjectFilter(query, only, negate, params);
      if (hit) return this.withState({ query: hit.query, params: hit.params }) as unknown as this;
    }
    const q = toQ(conditions);
    return this.withFilterCached(negate ? q.not() : q);
  }

  /**
   * filter() reuses the resolved query shape when the same keys are filtered
   * on the same shape again (`get({ pk })` in a loop): only the values are
   * cleaned and bound anew.
   */
  private withFilterCached(q: QNode): this {
    const { query, params } = this.#state;
    const hit = cachedFilter(query, q, params);
    if (hit) return this.withState({ query: hit.query, params: hit.params }) as unknown as this;
    return this.withBag((current, bag) => {
      const next = withFilter(current, q, bag);
      rememberFilter(query, q, next, bag);
      return next;
    });
  }

  /** Rows not matching the conditions (a to-many condition becomes NOT EXISTS, as in Django). */
  exclude<const T extends Record<string, unknown>>(
    lookups: FilterCheck<M, A, T>,
    ...more: Array<QNode | Expression>
  ): this;
  exclude(...conditions: Array<QNode | Expression>): this;
  exclude(...conditions: FilterArg[]): this {
    return this.withConditions(conditions, true);
  }

  /** Order by fields (`"-createdAt"`), relation paths, annotations or expressions; no arguments clears ordering. */
  orderBy(): this;
  orderBy<const K extends readonly OrderTerm[]>(...terms: OrderCheck<M, A, K>): this;
  orderBy(...terms: OrderTerm[]): this {
    this.assertNotSliced("reorder");
    if (terms.every((t) => typeof t === "string")) {
      return this.withQuery(orderedByNames(this.#state.query, terms as readonly string[]));
    }
    return this.withBag((q, bag) => withOrdering(q, terms, bag));
  }

  /** Flip the ordering. */
  reverse(): this {
    this.assertNotSliced("reverse");
    const q = this.#state.query;
    return this.withQuery(withChanges(q, { standardOrdering: !q.standardOrdering }));
  }

  /** SELECT DISTINCT; with field names, DISTINCT ON (PostgreSQL only). */
  distinct(...fields: string[]): this {
    this.assertNotSliced("create distinct fields");
    const q = withChanges(this.#state.query, { distinct: true });
    if (!fields.length) return this.withQuery(q);
    return this.withBag((_, bag) => withDistinctFields(q, fields, bag));
  }

  /** Python's `qs[start:end]`: OFFSET start LIMIT end - start. Negative indexes are not supported. */
  slice(start: number, end?: number): this {
    if (start < 0 || (end !== undefined && end < 0))
      throw new TypeError("Negative indexing is not supported.");
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
      throw new TypeError("slice() bounds must be integers");
    }
    return this.withQuery(slicedShape(this.#state.query, start, end ?? null));
  }

  /** Rows as objects of the named fields (relation paths and annotations allowed). */
  values(): QuerySetOf<M, AllValues<M, A>, A>;
  values<const K extends readonly string[]>(
    ...fields: PathCheck<M, A, K>
  ): QuerySetOf<M, ValuesRow<M, A, K>, A>;
  values<const E extends Record<string, Expression<unknown>>>(
    expressions: E,
  ): QuerySetOf<M, AnnotationValues<M, A, E>, A & AnnotationValues<M, A, E>>;
  values(...fields: Array<string | Record<string, Expression>>): unknown {
    const { names, expressions } = splitValuesArgs(fields);
    const bag = new ParamBag(this.#state.params);
    const query = withValues(this.#state.query, names, expressions, bag);
    return this.withState({
      params: bag.values,
      query,
      shape: { kind: "values", names: query.select!.map((s) => s.name) },
    });
  }

  /** Rows as arrays (or single values with `{ flat: true }`, or name-addressable with `{ named: true }`). */
  valuesList<const P extends string>(
    field: PathCheck<M, A, [P]>[0],
    options: { flat: true },
  ): QuerySetOf<M, PathValue<M, A, P>, A>;
  valuesList<const K extends readonly string[]>(
    ...fields: PathCheck<M, A, K>
  ): QuerySetOf<M, ValuesTuple<M, A, K>, A>;
  valuesList<const K extends readonly string[]>(
    ...args: [...K, { named: true }]
  ): QuerySetOf<M, ValuesTuple<M, A, K> & ValuesRow<M, A, K>, A>;
  valuesList(
    ...args: Array<string | Expression | { flat?: boolean; named?: boolean }>
  ): QuerySetOf<M, unknown[], A>;
  valuesList(...args: Array<string | Expression | { flat?: boolean; named?: boolean }>): unknown {
    const { names, expressions, flat, named } = parseValuesListArgs(args);
    const plain = names.filter((n) => !(n in expressions));
    const bag = new ParamBag(this.#state.params);
    let query = withValues(this.#state.query, plain, expressions, bag);
    // Keep the caller's column order.
    if (Object.keys(expressions).length) {
      const byName = new Map(query.select!.map((s) => [s.name, s]));
      query = withChanges(query, { select: names.map((n) => byName.get(n)!) });
    }
    const selected = query.select!.map((s) => s.name);
    return this.withState({
      query,
      params: bag.values,
      shape: { kind: "valuesList", names: selected, flat, named },
    });
  }

  /** Load only these fields now (others are deferred; reading one throws until refreshFromDb). */
  only(...fields: string[]): this {
    return this.withQuery(withOnly(this.#state.query, fields));
  }

  /** Do not load these fields now; `defer(null)` clears. */
  defer(...fields: Array<string | null>): this {
    if (fields.length === 1 && fields[0] === null)
      return this.withQuery(withDeferred(this.#state.query, null));
    return this.withQuery(withDeferred(this.#state.query, fields as string[]));
  }

  /**
   * Load related objects in the same query, through JOINs: forward foreign
   * keys and one-to-ones, reverse one-to-ones, nested with `__`. A nullable
   * key (and everything after it) is a LEFT JOIN. Without arguments: every
   * non-null foreign key, 5 levels deep; `selectRelated(null)` clears.
   *
   * @example
   * const items = await OrderItem.objects.selectRelated("order__customer", "product");
   * items[0].order.customer.name; // no query
   * // SELECT orderitem.*, order.*, customer.*, product.* FROM orderitem
   * //   INNER JOIN order ON … INNER JOIN customer ON … INNER JOIN product ON …
   */
  selectRelated<const K extends readonly (string | null)[]>(
    ...fields: RelationPathCheck<M, K>
  ): this;
  selectRelated(...fields: Array<string | null>): this {
    this.assertNotCombined("selectRelated");
    if (this.#state.shape.kind !== "model") {
      throw new TypeError("Cannot call selectRelated() after .values() or .valuesList()");
    }
    return this.withQuery(selectRelatedQuery(this.#state.query, fields));
  }

  /**
   * Load many-valued (and single-valued) relations with one extra query per
   * level, `IN` over the keys of the rows fetched: reverse foreign keys,
   * many-to-manys, nested (`"orders__items__product"`), or a `Prefetch` with
   * its own QuerySet and `toAttr`. Reading the results needs no query; a new
   * filter on `customer.orders` queries again. `prefetchRelated(null)` clears.
   *
   * @example
   * const customers = await Customer.objects.prefetchRelated(
   *   Prefetch("orders", { queryset: Order.objects.filter({ status: "paid" }), toAttr: "paidOrders" }),
   * );
   * customers[0].paidOrders; // Order[] — 2 queries for any number of customers
   */
  prefetchRelated<const P extends readonly PrefetchLookup[]>(
    ...lookups: PrefetchLookupCheck<M, P>
  ): QuerySet<M, R & ToAttrs<M, P>, A>;
  prefetchRelated(clear: null): this;
  prefetchRelated(...lookups: Array<PrefetchLookup | null>): unknown {
    this.assertNotCombined("prefetchRelated");
    if (lookups.length === 1 && lookups[0] === null)
      return this.withState({ prefetch: NO_LOOKUPS });
    const added = lookups.filter((l): l is PrefetchLookup => l !== null);
    return this.withState({ prefetch: [...this.#state.prefetch, ...added] });
  }

  /**
   * Add computed columns, or aggregates over related rows (one group per
   * row): `annotate({ numBooks: Count("book") })`. Positional aggregates
   * are named as in Django: `annotate(Count("authors"))` adds `authors__count`.
   *
   * @example
   * await Publisher.objects.annotate({ numBooks: Count("book") }).orderBy("-numBooks");
   * // SELECT publisher.*, COUNT(book.id) AS "numBooks" FROM publisher
   * //   LEFT OUTER JOIN book ON (publisher.id = book.publisher_id) GROUP BY publisher.id ORDER BY 5 DESC
   */
  annotate<const E extends Record<string, Expression<unknown>>>(
    annotations: E,
  ): QuerySetOf<M, R & AnnotationValues<M, A, E>, A & AnnotationValues<M, A, E>>;
  annotate<const X extends readonly AnyAggregate[]>(
    ...aggregates: X
  ): QuerySetOf<M, R & PositionalValues<M, A, X>, A & PositionalValues<M, A, X>>;
  annotate(...args: Array<Record<string, Expression> | Expression>): unknown {
    const named = namedExpressions("annotate", args);
    const shape = this.#state.shape;
    // values()/valuesList() rows gain the new names too (Django appends them).
    const next =
      shape.kind === "model"
        ? shape
        : {
            ...shape,
            names: [...shape.names, ...Object.keys(named).filter((n) => !shape.names.includes(n))],
          };
    return this.withState({ ...this.annotated(named, true), shape: next });
  }

  /** Like annotate(), but usable only in filters and ordering (not selected). */
  alias<const E extends Record<string, Expression<unknown>>>(
    annotations: E,
  ): QuerySetOf<M, R, A & AnnotationValues<M, A, E>> {
    return this.withState<R, A & AnnotationValues<M, A, E>>({
      ...this.annotated(namedExpressions("alias", [annotations]), false),
    }) as QuerySetOf<M, R, A & AnnotationValues<M, A, E>>;
  }

  private annotated(
    annotations: Record<string, Expression>,
    selected: boolean,
  ): Partial<QuerySetState> {
    const bag = new ParamBag(this.#state.params);
    return {
      query: withAnnotations(this.#state.query, annotations, selected, bag),
      params: bag.values,
    };
  }

  /**
   * Summarise the rows into one object: `aggregate({ avgPrice: Avg("price") })`,
   * or positionally keyed as in Django (`aggregate(Avg("price"))` → `price__avg`).
   * Over grouped, sliced or distinct rows the query becomes a subquery.
   *
   * @example
   * await Book.objects.aggregate({ avgPrice: Avg("price"), maxPrice: Max("price") });
   * // SELECT AVG("book"."price") AS "avgPrice", MAX("book"."price") AS "maxPrice" FROM "book"
   */
  aggregate<const E extends Record<string, Expression<unknown>>>(
    aggregates: E,
  ): Promise<AnnotationValues<M, A, E>>;
  aggregate<const X extends readonly AnyAggregate[]>(
    ...aggregates: X
  ): Promise<PositionalValues<M, A, X>>;
  aggregate(...args: Array<Record<string, Expression> | Expression>): Promise<unknown> {
    return runAggregateOf(this.#state, this.db, namedExpressions("aggregate", args));
  }

  /**
   * How aggregates over different to-many relations are computed.
   * "separate" (the default) computes each in its own correlated subquery,
   * so `annotate({ a: Count("authors"), s: Count("store") })` gives the true
   * numbers; "shared" is Django's single JOIN + GROUP BY, where each
   * aggregate is multiplied by the other relation's rows.
   *
   * @example
   * await Book.objects.aggregateJoins("shared").annotate(Count("authors"), Count("store")); // Django's numbers
   */
  aggregateJoins(mode: "separate" | "shared"): this {
    if (mode !== "separate" && mode !== "shared") {
      throw new TypeError(`aggregateJoins() takes "separate" or "shared" (got ${String(mode)})`);
    }
    return this.withQuery(withChanges(this.#state.query, { aggregateJoins: mode }));
  }

  // ---- common table expressions (docs/bulk-and-cte.md) --------------------

  /**
   * Attach CTEs to this query's WITH clause: `with(cte("big", qs))`, or
   * `with("big", qs)` and refer to it by name (`fromCte("big")`,
   * `joinCte("big", …)`, `cte("big").col("x")`). fromCte()/joinCte() attach
   * the CTE they are given themselves.
   */
  with(...ctes: CteLike[]): this;
  with(name: string, queryset: QuerySource): this;
  with(...args: Array<CteLike | string | QuerySource>): this {
    const list: CteLike[] =
      typeof args[0] === "string"
        ? [cte(args[0], args[1] as RowsOf<unknown>)]
        : (args as CteLike[]);
    return this.withBag((q, bag) =>
      list.reduce((acc, c) => {
        const { definition, params } = resolveCte(acc, c);
        return withCte(acc, definition, params, bag);
      }, q),
    );
  }

  /** Attach `recursiveCte(name, anchor, step)` (see there); refer to it by name afterwards. */
  withRecursive<X>(name: string, anchor: RowsOf<X>, step: (self: Cte<X>) => RowsOf<unknown>): this {
    return this.with(recursiveCte(name, anchor, step));
  }

  /**
   * Rows of this model read from a CTE instead of the table; the CTE's
   * other columns are annotations (`row.depth`). Must be the first step.
   *
   * @example
   * await Category.objects.fromCte(tree).orderBy("depth");
   * // WITH RECURSIVE "tree" (…) AS (…) SELECT "tree"."id", …, "tree"."depth" AS "depth" FROM "tree" ORDER BY …
   */
  fromCte<X>(
    source: Cte<X> | string,
  ): QuerySet<M, R & CteExtraColumns<M, X>, A & CteExtraColumns<M, X>> {
    const bag = new ParamBag(this.#state.params);
    const { definition, params } = resolveCte(this.#state.query, source);
    const query = withCteAsBase(this.#state.query, definition, params, bag);
    return this.withState({ query, params: bag.values });
  }

  /**
   * INNER (or LEFT) JOIN a CTE on `{ modelField: "cteColumn" }`; read its
   * columns with `c.col("column")`.
   */
  joinCte(
    source: CteLike | string,
    on: Readonly<Record<string, string>>,
    options: { type?: "INNER" | "LEFT" } = {},
  ): this {
    return this.withBag((q, bag) => {
      const { definition, params } = resolveCte(q, source);
      return withCteJoin(q, definition, on, options.type ?? "INNER", params, bag);
    });
  }

  /** Read from (and write to) another configured database; routers are not asked. */
  using(alias: string): this {
    if (typeof alias !== "string" || alias === "")
      throw new TypeError(`using() takes a database alias (got ${String(alias)})`);
    return this.withState({ using: alias }) as unknown as this;
  }

  /** Lock the selected rows until the transaction ends (SELECT … FOR UPDATE). */
  selectForUpdate(
    options: { nowait?: boolean; skipLocked?: boolean; of?: string[]; noKey?: boolean } = {},
  ): this {
    if (options.nowait && options.skipLocked)
      throw new TypeError("The nowait option cannot be used with skipLocked.");
    const s: SelectForUpdate = {
      nowait: !!options.nowait,
      skipLocked: !!options.skipLocked,
      of: options.of ?? [],
      noKey: !!options.noKey,
    };
    return this.withQuery(withChanges(this.#state.query, { selectForUpdate: s }));
  }

  /** UNION of this and other QuerySets (`{ all: true }` keeps duplicates). */
  union(...others: Array<QuerySet<AnyModel, unknown> | { all?: boolean }>): this {
    return this.combine("UNION", others);
  }

  intersection(...others: Array<QuerySet<AnyModel, unknown>>): this {
    return this.combine("INTERSECT", others);
  }

  difference(...others: Array<QuerySet<AnyModel, unknown>>): this {
    return this.combine("EXCEPT", others);
  }

  private combine(
    op: "UNION" | "INTERSECT" | "EXCEPT",
    others: Array<QuerySet<AnyModel, unknown> | { all?: boolean }>,
  ): this {
    const opts = others.find((o) => !(o instanceof QuerySet)) as { all?: boolean } | undefined;
    const qss = others.filter((o): o is QuerySet<AnyModel, unknown> => o instanceof QuerySet);
    const base = this.#state.query;
    const states = [this.#state, ...qss.map((o) => o.#state)];
    if (states.some((s) => s.query.ctes.length || s.query.sources[0].cte)) throw combinedWithCtes();
    const members = states.map(({ query: m }) =>
      isSliced(m) ? m : withChanges(m, { orderBy: [], defaultOrdering: false }),
    );
    // One parameter list: each member's values follow the previous member's.
    const params: unknown[] = [];
    const paramOffsets = states.map((s) => {
      const at = params.length;
      params.push(...s.params);
      return at;
    });
    const query = withChanges(emptyQuery(this.#state.meta), {
      select: base.select,
      combined: { op, all: !!opts?.all, queries: members, paramOffsets },
      defaultOrdering: false,
    });
    return this.withState({ query, params }) as unknown as this;
  }

  // ---- evaluating ---------------------------------------------------------

  /** Run the query (once per QuerySet) and return its rows. */
  fetch(): Promise<R[]> {
    this.#result ??= (async () => {
      if (this.#state.prefilled) return this.#state.prefilled as R[];
      this.checkSelectForUpdate();
      const { query, params, shape } = this.#state;
      const rows = (await fetchRows(getDatabase(this.db), query, params, shape)) as R[];
      this.withKnownRelated(rows);
      await this.prefetchInto(rows);
      return rows;
    })();
    return this.#result;
  }

  // biome-ignore lint/suspicious/noThenProperty: a QuerySet is awaitable by design (lazy, like Django's)
  then<T1 = R[], T2 = never>(
    onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.fetch().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for (const row of await this.fetch()) yield row;
  }

  /**
   * Stream rows without caching, `chunkSize` at a time, in bounded memory:
   * a server-side cursor on PostgreSQL (one FETCH per chunk), a streaming
   * read on a connection of its own on MySQL/MariaDB (outside a
   * transaction), a reader of its own on a SQLite file. Stopping early
   * (`break`) closes the cursor.
   *
   * @example
   * for await (const order of Order.objects.filter({ status: "paid" }).iterator({ chunkSize: 1000 }))
   *   await ship(order);
   * // DECLARE tango_cursor_1 NO SCROLL CURSOR FOR SELECT … ; FETCH 1000 FROM tango_cursor_1; …
   */
  async *iterator(options: { chunkSize?: number } = {}): AsyncIterable<R> {
    const chunkSize = options.chunkSize ?? 2000;
    if (!Number.isInteger(chunkSize) || chunkSize <= 0)
      throw new TypeError("chunkSize must be strictly positive.");
    this.checkSelectForUpdate();
    const { query, params, shape } = this.#state;
    for await (const chunk of streamRows(getDatabase(this.db), query, params, shape, chunkSize)) {
      // prefetchRelated() runs once per chunk (Django 4.1+).
      this.withKnownRelated(chunk);
      await this.prefetchInto(chunk);
      for (const row of chunk) yield row as R;
    }
  }

  /** Run the prefetchRelated() lookups over fetched rows. */
  private async prefetchInto(rows: readonly unknown[]): Promise<void> {
    const { prefetch, shape } = this.#state;
    if (prefetch.length === 0) return;
    if (shape.kind !== "model") {
      throw new TypeError(
        "prefetchRelated() needs model instances; it cannot be combined with values() or valuesList().",
      );
    }
    await prefetchInto(rows as object[], prefetch, this.db);
  }

  /** Set the relations every row is known to point at (model rows only). */
  private withKnownRelated(rows: unknown[]): unknown[] {
    const known = this.#state.knownRelated;
    if (!known?.length || this.#state.shape.kind !== "model") return rows;
    for (const row of rows) {
      for (const { field, instance } of known) (row as Record<string, unknown>)[field] = instance;
    }
    return rows;
  }

  /**
   * selectForUpdate() needs a transaction where the database has row locks
   * (Django's check; SQLite has none and the lock is left out, as Django does).
   */
  checkSelectForUpdate(): void {
    if (
      this.#state.query.selectForUpdate &&
      getDatabase(this.db).dialect.features.supportsSelectForUpdate &&
      !currentTransaction(this.db)
    ) {
      throw new TransactionManagementError(
        "selectForUpdate cannot be used outside of a transaction.",
      );
    }
  }

  /** The number of rows (SELECT COUNT(*)), or the cached result's length. */
  async count(): Promise<number> {
    const known = this.#state.prefilled;
    if (known) return known.length;
    return runCount(getDatabase(this.db), this.#state.query, this.#state.params);
  }

  /** Is there at least one row? (SELECT 1 … LIMIT 1) */
  async exists(): Promise<boolean> {
    const known = this.#state.prefilled;
    if (known) return known.length > 0;
    return runExists(getDatabase(this.db), this.#state.query, this.#state.params);
  }

  /** The one row matching the conditions; Model.DoesNotExist or Model.MultipleObjectsReturned otherwise. */
  get<const T extends Record<string, unknown>>(
    lookups: FilterCheck<M, A, T>,
    ...more: Array<QNode | Expression>
  ): Promise<R>;
  get(...conditions: Array<QNode | Expression>): Promise<R>;
  get(...conditions: FilterArg[]): Promise<R> {
    return reads.get(untyped(this), conditions) as never;
  }

  /** The first row (by the ordering, else by pk), or null. */
  first(): Promise<R | null> {
    return reads.firstOrLast(untyped(this), false) as never;
  }

  /** The last row (by the ordering, else by pk), or null. */
  last(): Promise<R | null> {
    return reads.firstOrLast(untyped(this), true) as never;
  }

  /** The row with the greatest value of the fields (or Meta.getLatestBy). */
  latest(...fields: string[]): Promise<R> {
    return reads.latest(untyped(this), fields, true) as never;
  }

  earliest(...fields: string[]): Promise<R> {
    return reads.latest(untyped(this), fields, false) as never;
  }

  /** Rows keyed by a unique field (pk by default), optionally for given keys only. */
  inBulk(ids?: readonly unknown[], options: { fieldName?: string } = {}): Promise<Map<unknown, R>> {
    return reads.inBulk(untyped(this), ids, options.fieldName ?? "pk") as never;
  }

  /** Distinct dates (truncated to year/month/week/day) of a date or datetime field. */
  dates(
    field: string,
    kind: "year" | "month" | "week" | "day",
    options: { order?: "ASC" | "DESC" } = {},
  ): Promise<string[]> {
    return reads.dates(untyped(this), field, kind, options.order ?? "ASC", false) as Promise<
      string[]
    >;
  }

  /** Distinct datetimes truncated to year … second of a datetime field. */
  datetimes(
    field: string,
    kind: "year" | "month" | "week" | "day" | "hour" | "minute" | "second",
    options: { order?: "ASC" | "DESC" } = {},
  ): Promise<Date[]> {
    return reads.dates(untyped(this), field, kind, options.order ?? "ASC", true) as Promise<Date[]>;
  }

  /** The SQL as sent: `{ sql, params }` (for the configured dialect of this QuerySet's database). */
  sql(): { sql: string; params: readonly unknown[] } {
    return compiledSql(this.db, this.#state.query, this.#state.params);
  }

  /** The database's plan for this query. */
  explain(options: ExplainOptions = {}): Promise<string> {
    return explain(this.db, this.#state.query, this.#state.params, options);
  }

  // ---- writing ------------------------------------------------------------

  /** Insert one row and return the instance. */
  create(values: CreateInputOf<M> = {} as CreateInputOf<M>): Promise<Instance<M>> {
    return writes.create(untyped(this.forWrite()), values) as never;
  }

  /** Get the row matching `lookup`, or create it (with `defaults`); returns [instance, created]. */
  getOrCreate(
    lookup: Record<string, unknown>,
    options: { defaults?: Record<string, unknown> } = {},
  ): Promise<[Instance<M>, boolean]> {
    return writes.getOrCreate(untyped(this.forWrite()), lookup, options.defaults ?? {}) as never;
  }

  /** Update the row matching `lookup` with `defaults`, or create it; returns [instance, created]. */
  updateOrCreate(
    lookup: Record<string, unknown>,
    options: { defaults?: Record<string, unknown>; createDefaults?: Record<string, unknown> } = {},
  ): Promise<[Instance<M>, boolean]> {
    return writes.updateOrCreate(
      untyped(this),
      lookup,
      options.defaults ?? {},
      options.createDefaults,
    ) as never;
  }

  /** Insert many rows in few statements, all or nothing; primary keys are set where the database returns them. */
  bulkCreate(
    objs: ReadonlyArray<Instance<M> | ModelBase>,
    options: { batchSize?: number; ignoreConflicts?: boolean } = {},
  ): Promise<Instance<M>[]> {
    return writes.bulkCreate(untyped(this.forWrite()), objs as ModelBase[], options) as never;
  }

  /** Write `fields` of many instances (one UPDATE … CASE per batch), all or nothing; returns rows updated. */
  bulkUpdate(
    objs: ReadonlyArray<Instance<M> | ModelBase>,
    fields: readonly string[],
    options: { batchSize?: number } = {},
  ): Promise<number> {
    return writes.bulkUpdate(
      untyped(this.forWrite()),
      objs as ModelBase[],
      fields,
      options,
    ) as never;
  }

  /**
   * UPDATE the matching rows in one statement; values may be expressions
   * (`F("stock").sub(1)`). Returns rows matched. With `{ batchSize }`, the
   * rows are updated in primary-key ranges of that size, each range in its
   * own short transaction (see docs/bulk-and-cte.md).
   *
   * @example
   * await Order.objects.filter({ status: "pending" }).update({ status: "paid" }, { batchSize: 500 });
   * // per batch: SELECT id … WHERE status = ? AND id > ? ORDER BY id LIMIT 500
   * //            UPDATE orders SET status = ? WHERE status = ? AND id > ? AND id <= ?
   */
  update(values: UpdateInput<M>, options?: UpdateOptions): Promise<number> {
    if (options?.batchSize !== undefined)
      return batchedUpdate(untyped(this.forWrite()), values, options) as never;
    return writes.update(untyped(this.forWrite()), values) as never;
  }

  /** DELETE the matching rows; returns Django's `[total, { Model: n }]`. */
  delete(): Promise<[number, Record<string, number>]> {
    return writes.deleteRows(untyped(this.forWrite())) as never;
  }
}

function splitValuesArgs(fields: Array<string | Record<string, Expression>>) {
  const names: string[] = [];
  const expressions: Record<string, Expression> = {};
  for (const f of fields) {
    if (typeof f === "string") names.push(f);
    else Object.assign(expressions, f);
  }
  return { names, expressions };
}

/** The columns of a CTE with rows `X` that are not fields of model M (annotations when read as M rows). */
export type CteExtraColumns<M extends AnyModel, X> = unknown extends X
  ? {}
  : Omit<X, keyof Instance<M>>;

/**
 * The same QuerySet seen without the static model types, for Tango's own
 * generic code (names are checked at run time there).
 */
export function untyped(qs: { readonly state: QuerySetState }): AnyQuerySet {
  return qs as unknown as AnyQuerySet;
}

/** A QuerySet of any model and row type. */
export type AnyQuerySet = QuerySet<AnyModel, unknown, {}>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
