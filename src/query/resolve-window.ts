import { FieldError } from "../errors.js";
import { AggregateNode } from "../expressions/aggregates.js";
import { FuncNode } from "../expressions/func.js";
import { COALESCE } from "../expressions/functions/comparison.js";
import type { Expression } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import { outputFieldOf } from "../expressions/output.js";
import { isSubtype } from "../expressions/output-types.js";
import { type WindowFrame, WindowNode } from "../expressions/window.js";
import { isWindowFunction } from "../expressions/window-functions.js";
import { resolveExpression, type Scope } from "./resolve.js";
import { resolveAggregate, resolveFunc } from "./resolve-call.js";

/**
 * Resolve a Window (Django's Window.resolve_expression): its expression
 * (a window function or an aggregate), PARTITION BY and ORDER BY terms.
 * Its output field is the expression's. An aggregate's `default` applies
 * to the window's result, outside the OVER clause:
 *   Window({ expression: Sum("total", { default: 0 }) })
 *   → COALESCE(SUM("total") OVER (), 0)     (Django writes COALESCE(SUM(…), 0) OVER (), invalid SQL)
 */
export function resolveWindow(node: WindowNode, scope: Scope): Expression {
  if (node.typed) return node;
  let source: Expression;
  let fallback: Expression | null = null;
  if (node.expression instanceof AggregateNode) {
    const r = resolveAggregate(node.expression, scope);
    if (r instanceof FuncNode && r.spec === COALESCE && r.args[0] instanceof AggregateNode) {
      source = r.args[0];
      fallback = r.args[1];
    } else {
      source = r;
    }
  } else if (isWindowFunction(node.expression)) {
    source = resolveFunc(node.expression, scope);
  } else {
    throw new Error("Internal error: Window() accepted an expression that cannot be windowed");
  }
  const partitionBy = node.partitionBy.map((e) => resolveExpression(e, scope));
  const orderBy = node.orderBy.map((o) => resolveExpression(o, scope) as OrderBy);
  for (const part of [...source.children(), ...partitionBy, ...orderBy]) {
    if (part.containsWindow) {
      throw new FieldError(
        "Window functions cannot be nested: the expression, partitionBy and orderBy of a " +
          "Window() must not refer to another window (a window annotation or Window(...)). " +
          "Annotate the inner window, filter on it, and compute the outer one on the filtered QuerySet.",
      );
    }
  }
  checkRangeOffsets(node.frame, orderBy);
  const output = node.explicitOutput ?? outputFieldOf(source);
  const window = new WindowNode(
    source,
    partitionBy,
    orderBy,
    node.frame,
    node.explicitOutput,
    output,
    true,
  );
  if (!fallback) return window;
  return new FuncNode("Coalesce", [window, fallback], output, {}, true, undefined, COALESCE);
}

const NUMERIC = ["IntegerField", "FloatField", "DecimalField"] as const;

/**
 * `RANGE BETWEEN n PRECEDING …` compares ordering values: every database
 * needs exactly one ORDER BY term, and a numeric one for integer offsets
 * (PostgreSQL wants intervals for dates, MariaDB refuses non-numeric
 * keys). Say so here, the same way on every database.
 */
function checkRangeOffsets(frame: WindowFrame | null, orderBy: readonly OrderBy[]): void {
  if (frame?.type !== "RANGE") return;
  const offsets = [frame.start, frame.end].filter((b) => b !== null && b !== 0);
  if (offsets.length === 0) return;
  const field = orderBy.length === 1 ? outputFieldOf(orderBy[0].expression) : undefined;
  const relation = field?.internalType === "ForeignKey" || field?.internalType === "OneToOneField";
  const t = relation ? "IntegerField" : field?.internalType;
  if (t && NUMERIC.some((n) => isSubtype(t, n))) return;
  throw new FieldError(
    "ValueRange() with an offset (n PRECEDING / n FOLLOWING) needs exactly one orderBy term of " +
      `a numeric type; this window orders by ${orderBy.length} term(s)` +
      `${field ? ` of type ${field.internalType}` : ""}. Use RowRange() to count rows instead.`,
  );
}
