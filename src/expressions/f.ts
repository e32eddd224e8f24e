import { Combinable } from "./combinable.js";
import type { Expression, ExprKind } from "./node.js";

/** `F("price")`: a reference to a field (or annotation) of the query's model, resolved late. */
export class FExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "F";
  constructor(readonly name: string) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
}

export function F<T = unknown>(name: string): FExpression<T> {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("F() needs a field name");
  return new FExpression<T>(name);
}

/**
 * `OuterRef("pk")`: inside a subquery, a field of the enclosing query.
 * `OuterRef(OuterRef("pk"))` reaches two levels out.
 */
export class OuterRefExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "outerRef";
  constructor(readonly ref: string | OuterRefExpression) {
    super();
    Object.freeze(this);
  }
  override get isResolved(): boolean {
    return false;
  }
  /** Levels out (1 for OuterRef("x"), 2 for OuterRef(OuterRef("x"))) and the name. */
  get target(): { levels: number; name: string } {
    if (typeof this.ref === "string") return { levels: 1, name: this.ref };
    const inner = this.ref.target;
    return { levels: inner.levels + 1, name: inner.name };
  }
}

export function OuterRef<T = unknown>(ref: string | OuterRefExpression): OuterRefExpression<T> {
  return new OuterRefExpression<T>(ref);
}

export type FieldRef = FExpression | OuterRefExpression | Expression;
