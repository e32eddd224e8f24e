import { Combinable } from "./combinable.js";
import type { ExprKind } from "./node.js";

/**
 * A column of a common table expression (`tree.col("depth")`), resolved
 * against the query that reads the CTE (joinCte / fromCte) into a column
 * of that FROM entry.
 */
export class CteColumnExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "cteCol";
  constructor(
    readonly cte: string,
    readonly column: string,
  ) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
}
