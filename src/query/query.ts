import type { Expression } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import { EMPTY_WHERE, type WhereNode } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import type { ModelMeta } from "../models/meta.js";
import type { AttachedCte, CteDefinition } from "./cte.js";

export type JoinType = "INNER" | "LEFT";

/** How a joined table hangs off an earlier one: `JOIN to ON parent.parentColumn = to.column`. */
export interface JoinInfo {
  readonly parent: number;
  readonly parentField: Field;
  readonly field: Field;
  readonly type: JoinType;
  readonly nullable: boolean;
  readonly multiValued: boolean;
  /** Same parent + same identity = the same join (reuse). */
  readonly identity: string;
}

/** A table in FROM: the base (index 0, `join` null) or a join. */
export interface Source {
  readonly meta: ModelMeta;
  readonly table: string;
  readonly join: JoinInfo | null;
  /** A derived table in FROM (`(SELECT …) subquery`), as aggregate() over grouped rows uses. */
  readonly subquery?: Query;
  /** A common table expression read in FROM or joined (`table` is its name). */
  readonly cte?: CteDefinition;
}

/** A named entry in the SELECT list of a values()/valuesList() query. */
export interface SelectItem {
  readonly name: string;
  readonly expression: Expression;
  /** Written without `AS name` (a model's own columns, as Django writes them). */
  readonly bare?: boolean;
}

export interface Annotation {
  readonly expression: Expression;
  /** annotate() selects it; alias() does not. */
  readonly selected: boolean;
}

/** only()/defer() state (Django's deferred_loading). */
export interface DeferredLoading {
  readonly names: ReadonlySet<string>;
  /** true: `names` are deferred; false: only `names` are loaded. */
  readonly defer: boolean;
}

export type Combinator = "UNION" | "INTERSECT" | "EXCEPT";

export interface Combined {
  readonly op: Combinator;
  readonly all: boolean;
  readonly queries: readonly Query[];
  /** Where each member's parameters start in the combined parameter list. */
  readonly paramOffsets?: readonly number[];
}

/** selectRelated: `true` (all non-null foreign keys) or a tree of relation names. */
export type SelectRelated = false | true | { readonly [name: string]: SelectRelated };

export interface SelectForUpdate {
  readonly nowait: boolean;
  readonly skipLocked: boolean;
  readonly of: readonly string[];
  readonly noKey: boolean;
}

/**
 * What to fetch, as an immutable value. Every QuerySet method returns a new
 * QuerySet holding a new Query made by the pure updaters in this folder;
 * arrays and maps are copied on write and shared otherwise.
 */
export interface Query {
  readonly meta: ModelMeta;
  readonly sources: readonly Source[];
  readonly where: WhereNode;
  /** Conditions on aggregates, split from `where` when the query is planned (query/group-by.ts). */
  readonly having: WhereNode;
  readonly annotations: ReadonlyMap<string, Annotation>;
  /** values()/valuesList() selection; null selects the model's (non-deferred) fields. */
  readonly select: readonly SelectItem[] | null;
  readonly deferred: DeferredLoading;
  readonly orderBy: readonly OrderBy[];
  /** Use the model's Meta.ordering when orderBy is empty. */
  readonly defaultOrdering: boolean;
  /** false after reverse(): every ordering term is flipped at compile time. */
  readonly standardOrdering: boolean;
  readonly low: number;
  readonly high: number | null;
  readonly distinct: boolean;
  readonly distinctFields: readonly Expression[];
  readonly combined: Combined | null;
  /**
   * null: no grouping; true: one group per model row (annotate() of an
   * aggregate); a list: these terms, completed at planning with the
   * selected, ordering and HAVING terms.
   */
  readonly groupBy: null | true | readonly Expression[];
  readonly selectRelated: SelectRelated;
  readonly selectForUpdate: SelectForUpdate | null;
  /**
   * "separate" (Tango's default): aggregates over different to-many
   * relations are each computed in a correlated subquery, so they do not
   * multiply each other. "shared": Django's single JOIN + GROUP BY, whose
   * aggregates over two to-many relations are overcounted.
   */
  readonly aggregateJoins: "separate" | "shared";
  /** Common table expressions written in this query's WITH clause. */
  readonly ctes: readonly AttachedCte[];
}

export function emptyQuery(meta: ModelMeta): Query {
  return Object.freeze({
    meta,
    sources: Object.freeze([Object.freeze({ meta, table: meta.table, join: null })]),
    where: EMPTY_WHERE,
    having: EMPTY_WHERE,
    annotations: new Map(),
    select: null,
    deferred: NO_DEFERRED,
    orderBy: [],
    defaultOrdering: true,
    standardOrdering: true,
    low: 0,
    high: null,
    distinct: false,
    distinctFields: [],
    combined: null,
    groupBy: null,
    selectRelated: false,
    selectForUpdate: null,
    aggregateJoins: "separate",
    ctes: [],
  });
}

export const NO_DEFERRED: DeferredLoading = Object.freeze({
  names: new Set<string>(),
  defer: true,
});

/** Return a new Query with some properties replaced (the one way Queries change). */
export function withChanges(q: Query, changes: Partial<Query>): Query {
  return Object.freeze({ ...q, ...changes });
}

export function isSliced(q: Query): boolean {
  return q.low !== 0 || q.high !== null;
}

/** Apply Python-style slice bounds on top of existing ones (Django's set_limits). */
export function withLimits(q: Query, low: number | null, high: number | null): Query {
  let { low: lo, high: hi } = q;
  if (high !== null) hi = hi !== null ? Math.min(hi, lo + high) : lo + high;
  if (low !== null) lo = hi !== null ? Math.min(hi, lo + low) : lo + low;
  return withChanges(q, { low: lo, high: hi });
}

export function hasNoRows(q: Query): boolean {
  return q.high !== null && q.high === q.low;
}
