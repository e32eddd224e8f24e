import { FuncNode } from "../expressions/func.js";
import { Expression } from "../expressions/node.js";

/**
 * valuesList() arguments: field names and expressions (named as Django
 * names them: `lower1`), then optional `{ flat }` or `{ named }`.
 */
export function parseValuesListArgs(
  input: ReadonlyArray<string | Expression | { flat?: boolean; named?: boolean }>,
): { names: string[]; expressions: Record<string, Expression>; flat: boolean; named: boolean } {
  const args = [...input];
  const last = args[args.length - 1];
  const opts = (typeof last === "object" && !(last instanceof Expression) ? args.pop() : {}) as {
    flat?: boolean;
    named?: boolean;
  };
  if (opts.flat && opts.named) throw new TypeError("'flat' and 'named' can't be used together.");
  if (opts.flat && args.length > 1) {
    throw new TypeError("'flat' is not valid when valuesList is called with more than one field.");
  }
  const names: string[] = [];
  const expressions: Record<string, Expression> = {};
  let counter = 0;
  for (const a of args) {
    if (typeof a === "string") {
      names.push(a);
      continue;
    }
    const e = a as Expression;
    // Django's alias: the function's name, else the class name (`lower1`).
    const base = e instanceof FuncNode ? e.name : e.constructor.name || "expr";
    const name = `${base.toLowerCase()}${++counter}`;
    expressions[name] = e;
    names.push(name);
  }
  return { names, expressions, flat: !!opts.flat, named: !!opts.named };
}
