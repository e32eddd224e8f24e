import type { Dialect, Reader } from "../dialects/dialect.js";
import { deferredPrototype, ensureReverseAccessors } from "../models/accessors.js";
import { type InstanceState, STATE } from "../models/state.js";
import type { ModelLayout, SelectPlan } from "../query/plan.js";

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
 * are read before being loaded.
 */
export function modelReader(dialect: Dialect, plan: SelectPlan): RowReader {
  const layout = plan.model as ModelLayout;
  const names = [...layout.fields.map((f) => f.attname), ...layout.annotations];
  const key = `M:${layout.meta.name}:${names.join(",")}:${layout.deferred.join(",")}:${columnsKey(plan)}`;
  return cached(dialect, key, () => {
    ensureReverseAccessors(layout.meta);
    const proto = deferredPrototype(layout.meta, layout.deferred);
    const readers = columnReaders(dialect, plan);
    const assigns = names
      .map((n, i) => `this[${JSON.stringify(n)}] = r[${i}](row[${i}]);`)
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
    ) as (proto: object, s: symbol, r: Reader[]) => RowReader;
    return make(proto, STATE, readers);
  });
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
