import { Expression } from "../expressions/node.js";
import { Q, type QNode } from "../expressions/q.js";

/** A filter()/exclude()/get() argument: keyword lookups, a Q, or a boolean expression. */
export type FilterArg = Record<string, unknown> | QNode | Expression;

/** Combine filter() arguments into one Q (Django: Q(*args, **kwargs); kwargs sorted). */
export function toQ(args: readonly FilterArg[]): QNode {
  const positional: Array<QNode | Expression> = [];
  const kwargs: Record<string, unknown> = {};
  for (const a of args) {
    if (a instanceof Expression) positional.push(a);
    else if (a && typeof a === "object") {
      for (const [k, v] of Object.entries(a)) {
        if (k in kwargs) throw new TypeError(`filter() got the keyword '${k}' twice`);
        kwargs[k] = v;
      }
    } else
      throw new TypeError(
        `filter() arguments must be lookup objects, Q or expressions (got ${typeof a})`,
      );
  }
  return Q(kwargs, ...positional);
}
