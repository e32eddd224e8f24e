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
import type { Expression } from "../expressions/node.js";
import type { AnyModel, Instance } from "../models/types.js";
import { withAnnotations } from "../query/annotate.js";
import { ParamBag } from "../query/params.js";
import { withChanges } from "../query/query.js";
import { withDeferred, withOnly, withValues } from "../query/select.js";
import { selectRelatedQuery } from "../query/select-related.js";
import { namedExpressions, runAggregateOf } from "./aggregate.js";
import type { QuerySetOf } from "./custom.js";
import type { PrefetchLookup, ToAttrs } from "./prefetch-spec.js";
import type { QuerySet } from "./queryset.js";
import { assertNotCombined, NO_LOOKUPS, type QuerySetState } from "./queryset-core.js";
import { QuerySetRows } from "./queryset-rows.js";
import type { AnnotationValues, AnyAggregate, PositionalValues } from "./typing/annotations.js";
import type { AllValues, PathCheck, PathValue, ValuesRow, ValuesTuple } from "./typing/paths.js";
import type { PrefetchLookupCheck, RelationPathCheck } from "./typing/relation-paths.js";
import { parseValuesListArgs } from "./values-args.js";

/** What each row of a QuerySet holds; see QuerySet. */
export class QuerySetShaping<
  M extends AnyModel = AnyModel,
  R = Instance<M>,
  A extends object = {},
> extends QuerySetRows<M, R, A> {
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
    const bag = new ParamBag(this.state.params);
    const query = withValues(this.state.query, names, expressions, bag);
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
    const bag = new ParamBag(this.state.params);
    let query = withValues(this.state.query, plain, expressions, bag);
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
    return this.withQuery(withOnly(this.state.query, fields));
  }

  /** Do not load these fields now; `defer(null)` clears. */
  defer(...fields: Array<string | null>): this {
    if (fields.length === 1 && fields[0] === null)
      return this.withQuery(withDeferred(this.state.query, null));
    return this.withQuery(withDeferred(this.state.query, fields as string[]));
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
    assertNotCombined(this.state.query, "selectRelated");
    if (this.state.shape.kind !== "model") {
      throw new TypeError("Cannot call selectRelated() after .values() or .valuesList()");
    }
    return this.withQuery(selectRelatedQuery(this.state.query, fields));
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
    assertNotCombined(this.state.query, "prefetchRelated");
    if (lookups.length === 1 && lookups[0] === null)
      return this.withState({ prefetch: NO_LOOKUPS });
    const added = lookups.filter((l): l is PrefetchLookup => l !== null);
    return this.withState({ prefetch: [...this.state.prefetch, ...added] });
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
    const shape = this.state.shape;
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
    const bag = new ParamBag(this.state.params);
    return {
      query: withAnnotations(this.state.query, annotations, selected, bag),
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
    return runAggregateOf(this.state, this.db, namedExpressions("aggregate", args));
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
    return this.withQuery(withChanges(this.state.query, { aggregateJoins: mode }));
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
