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
import { getDatabase } from "../db/database.js";
import { currentTransaction } from "../db/tx-context.js";
import { TransactionManagementError } from "../errors.js";
import type { Expression } from "../expressions/node.js";
import type { QNode } from "../expressions/q.js";
import type { ModelBase } from "../models/instance.js";
import type { AnyModel, CreateInputOf, Instance } from "../models/types.js";
import type { QuerySource } from "../query/subquery-source.js";
import type { FilterArg } from "./args.js";
import { batchedUpdate, type UpdateOptions } from "./batched-update.js";
import { compiledSql, type ExplainOptions, explain } from "./inspect.js";
import { prefetchInto } from "./prefetch.js";
import type { QuerySetState } from "./queryset-core.js";
import { QuerySetShaping } from "./queryset-shaping.js";
import * as reads from "./reads.js";
import { fetchRows, runCount, runExists, streamRows } from "./run.js";
import type { FilterCheck } from "./typing/paths.js";
import type { UpdateInput } from "./typing/values.js";
import * as writes from "./writes.js";

export { type KnownRelated, MAX_GET_RESULTS, type QuerySetState } from "./queryset-core.js";
export type { CteExtraColumns } from "./queryset-rows.js";

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
  extends QuerySetShaping<M, R, A>
  implements PromiseLike<R[]>, QuerySource
{
  #result: Promise<R[]> | undefined;

  // ---- evaluating ---------------------------------------------------------

  /** Run the query (once per QuerySet) and return its rows. */
  fetch(): Promise<R[]> {
    this.#result ??= (async () => {
      if (this.state.prefilled) return this.state.prefilled as R[];
      this.checkSelectForUpdate();
      const { query, params, shape } = this.state;
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
    const { query, params, shape } = this.state;
    for await (const chunk of streamRows(getDatabase(this.db), query, params, shape, chunkSize)) {
      // prefetchRelated() runs once per chunk (Django 4.1+).
      this.withKnownRelated(chunk);
      await this.prefetchInto(chunk);
      for (const row of chunk) yield row as R;
    }
  }

  /** Run the prefetchRelated() lookups over fetched rows. */
  private async prefetchInto(rows: readonly unknown[]): Promise<void> {
    const { prefetch, shape } = this.state;
    if (prefetch.length === 0) return;
    if (shape.kind !== "model") {
      throw new TypeError(
        "prefetchRelated() needs model instances; it cannot be combined with values() or valuesList().",
      );
    }
    await prefetchInto(rows as object[], prefetch);
  }

  /** Set the relations every row is known to point at (model rows only). */
  private withKnownRelated(rows: unknown[]): unknown[] {
    const known = this.state.knownRelated;
    if (!known?.length || this.state.shape.kind !== "model") return rows;
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
      this.state.query.selectForUpdate &&
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
    const known = this.state.prefilled;
    if (known) return known.length;
    return runCount(getDatabase(this.db), this.state.query, this.state.params);
  }

  /** Is there at least one row? (SELECT 1 … LIMIT 1) */
  async exists(): Promise<boolean> {
    const known = this.state.prefilled;
    if (known) return known.length > 0;
    return runExists(getDatabase(this.db), this.state.query, this.state.params);
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
    return compiledSql(this.db, this.state.query, this.state.params);
  }

  /** The database's plan for this query. */
  explain(options: ExplainOptions = {}): Promise<string> {
    return explain(this.db, this.state.query, this.state.params, options);
  }

  // ---- writing ------------------------------------------------------------

  /** This QuerySet pinned to its write database (reads of a write, as Django's `_for_write`). */
  private forWrite(): QuerySet<M, R, A> {
    return this.state.using ? this : (this.using(this.writeDb) as QuerySet<M, R, A>);
  }

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

/**
 * The same QuerySet seen without the static model types, for Tango's own
 * generic code (names are checked at run time there).
 */
export function untyped(qs: { readonly state: QuerySetState }): AnyQuerySet {
  return qs as unknown as AnyQuerySet;
}

/** A QuerySet of any model and row type. */
export type AnyQuerySet = QuerySet<AnyModel, unknown, {}>;
