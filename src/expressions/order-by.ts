import { Expression, type ExprKind } from "./node.js";

export interface NullsOrder {
  nullsFirst?: boolean;
  nullsLast?: boolean;
}

/** `F("x").desc({ nullsLast: true })`: one ORDER BY term. */
export class OrderBy extends Expression<never> {
  readonly kind: ExprKind = "orderBy";
  constructor(
    readonly expression: Expression,
    readonly descending: boolean,
    readonly nullsFirst = false,
    readonly nullsLast = false,
  ) {
    super();
    if (nullsFirst && nullsLast)
      throw new TypeError("nullsFirst and nullsLast are mutually exclusive");
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    return [this.expression];
  }

  /** Return the same term with the direction flipped (reverse()); nulls placement flips too. */
  reversed(): OrderBy {
    return new OrderBy(this.expression, !this.descending, this.nullsLast, this.nullsFirst);
  }

  withExpression(expression: Expression): OrderBy {
    return new OrderBy(expression, this.descending, this.nullsFirst, this.nullsLast);
  }
}
