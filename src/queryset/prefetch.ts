import { FieldError } from "../errors.js";
import { F } from "../expressions/f.js";
import { Window } from "../expressions/window.js";
import { RowNumber } from "../expressions/window-functions.js";
import type { Field } from "../models/fields/field.js";
import { ForeignKey, ManyToManyField } from "../models/fields/relation.js";
import type { ModelMeta } from "../models/meta.js";
import { PREFETCHED, RELATED } from "../models/state.js";
import { throughLinks } from "../models/through.js";
import { withDefaultOrdering } from "../query/ordering.js";
import { isSliced, withChanges } from "../query/query.js";
import { normalizeLookups, type PrefetchLookup, type PrefetchSpec } from "./prefetch-spec.js";
import { type AnyQuerySet, QuerySet } from "./queryset.js";

type Obj = Record<string | symbol, unknown> & {
  [RELATED]?: Record<string, unknown>;
  [PREFETCHED]?: Record<string, unknown[]>;
};

/** Bound parameters per prefetch query; more keys are split over several queries. */
const MAX_KEYS = 30000;

/** The annotation a many-to-many prefetch reads the owner's key from (Django's _prefetch_related_val). */
const OWNER_KEY = "_prefetchRelatedVal";

/** How to fetch one relation for a list of instances (Django's get_prefetch_querysets). */
interface Prefetcher {
  readonly target: ModelMeta;
  readonly many: boolean;
  /** The cache slot: RELATED for single-valued, PREFETCHED for many-valued. */
  readonly cacheName: string;
  /** The owner's value the related rows are matched on. */
  readonly ownerKey: (o: Obj) => unknown;
  /** Restrict `qs` to rows related to `keys`. */
  readonly restrict: (qs: AnyQuerySet, keys: unknown[]) => AnyQuerySet;
  /** The owner key of a fetched row. */
  readonly rowKey: (r: Obj) => unknown;
  /** A reverse foreign key's field: each fetched row points back at its owner. */
  readonly backField: string | null;
  /** What a sliced Prefetch queryset numbers its rows over (one window per owner). */
  readonly partition: string;
}

function attr(o: Obj, f: Field): unknown {
  return o[f.attname];
}

/** Return how to prefetch `name` on instances of `meta`, or null if it is a plain field. */
function prefetcherFor(meta: ModelMeta, name: string, lookup: string): Prefetcher {
  const field = meta.fields.find((f) => f.name === name);
  if (field instanceof ForeignKey) {
    const target = field.targetField();
    return {
      target: field.relatedMeta(),
      many: false,
      cacheName: name,
      ownerKey: (o) => attr(o, field),
      restrict: (qs, keys) => qs.withConditions([{ [`${target.name}__in`]: keys }], false),
      rowKey: (r) => attr(r, target),
      backField: null,
      partition: target.name,
    };
  }
  const m2m = meta.manyToMany.find((f) => f.name === name);
  if (m2m) return manyToMany(m2m.relatedMeta(), ownerPathOf(m2m), name);
  const rel = meta.reverseRelations().find((r) => r.accessorName === name);
  if (rel?.field instanceof ManyToManyField) {
    return manyToMany(rel.model, rel.field.name, name);
  }
  if (rel) {
    const fk = rel.field as ForeignKey;
    const source = fk.targetField();
    return {
      target: rel.model,
      many: !fk.isOneToOne,
      cacheName: name,
      ownerKey: (o) => attr(o, source),
      restrict: (qs, keys) => qs.withConditions([{ [`${fk.name}__in`]: keys }], false),
      rowKey: (r) => attr(r, fk),
      backField: fk.name,
      partition: fk.name,
    };
  }
  if (meta.member(name)) {
    throw new FieldError(
      `'${lookup}' does not resolve to an item that supports prefetching - this is an invalid ` +
        `parameter to prefetchRelated(). Relations of ${meta.name}: ${meta.relationNames().join(", ")}.`,
    );
  }
  throw new FieldError(
    `Cannot find '${name}' on ${meta.name} object, '${lookup}' is an invalid parameter to ` +
      `prefetchRelated(). Relations of ${meta.name}: ${meta.relationNames().join(", ")}.`,
  );
}

/**
 * The lookup name leading from a forward many-to-many's target back to its
 * owner: the reverse relation (`book` from Author for Book.authors). A
 * symmetrical self many-to-many has none; its through table holds one row
 * per direction (add() writes a → b and b → a), so, as Django does, the
 * friends of a person are the rows the person's `from` side points at —
 * the path goes through the join table: `<through's to-key reverse>__<from-key>`.
 */
