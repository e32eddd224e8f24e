import { FieldError } from "../errors.js";
import { CteColumnExpression } from "../expressions/cte-column.js";
import {
  attachedCte,
  type CteDefinition,
  defineCte,
  defineRecursiveCte,
  selfReference,
} from "../query/cte.js";
import type { Query } from "../query/query.js";
import { AS_QUERY, isQuerySource } from "../query/subquery-source.js";
import type { RowsOf } from "./rows-of.js";

/** Column names `col()` accepts: the keys of the CTE's rows (any name when they are not known). */
export type CteColumnName<R> = unknown extends R ? string : Extract<keyof R, string>;

/** What with()/fromCte()/joinCte() accept: any CTE, whatever its row type. */
export interface CteLike {
  readonly name: string;
  readonly definition: CteDefinition | null;
  readonly params: readonly unknown[];
}

export type { RowsOf } from "./rows-of.js";

/**
 * A common table expression: a named query written once in `WITH` and read
 * by the statement like a table. Build one with `cte(name, qs)` or
 * `recursiveCte(name, anchor, step)`; read it with `qs.fromCte(c)` (rows
 * of a model), `qs.joinCte(c, { field: "column" })` and `c.col("column")`.
 * `R` is the type of the defining QuerySet's rows.
 *
 * @example
 * const big = cte("big", Order.objects.filter({ total__gt: 100 }).values("customer", "total"));
 * await Customer.objects.joinCte(big, { id: "customer" }).annotate({ total: big.col("total") });
 * // WITH "big" ("customer", "total") AS (SELECT …) SELECT … FROM "customer"
 * //   INNER JOIN "big" ON ("customer"."id" = "big"."customer") …
 */
export class Cte<R = unknown> implements CteLike {
  /** A reference by name only (`cte("tree")`): resolved against the CTEs attached to the query. */
  constructor(
    readonly name: string,
    readonly definition: CteDefinition | null,
    /** The parameter values the definition's queries refer to. */
    readonly params: readonly unknown[],
  ) {
    Object.freeze(this);
  }

  /** A column of the CTE as an expression (a model field's name reads its column). */
  col<K extends CteColumnName<R>>(
    column: K,
  ): CteColumnExpression<K extends keyof R ? R[K] : unknown>;
  col(column: string): CteColumnExpression<unknown> {
    if (typeof column !== "string" || column === "")
      throw new TypeError("col() needs a column name");
    return new CteColumnExpression(this.name, column);
  }
}

function queryOf(qs: unknown, what: string): { query: Query; params: readonly unknown[] } {
  if (!isQuerySource(qs)) throw new TypeError(`${what} must be a QuerySet`);
  return qs[AS_QUERY]();
}

/**
 * Define a CTE, or (with a name only) refer to one attached to the query
 * with `qs.with(name, qs)`.
 */
export function cte<R>(name: string, queryset: RowsOf<R>): Cte<R>;
export function cte<R = Record<string, unknown>>(name: string): Cte<R>;
export function cte(name: string, queryset?: unknown): Cte<unknown> {
  if (queryset === undefined) return new Cte(name, null, []);
  const { query, params } = queryOf(queryset, "cte()'s second argument");
  return new Cte(name, defineCte(name, query), params);
}

/**
 * A recursive CTE: `WITH RECURSIVE name AS (anchor UNION ALL step)`. `step`
 * receives the CTE itself (the rows of the previous round) and returns a
 * QuerySet that joins it and selects the anchor's columns, in order.
 *
 * @example
 * const tree = recursiveCte(
 *   "tree",
 *   Category.objects.filter({ pk: rootId }).annotate({ depth: Value(0) }),
 *   (self) => Category.objects.joinCte(self, { parent: "id" }).annotate({ depth: self.col("depth").add(1) }),
 * );
 * await Category.objects.fromCte(tree).orderBy("depth", "name"); // each row has .depth
 */
export function recursiveCte<R>(
  name: string,
  anchor: RowsOf<R>,
  step: (self: Cte<R>) => RowsOf<unknown>,
): Cte<R> {
  const a = queryOf(anchor, "The anchor of a recursive CTE");
  const anchorDefinition = defineCte(name, a.query);
  const self = new Cte<R>(name, selfReference(anchorDefinition), []);
  const s = queryOf(step(self), "The step of a recursive CTE");
  const definition = defineRecursiveCte(anchorDefinition, s.query, a.params.length);
  return new Cte<R>(name, definition, [...a.params, ...s.params]);
}

/** The definition a CTE argument stands for: its own, or (by name) the one attached to `q`. */
export function resolveCte(
  q: Query,
  c: CteLike | string,
): { definition: CteDefinition; params: readonly unknown[] } {
  if (typeof c !== "string" && !(c instanceof Cte))
    throw new FieldError("Expected a CTE (cte(name, qs)) or the name of one attached with with()");
  if (typeof c !== "string" && c.definition) return { definition: c.definition, params: c.params };
  return { definition: attachedCte(q, typeof c === "string" ? c : c.name), params: [] };
}
