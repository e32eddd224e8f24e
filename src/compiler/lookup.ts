import type { ValueNode } from "../expressions/combinable.js";
import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import { type BoundValue, type LookupNode, SubqueryNode } from "../expressions/resolved.js";
import { type Condition, MATCH_NOTHING } from "./empty.js";
import type { ExpressionCompiler } from "./expression-compiler.js";

function isValue(e: Expression): e is Expression & { value: unknown } {
  return e.kind === "value";
}

/** `lhs <op> rhs` for one lookup, using the dialect's operator table. */
export function compileLookup(c: ExpressionCompiler, node: LookupNode): Condition {
  const name = node.lookupName;
  const lhsField = outputFieldOf(node.lhs);
  const spec = c.dialect.lookupSql(name, lhsField);
  const lhsRaw = comparand(c, node.lhs);
  const lhs = spec.lhs ? spec.lhs.replaceAll("%s", lhsRaw) : lhsRaw;

  if (name === "isnull") return `${lhs} IS ${node.rhs === true ? "" : "NOT "}NULL`;

  if (name === "in") {
    const rhs = node.rhs;
    if (Array.isArray(rhs)) {
      if (rhs.length === 0) return MATCH_NOTHING;
      return `${lhs} IN (${rhs.map((v) => operand(c, v, spec.prepare)).join(", ")})`;
    }
    if (rhs instanceof SubqueryNode) return `${lhs} IN ${c.inSubquery(rhs)}`;
    return `${lhs} IN ${c.expr(rhs as Expression)}`;
  }

  if (name === "range") {
    const [a, b] = node.rhs as readonly Expression[];
    return `${lhs} BETWEEN ${operand(c, a, spec.prepare)} AND ${operand(c, b, spec.prepare)}`;
  }

  const rhs = node.rhs as Expression;
  if (isValue(rhs) || !spec.exprOperator) {
    return `${lhs} ${spec.operator.replaceAll("%s", operand(c, rhs, spec.prepare))}`;
  }
  return `${lhs} ${spec.exprOperator.replaceAll("%s", comparand(c, rhs))}`;
}

/** An expression compared by a lookup (the dialect may adjust it: see ExpressionCompiler.comparand). */
function comparand(c: ExpressionCompiler, e: Expression): string {
  return c.comparand(e, c.expr(e));
}

function operand(
  c: ExpressionCompiler,
  e: Expression,
  prepare: ((v: unknown) => unknown) | undefined,
): string {
  if (!isValue(e)) return comparand(c, e);
  return c.bindValue(e as ValueNode | BoundValue, prepare);
}
