import { isDecimal } from "../values/decimal.js";
import { Expression } from "./node.js";

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A stable number for an object compared by identity (fields, QuerySets). */
function identity(o: object): string {
  let id = ids.get(o);
  if (id === undefined) {
    id = ++nextId;
    ids.set(o, id);
  }
  return `#${id}`;
}

/**
 * A string that is equal for two unresolved expression trees exactly when
 * they would resolve and bind the same (same kinds, names, options and
 * values). Lets a call that builds new but identical expression objects
 * each time (`aggregate({ n: Count("id") })` in a loop) reuse its plan.
 */
export function expressionSignature(v: unknown): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
    case "boolean":
    case "undefined":
      return String(v);
    case "bigint":
      return `${v}n`;
    case "object":
      break;
    default:
      return identity(v as object);
  }
  if (Array.isArray(v)) return `[${v.map(expressionSignature).join(",")}]`;
  if (v instanceof Date) return `D${v.getTime()}`;
  if (isDecimal(v)) return `M${v.toString()}`;
  const proto = Object.getPrototypeOf(v);
  const plain = proto === Object.prototype || proto === null;
  if (!plain && !(v instanceof Expression) && !isHolder(v as object)) return identity(v as object);
  const entries = Object.entries(v as Record<string, unknown>).map(
    ([k, x]) => `${k}:${expressionSignature(x)}`,
  );
  const tag = plain ? "" : (v as object).constructor.name;
  return `${tag}{${entries.join(",")}}`;
}

/** Frozen helper objects that hold expressions (Case's When clauses). */
function isHolder(o: object): boolean {
  return Object.isFrozen(o) && Object.values(o).some((x) => x instanceof Expression);
}
