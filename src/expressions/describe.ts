import type { AggregateNode } from "./aggregates.js";
import type { FExpression } from "./f.js";
import type { FuncNode } from "./func.js";
import type { Expression } from "./node.js";

/** A short, Django-like text of an expression for error messages: `Count(F(book))`. */
export function describeExpression(e: Expression): string {
  switch (e.kind) {
    case "F":
      return `F(${(e as FExpression).name})`;
    case "star":
      return "*";
    case "aggregate": {
      const a = e as AggregateNode;
      return `${a.fn}(${describeExpression(a.source)}${a.distinct ? ", distinct=True" : ""})`;
    }
    case "func": {
      const f = e as FuncNode;
      return `${f.name}(${f.args.map(describeExpression).join(", ")})`;
    }
    case "value":
      return `Value(${String((e as { value?: unknown }).value)})`;
    default:
      return e.constructor.name;
  }
}
