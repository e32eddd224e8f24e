import { Expression } from "./node.js";

/**
 * Do two resolved expressions mean the same SQL? (Django's expression
 * __eq__, by identity of their parts.) Fields and queries compare by
 * identity, bound values by slot (or value when unslotted), children
 * recursively. Used to group by a select-list position and to drop
 * repeated GROUP BY terms.
 */
export function sameExpression(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Expression && b instanceof Expression) {
    if (a.kind !== b.kind || a.constructor !== b.constructor) return false;
    return sameProperties(
      a as unknown as Record<string, unknown>,
      b as unknown as Record<string, unknown>,
    );
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameExpression(x, b[i]));
  }
  return false;
}

function sameProperties(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x instanceof Expression || Array.isArray(x)) {
      if (!sameExpression(x, y)) return false;
      continue;
    }
    if (isPlainRecord(x) && isPlainRecord(y)) {
      if (!samePlain(x, y)) return false;
      continue;
    }
    return false;
  }
  return true;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Options records (`{ part: "year" }`): equal keys with identical values. */
function samePlain(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