function ownerPathOf(m2m: ManyToManyField): string {
  const target = m2m.relatedMeta();
  const back = target.reverseRelations().find((r) => r.field === m2m);
  if (back) return back.queryName;
  const links = throughLinks(m2m);
  const toThrough = target.reverseRelations().find((r) => r.field === links.target);
  const name = toThrough?.queryName;
  if (!name || target.reverseRelations().filter((r) => r.queryName === name).length > 1) {
    // Two keys of an explicit through model answering to one reverse name (Django's fields.E304).
    throw new FieldError(
      `prefetchRelated() of ${m2m.model.name}.${m2m.name}: the reverse query name '${name}' of ` +
        `${links.through.name}.${links.target.name} is shared with another relation to ${target.name}; ` +
        `give ${links.through.name}.${links.target.name} its own relatedName.`,
    );
  }
  return `${name}__${links.source.name}`;
}

/**
 * A many-to-many: one query over the target joined to the through table,
 * each row annotated with the owner's key —
 *   SELECT author.*, book_authors.book_id AS "_prefetchRelatedVal" FROM author
 *   LEFT JOIN book_authors ON … WHERE book_authors.book_id IN (…)
 */
function manyToMany(target: ModelMeta, ownerPath: string, name: string): Prefetcher {
  return {
    target,
    many: true,
    cacheName: name,
    ownerKey: (o) => o[(o.constructor as unknown as { meta: ModelMeta }).meta.pk.attname],
    restrict: (qs, keys) =>
      (qs.annotate({ [OWNER_KEY]: F(ownerPath) }) as unknown as AnyQuerySet).withConditions(
        [{ [`${OWNER_KEY}__in`]: keys }],
        false,
      ),
    rowKey: (r) => r[OWNER_KEY],
    backField: null,
    partition: OWNER_KEY,
  };
}

function metaOf(o: object): ModelMeta {
  return (o.constructor as unknown as { meta: ModelMeta }).meta;
}

/** Is `name` already loaded on the instance (selectRelated, an earlier prefetch, a toAttr)? */
function isFetched(o: Obj, name: string, toAttr: string | undefined): boolean {
  if (toAttr) return Object.hasOwn(o, toAttr);
  return o[RELATED]?.[name] !== undefined || o[PREFETCHED]?.[name] !== undefined;
}

/** The objects one level down from already-loaded instances. */
function loadedBelow(objs: readonly Obj[], name: string): Obj[] {
  const out: Obj[] = [];
  for (const o of objs) {
    const v = Object.hasOwn(o, name)
      ? o[name]
      : (o[PREFETCHED]?.[name] ?? o[RELATED]?.[name] ?? null);
    if (Array.isArray(v)) out.push(...(v as Obj[]));
    else if (v) out.push(v as Obj);
  }
  return out;
}

/** Distinct non-null keys of the owners, as they are (bound as the field's values). */
function uniqueKeys(objs: readonly Obj[], key: (o: Obj) => unknown): unknown[] {
  const seen = new Map<unknown, unknown>();
  for (const o of objs) {
    const k = key(o);
    if (k !== null && k !== undefined && !seen.has(norm(k))) seen.set(norm(k), k);
  }
  return [...seen.values()];
}

/**
 * A key for matching rows to owners: 1, 1n and a Decimal 1 are the same key
 * (drivers read integer columns as number or bigint), Dates by their time.
 */
function norm(k: unknown): unknown {
  if (typeof k === "number" || typeof k === "bigint") return `n:${k}`;
  if (k instanceof Date) return `d:${k.getTime()}`;
  if (k !== null && typeof k === "object") return `o:${String(k)}`;
  return k;
}

/** The annotation numbering a sliced Prefetch queryset's rows per owner. */
const ROW_NUMBER = "_prefetchRowNumber";

/**
 * Restrict the prefetch QuerySet to the owners' keys. A sliced queryset
 * (`Order.objects.orderBy("-createdAt").slice(0, 3)`: each customer's latest
 * three) is sliced per owner, with a row number over the owner's rows, as
 * Django 4.2+ does —
 *   … WHERE customer_id IN (…) QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id
 *     ORDER BY created_at DESC) BETWEEN 1 AND 3    (written as a wrapping SELECT)
 */
function restricted(qs: AnyQuerySet, p: Prefetcher, keys: unknown[]): AnyQuerySet {
  const q = qs.state.query;
  if (!isSliced(q)) return p.restrict(qs, keys);
  const ordered = withDefaultOrdering(q);
  const orderBy = ordered.standardOrdering
    ? ordered.orderBy
    : ordered.orderBy.map((o) => o.reversed());
  const whole = qs.withState({
    query: withChanges(ordered, { low: 0, high: null }),
  }) as AnyQuerySet;
  const numbered = p.restrict(whole, keys).annotate({
    [ROW_NUMBER]: Window({ expression: RowNumber(), partitionBy: F(p.partition), orderBy }),
  }) as unknown as AnyQuerySet;
  const bounds: Record<string, number> = { [`${ROW_NUMBER}__gt`]: q.low };
  if (q.high !== null) bounds[`${ROW_NUMBER}__lte`] = q.high;
  return numbered.withConditions([bounds], false);
}

