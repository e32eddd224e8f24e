import { Expression } from "./node.js";

/**
 * Rebuild an expression tree bottom-up: `fn` may return a replacement for
 * a node (its subtree is not visited), or undefined to keep the node with
 * its children rebuilt. Nodes are frozen values, so a changed node is a
 * new object of the same class with the same fields (Django's
 * replace_expressions). Non-expression holders of expressions (Case's
 * When clauses) are rebuilt the same way.
 */
export function mapExpression(
  e: Expression,
  fn: (node: Expression) => Expression | undefined,
): Expression {
  return mapNode(e, fn) as Expression;
}

function mapNode(v: unknown, fn: (node: Expression) => Expression | undefined): unknown {
  if (v instanceof Expression) {
    const replaced = fn(v);
    if (replaced) return replaced;
    return rebuild(v, fn);
  }
  if (Array.isArray(v)) {
    const mapped = v.map((x) => mapNode(x, fn));
    return mapped.some((x, i) => x !== v[i]) ? Object.freeze(mapped) : v;
  }
  if (typeof v === "object" && v !== null && holdsExpressions(v)) return rebuild(v, fn);
  return v;
}

function holdsExpressions(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) return false;
  return Object.values(o).some((x) => x instanceof Expression);
}

function rebuild(o: object, fn: (node: Expression) => Expression | undefined): object {
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    const y = mapNode(x, fn);
    if (y !== x) changed = true;
    copy[k] = y;
  }
  if (!changed) return o;
  return Object.freeze(Object.assign(Object.create(Object.getPrototypeOf(o)), copy));
}

/** Every node of the tree, depth first (the node before its children). */
export function* walkExpression(e: Expression): Generator<Expression> {
  yield e;
  for (const c of e.children()) yield* walkExpression(c);
}
