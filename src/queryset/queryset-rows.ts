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
import type { QNode } from "../expressions/q.js";
import { NothingNode } from "../expressions/resolved.js";
import type { AnyModel, Instance } from "../models/types.js";
import { withDistinctFields } from "../query/annotate.js";
import { combinedWithCtes, withCte } from "../query/cte.js";
import { withCteAsBase, withCteJoin } from "../query/cte-sources.js";
import { withFilter } from "../query/filter.js";
import { type OrderTerm, withOrdering } from "../query/ordering.js";
import { ParamBag } from "../query/params.js";
import { emptyQuery, isSliced, type SelectForUpdate, withChanges } from "../query/query.js";
import type { QuerySource } from "../query/subquery-source.js";
import { type FilterArg, toQ } from "./args.js";
import { type Cte, type CteLike, cte, type RowsOf, recursiveCte, resolveCte } from "./cte.js";
import type { QuerySet } from "./queryset.js";
import { assertNotSliced, QuerySetCore, withBag } from "./queryset-core.js";
import {
  cachedFilter,
  cachedObjectFilter,
  orderedByNames,
  rememberFilter,
  slicedShape,
} from "./shape-cache.js";
import type { FilterCheck, OrderCheck } from "./typing/paths.js";

/** Which rows a QuerySet reads, and in which order; see QuerySet. */
export class QuerySetRows<
  M extends AnyModel = AnyModel,
  R = Instance<M>,
  A extends object = {},
> extends QuerySetCore<M, R, A> {
  /** A QuerySet that matches nothing and never queries the database. */
  none(): this {
    const q = this.state.query;
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
    assertNotSliced(this.state.query, "filter");
    const only = conditions[0];
    if (conditions.length === 1 && isPlainObject(only)) {
      const { query, params } = this.state;
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
    const { query, params } = this.state;
    const hit = cachedFilter(query, q, params);
    if (hit) return this.withState({ query: hit.query, params: hit.params }) as unknown as this;
    return withBag(this, (current, bag) => {
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
    assertNotSliced(this.state.query, "reorder");
    if (terms.every((t) => typeof t === "string")) {
      return this.withQuery(orderedByNames(this.state.query, terms as readonly string[]));
    }
    return withBag(this, (q, bag) => withOrdering(q, terms, bag));
  }

  /** Flip the ordering. */
  reverse(): this {
    assertNotSliced(this.state.query, "reverse");
    const q = this.state.query;
    return this.withQuery(withChanges(q, { standardOrdering: !q.standardOrdering }));
  }

  /** SELECT DISTINCT; with field names, DISTINCT ON (PostgreSQL only). */
  distinct(...fields: string[]): this {
    assertNotSliced(this.state.query, "create distinct fields");
    const q = withChanges(this.state.query, { distinct: true });
    if (!fields.length) return this.withQuery(q);
    return withBag(this, (_, bag) => withDistinctFields(q, fields, bag));
  }

  /** Python's `qs[start:end]`: OFFSET start LIMIT end - start. Negative indexes are not supported. */
  slice(start: number, end?: number): this {
    if (start < 0 || (end !== undefined && end < 0))
      throw new TypeError("Negative indexing is not supported.");
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
      throw new TypeError("slice() bounds must be integers");
    }
    return this.withQuery(slicedShape(this.state.query, start, end ?? null));
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
    return this.withQuery(withChanges(this.state.query, { selectForUpdate: s }));
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
    const opts = others.find((o) => !(o instanceof QuerySetCore)) as { all?: boolean } | undefined;
    const qss = others.filter((o): o is QuerySet<AnyModel, unknown> => o instanceof QuerySetCore);
    const base = this.state.query;
    const states = [this.state, ...qss.map((o) => o.state)];
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
    const query = withChanges(emptyQuery(this.state.meta), {
      select: base.select,
      combined: { op, all: !!opts?.all, queries: members, paramOffsets },
      defaultOrdering: false,
    });
    return this.withState({ query, params }) as unknown as this;
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
    return withBag(this, (q, bag) =>
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
    const bag = new ParamBag(this.state.params);
    const { definition, params } = resolveCte(this.state.query, source);
    const query = withCteAsBase(this.state.query, definition, params, bag);
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
    return withBag(this, (q, bag) => {
      const { definition, params } = resolveCte(q, source);
      return withCteJoin(q, definition, on, options.type ?? "INNER", params, bag);
    });
  }
}

/** The columns of a CTE with rows `X` that are not fields of model M (annotations when read as M rows). */
export type CteExtraColumns<M extends AnyModel, X> = unknown extends X
  ? {}
  : Omit<X, keyof Instance<M>>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
