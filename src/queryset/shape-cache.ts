import { Expression } from "../expressions/node.js";
import { QNode } from "../expressions/q.js";
import type { ModelMeta } from "../models/meta.js";
import { withOrdering } from "../query/ordering.js";
import type { ParamBag, SlotSource } from "../query/params.js";
import { emptyQuery, type Query, withLimits } from "../query/query.js";

/**
 * Caches that let one query shape (an immutable Query with no values in it)
 * be reused by identity, so the downstream caches (plan, compiled SQL, row
 * reader) are hit: `Model.objects.get({ pk })` in a loop resolves, plans and
 * compiles once. All are WeakMaps keyed by immutable values.
 */

export const NO_PARAMS: readonly unknown[] = Object.freeze([]);

const bases = new WeakMap<ModelMeta, Query>();

/** The one empty query of a model (the start of every manager QuerySet). */
export function baseQuery(meta: ModelMeta): Query {
  let q = bases.get(meta);
  if (!q) {
    q = emptyQuery(meta);
    bases.set(meta, q);
  }
  return q;
}

interface FilterEntry {
  readonly query: Query;
  readonly sources: readonly SlotSource[];
}

const filters = new WeakMap<Query, Map<string, FilterEntry>>();

/**
 * The structure of a Q tree without its scalar values: keys, connectors,
 * negations, nulls and booleans (they change the tree). Null when a value
 * is an expression, a list or a QuerySet (not reusable).
 */
function signature(q: QNode, leaves: unknown[]): string | null {
  const parts: string[] = [];
  for (const child of q.children_) {
    if (child instanceof QNode) {
      const inner = signature(child, leaves);
      if (inner === null) return null;
      parts.push(inner);
    } else if (child instanceof Expression) {
      return null;
    } else {
      const [key, value] = child as readonly [string, unknown];
      const kind = valueKind(value);
      if (kind === null) return null;
      leaves.push(value);
      parts.push(`${key}=${kind}`);
    }
  }
  return `${q.negated ? "!" : ""}${q.connector}(${parts.join(",")})`;
}

function valueKind(v: unknown): string | null {
  if (v === null) return "null";
  if (v === undefined) return null;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return "v";
  if (typeof v !== "object") return null;
  if (v instanceof Expression || Array.isArray(v) || Symbol.iterator in v) return null;
  return "v"; // Date, Decimal, Duration, model instances: one parameter each
}

/**
 * The same as cachedFilter for one plain lookup object, without building
 * the Q first (the hot path of `get({ pk })`). Same signature as Q(obj).
 */
export function cachedObjectFilter(
  query: Query,
  lookups: Record<string, unknown>,
  negated: boolean,
  params: readonly unknown[],
): { query: Query; params: unknown[] } | undefined {
  const byKey = filters.get(query);
  if (!byKey) return undefined;
  const keys = Object.keys(lookups).sort();
  const leaves: unknown[] = [];
  const parts: string[] = [];
  for (const k of keys) {
    const v = lookups[k];
    const kind = valueKind(v);
    if (kind === null) return undefined;
    leaves.push(v);
    parts.push(`${k}=${kind}`);
  }
  const hit = byKey.get(`${negated ? "!" : ""}AND(${parts.join(",")})`);
  if (!hit) return undefined;
  const next = [...params];
  for (const s of hit.sources) next.push(s.clean(leaves[s.leaf]));
  return { query: hit.query, params: next };
}

/** A previous filter() of the same keys on the same shape: reuse it with these values. */
export function cachedFilter(
  query: Query,
  q: QNode,
  params: readonly unknown[],
): { query: Query; params: unknown[] } | undefined {
  const byKey = filters.get(query);
  if (!byKey) return undefined;
  const leaves: unknown[] = [];
  const key = signature(q, leaves);
  const hit = key === null ? undefined : byKey.get(key);
  if (!hit) return undefined;
  const next = [...params];
  for (const s of hit.sources) next.push(s.clean(leaves[s.leaf]));
  return { query: hit.query, params: next };
}

/** Remember the shape a filter() produced, when its values can be recomputed from the Q's leaves. */
export function rememberFilter(query: Query, q: QNode, next: Query, bag: ParamBag): void {
  if (!bag.sources) return;
  const key = signature(q, []);
  if (key === null) return;
  let byKey = filters.get(query);
  if (!byKey) {
    byKey = new Map();
    filters.set(query, byKey);
  }
  if (byKey.size < 64) byKey.set(key, { query: next, sources: bag.sources });
}

const orderings = new WeakMap<Query, Map<string, Query>>();

/** orderBy() by names, once per (shape, names). */
export function orderedByNames(query: Query, names: readonly string[]): Query {
  const key = names.join("\u0000");
  let byKey = orderings.get(query);
  if (!byKey) {
    byKey = new Map();
    orderings.set(query, byKey);
  }
  let q = byKey.get(key);
  if (!q) {
    q = withOrdering(query, names);
    if (byKey.size < 64) byKey.set(key, q);
  }
  return q;
}

const slices = new WeakMap<Query, Map<string, Query>>();

/** slice() once per (shape, bounds). */
export function slicedShape(query: Query, low: number | null, high: number | null): Query {
  const key = `${low}:${high}`;
  let byKey = slices.get(query);
  if (!byKey) {
    byKey = new Map();
    slices.set(query, byKey);
  }
  let q = byKey.get(key);
  if (!q) {
    q = withLimits(query, low, high);
    if (byKey.size < 64) byKey.set(key, q);
  }
  return q;
}
