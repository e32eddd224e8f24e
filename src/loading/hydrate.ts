import type { Dialect, Reader } from "../dialects/dialect.js";
import { deferredPrototype, ensureReverseAccessors } from "../models/accessors.js";
import type { ModelMeta } from "../models/meta.js";
import { type InstanceState, RELATED, STATE } from "../models/state.js";
import type { ModelLayout, SelectPlan } from "../query/plan.js";
import type { RelatedLayout } from "../query/select-related.js";

export type RowReader = (row: unknown[], state: InstanceState) => unknown;

const cache = new WeakMap<Dialect, Map<string, RowReader>>();

function cached(dialect: Dialect, key: string, make: () => RowReader): RowReader {
  let byKey = cache.get(dialect);
  if (!byKey) {
    byKey = new Map();
    cache.set(dialect, byKey);
  }
  let r = byKey.get(key);
  if (!r) {
    r = make();
    byKey.set(key, r);
  }
  return r;
}

function columnReaders(dialect: Dialect, plan: SelectPlan): Reader[] {
  return plan.columns.map((c) => dialect.reader(c));
}

function columnsKey(plan: SelectPlan): string {
  return plan.columns
    .map(
      (c) =>
        `${c.field?.internalType ?? "?"}:${(c.field as { options?: { decimalPlaces?: number } })?.options?.decimalPlaces ?? ""}:${c.isColumn ? 1 : 0}`,
    )
    .join(",");
}

/**
 * Return a function that builds an instance from one row, generated once per
 * (model, loaded columns, dialect): plain property stores, no per-row
 * reflection. Deferred fields come from a prototype that throws when they
 * are read before being loaded. selectRelated() models are read from the
 * columns after the base model's and put in the instances' relation caches.
 */
export function modelReader(dialect: Dialect, plan: SelectPlan): RowReader {
  const layout = plan.model as ModelLayout;
  const names = [...layout.fields.map((f) => f.attname), ...layout.annotations];
  const key = `M:${layout.meta.name}:${names.join(",")}:${layout.deferred.join(",")}:${columnsKey(plan)}:${relatedKey(layout.related)}`;
  return cached(dialect, key, () => {
    const readers = columnReaders(dialect, plan);
    const base = instanceReader(layout.meta, names, layout.deferred, readers, 0);
    if (layout.related.length === 0) return base;
    const related = layout.related.map((r) => relatedReader(r, readers));
    return (row, state) => {
      const obj = base(row, state);
      attachRelated(obj, row, state, related);
      return obj;
    };
  });
}

function relatedKey(related: readonly RelatedLayout[]): string {
  return related
    .map((r) => `${r.name}@${r.offset}[${r.deferred.join(",")}](${relatedKey(r.children)})`)
    .join(";");
}

interface RelatedReader {
  readonly name: string;
  readonly backName: string | null;
  /** Column of the related primary key: NULL when a LEFT JOIN found no row. */
  readonly pkColumn: number;
  readonly read: RowReader;
  readonly children: readonly RelatedReader[];
}

function relatedReader(layout: RelatedLayout, all: readonly Reader[]): RelatedReader {
  const names = layout.fields.map((f) => f.attname);
  const readers = all.slice(layout.offset, layout.offset + names.length);
  return {
    name: layout.name,
    backName: layout.backName,
    pkColumn: layout.offset + layout.fields.findIndex((f) => f.primaryKey),
    read: instanceReader(layout.meta, names, layout.deferred, readers, layout.offset),
    children: layout.children.map((c) => relatedReader(c, all)),
  };
}

type Slots = { [RELATED]?: Record<string, unknown> };

function cacheOf(obj: unknown): Record<string, unknown> {
  const slots = obj as Slots;
  if (!slots[RELATED]) slots[RELATED] = {};
  return slots[RELATED];
}

function attachRelated(
  obj: unknown,
  row: unknown[],
  state: InstanceState,
  related: readonly RelatedReader[],
): void {
  const cache = cacheOf(obj);
  for (const r of related) {
    const raw = row[r.pkColumn];
    if (raw === null || raw === undefined) {
      cache[r.name] = null;
      continue;
    }
    const child = r.read(row, state);
    cache[r.name] = child;
    // A reverse one-to-one's row points back at this instance (Django sets both caches).
    if (r.backName) cacheOf(child)[r.backName] = obj;
    if (r.children.length) attachRelated(child, row, state, r.children);
  }
}

/** Build instances of `meta` from `names.length` columns starting at `offset`. */
function instanceReader(
  meta: ModelMeta,
  names: readonly string[],
  deferred: readonly string[],
  readers: readonly Reader[],
  offset: number,
): RowReader {
  ensureReverseAccessors(meta);
  const proto = deferredPrototype(meta, deferred);
  const assigns = names
    .map((n, i) => `this[${JSON.stringify(n)}] = r[${i}](row[${i + offset}]);`)
    .join("\n");
  // Generated from field names and indexes only; no user data enters the code.
  const make = new Function(
    "proto",
    "STATE",
    "r",
    `
    function Row(row, state) {
      ${assigns}
      this[STATE] = state;
    }
    Row.prototype = proto;
    return (row, state) => new Row(row, state);
  `,
  ) as (proto: object, s: symbol, r: readonly Reader[]) => RowReader;
  return make(proto, STATE, readers);
}

/** Rows as `{ name: value }` objects (values()). */
export function objectReader(
  dialect: Dialect,
  plan: SelectPlan,
  names: readonly string[],
): RowReader {
  const key = `O:${names.join(",")}:${columnsKey(plan)}`;
  return cached(dialect, key, () => {
    const readers = columnReaders(dialect, plan);
    const props = names.map((n, i) => `${JSON.stringify(n)}: r[${i}](row[${i}])`).join(",\n");
    return new Function("r", `return (row) => ({ ${props} });`)(readers) as RowReader;
  });
}

/** Rows as arrays (valuesList()); `named` rows also read by name. */
export function tupleReader(
  dialect: Dialect,
  plan: SelectPlan,
  names: readonly string[],
  named: boolean,
): RowReader {
  const key = `T:${named ? 1 : 0}:${names.join(",")}:${columnsKey(plan)}`;
  return cached(dialect, key, () => {
    const readers = columnReaders(dialect, plan);
    const items = names.map((_, i) => `r[${i}](row[${i}])`).join(", ");
    if (!named) return new Function("r", `return (row) => [${items}];`)(readers) as RowReader;
    const NamedRow = class extends Array {};
    names.forEach((n, i) => {
      Object.defineProperty(NamedRow.prototype, n, {
        get(this: unknown[]) {
          return this[i];
        },
        enumerable: false,
      });
    });
    return (row) => {
      const out = new NamedRow();
      for (let i = 0; i < readers.length; i++) out.push(readers[i](row[i]));
      return out;
    };
  });
}

/** Single values (valuesList(name, { flat: true })). */
export function flatReader(dialect: Dialect, plan: SelectPlan): RowReader {
  const [r] = columnReaders(dialect, plan);
  return (row) => r(row[0]);
}