/** Fetch one relation for `objs` and store it on them; return the fetched rows and the inner lookups. */
async function prefetchOneLevel(
  objs: Obj[],
  p: Prefetcher,
  queryset: AnyQuerySet | null,
  toAttr: string | undefined,
): Promise<{ rows: Obj[]; inner: readonly PrefetchLookup[] }> {
  const keys = uniqueKeys(objs, p.ownerKey);
  // Django's get_prefetch_querysets: the routers decide, told of the first
  // owner (dbForRead(target, { instance: objs[0] }); without an answer, that
  // owner's database), unless the Prefetch queryset has using().
  const given = queryset ?? new QuerySet(p.target);
  const base = given.withState({
    hints: { ...given.state.hints, instance: objs[0] },
  }) as AnyQuerySet;
  const inner = base.state.prefetch;
  const unprefetched = base.withState({ prefetch: [] }) as AnyQuerySet;
  const rows: Obj[] = [];
  for (let i = 0; i < keys.length; i += MAX_KEYS) {
    const chunk = keys.slice(i, i + MAX_KEYS);
    rows.push(...((await restricted(unprefetched, p, chunk).fetch()) as Obj[]));
  }
  const byKey = new Map<unknown, Obj[]>();
  for (const r of rows) {
    const k = norm(p.rowKey(r));
    let list = byKey.get(k);
    if (!list) {
      list = [];
      byKey.set(k, list);
    }
    list.push(r);
  }
  for (const o of objs) {
    const related = byKey.get(norm(p.ownerKey(o))) ?? [];
    if (p.backField) {
      for (const r of related) {
        if (!r[RELATED]) r[RELATED] = {};
        r[RELATED][p.backField] = o;
      }
    }
    const value = p.many ? related : (related[0] ?? null);
    if (toAttr) o[toAttr] = value;
    else if (p.many) {
      if (!o[PREFETCHED]) o[PREFETCHED] = {};
      o[PREFETCHED][p.cacheName] = related;
    } else {
      if (!o[RELATED]) o[RELATED] = {};
      o[RELATED][p.cacheName] = value;
    }
  }
  return { rows, inner };
}

/**
 * Load the relations named by `lookups` onto instances already in hand, one
 * query per level (Django's prefetch_related_objects):
 * `"orders__items__product"` runs three queries whatever the number of
 * customers. A level already loaded (selectRelated, an earlier lookup) is
 * walked without a query.
 *
 * @example
 * const customers = await Customer.objects.filter({ pk__in: ids });
 * await prefetchRelatedObjects(customers, "orders");
 */
export function prefetchRelatedObjects(
  instances: readonly object[],
  ...lookups: PrefetchLookup[]
): Promise<void> {
  return prefetchInto(instances, lookups);
}

/** prefetchRelatedObjects() with the lookups as a list (a QuerySet's prefetchRelated()). */
export async function prefetchInto(
  instances: readonly object[],
  lookups: readonly PrefetchLookup[],
): Promise<void> {
  if (instances.length === 0 || lookups.length === 0) return;
  const queue = normalizeLookups(lookups).reverse();
  const done = new Map<string, Obj[]>();
  while (queue.length) {
    const lookup = queue.pop() as PrefetchSpec;
    if (done.has(lookup.prefetchTo)) {
      if (lookup.queryset) {
        throw new FieldError(
          `'${lookup.prefetchTo}' lookup was already seen with a different queryset. ` +
            "You may need to adjust the ordering of your lookups.",
        );
      }
      continue;
    }
    let objs = instances as Obj[];
    const names = lookup.lookup.split("__");
    for (let level = 0; level < names.length && objs.length; level++) {
      const to = lookup.prefetchToAt(level);
      const seen = done.get(to);
      if (seen) {
        objs = seen;
        continue;
      }
      const last = level === names.length - 1;
      const name = names[level];
      const toAttr = last ? lookup.toAttr : undefined;
      const first = objs[0];
      // A toAttr of an earlier Prefetch is an attribute, not a relation: walk it.
      if (!last && Object.hasOwn(first, name)) {
        objs = loadedBelow(objs, name);
        continue;
      }
      const meta = metaOf(first);
      if (toAttr && meta.member(toAttr)) {
        throw new FieldError(`toAttr=${toAttr} conflicts with a field on the ${meta.name} model.`);
      }
      const p = prefetcherFor(meta, name, lookup.lookup);
      const missing = objs.filter((o) => !isFetched(o, name, toAttr));
      if (missing.length === 0) {
        objs = loadedBelow(objs, toAttr ?? name);
        continue;
      }
      const queryset = last ? lookup.queryset : null;
      if (queryset && queryset.state.meta !== p.target) {
        throw new FieldError(
          `Prefetch("${lookup.lookup}") needs a QuerySet of ${p.target.name}, not of ${queryset.state.meta.name}.`,
        );
      }
      const { rows, inner } = await prefetchOneLevel(missing, p, queryset, toAttr);
      objs = missing.length === objs.length ? rows : loadedBelow(objs, toAttr ?? name);
      done.set(to, objs);
      // The inner QuerySet's own prefetchRelated() lookups continue from here.
      if (inner.length) queue.push(...normalizeLookups(inner, to).reverse());
    }
  }
}
