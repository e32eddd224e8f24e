import { Decimal, Duration, ModelBase } from "../../src/index.js";
import type { ModelMeta } from "../../src/models/meta.js";
import { isDecimal } from "../../src/values/decimal.js";

/**
 * Turn a Tango result into the JSON shape of Django's recorded
 * `result_normalized`:
 * - instance → `{ __model__, <Django attname>: value, ..., <annotation>: value }`
 *   (loaded fields only, by column name: `customerId` → `customer_id`;
 *   annotations in snake_case);
 * - values() rows → objects with snake_case keys; valuesList() rows → arrays;
 * - Decimal → half-up to 6 places, trailing zeros stripped;
 * - float → rounded to 6 places; bigint → number;
 * - Date (datetime) → ISO-8601 with Z (fraction only when non-zero);
 * - Duration → ISO-8601 (`P1DT00H00M00S`); date/time strings as they are.
 */
export function serialize(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isDecimal(value)) return normalizeDecimal(value);
  if (typeof value === "number") return normalizeFloat(value);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return isoDateTime(value);
  if (value instanceof Duration) return value.toISOString();
  if (Array.isArray(value)) return Array.from(value, serialize);
  if (value instanceof ModelBase) return serializeInstance(value);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), serialize(v)]));
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        snakeCase(k),
        serialize(v),
      ]),
    );
  }
  throw new TypeError(`serialize(): cannot serialize a ${typeof value}`);
}

/** Django's Decimal normalisation: ROUND_HALF_UP to 6 places, no trailing zeros. */
export function normalizeDecimal(d: Decimal): string {
  const s = d.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed();
  return s === "-0" ? "0" : s;
}

function normalizeFloat(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return n;
  return Number(n.toFixed(6));
}

/** Python's `isoformat()` of a UTC datetime, `+00:00` spelled `Z`. */
export function isoDateTime(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  const base = iso.slice(0, 19);
  return ms ? `${base}.${String(ms * 1000).padStart(6, "0")}Z` : `${base}Z`;
}

/** `lineTotal` → `line_total`, `orderItems__order` → `order_items__order`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function metaOf(obj: ModelBase): ModelMeta {
  return (obj.constructor as unknown as { meta: ModelMeta }).meta;
}

function serializeInstance(obj: ModelBase): Record<string, unknown> {
  const meta = metaOf(obj);
  const row = obj as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { __model__: meta.name };
  const attnames = new Set<string>();
  for (const f of meta.fields) {
    attnames.add(f.attname);
    // Deferred fields live on the prototype (they throw when read): skip them, as Django does.
    if (Object.hasOwn(obj, f.attname)) out[f.column] = serialize(row[f.attname]);
  }
  for (const key of Object.keys(obj)) {
    if (!attnames.has(key)) out[snakeCase(key)] = serialize(row[key]);
  }
  return out;
}

/**
 * Django's delete() result `(total, {"app_label.Model": n})`; Tango has no
 * app labels and keys by model name, so the oracle's app label is added.
 */
export function djangoDeleteResult(
  result: readonly [number, Record<string, number>],
  appLabel = "oracle_app",
): unknown {
  const [total, perModel] = result;
  return [
    total,
    Object.fromEntries(Object.entries(perModel).map(([k, v]) => [`${appLabel}.${k}`, v])),
  ];
}
