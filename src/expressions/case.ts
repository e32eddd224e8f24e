import type { Field } from "../models/fields/field.js";
import { Combinable, type Operand, toExpression } from "./combinable.js";
import { Expression, type ExprKind } from "./node.js";
import { Q, QNode } from "./q.js";

/** One branch of a Case: a condition (Q, lookups or boolean expression) and its result. */
export class WhenClause {
  readonly condition: Expression;
  /** The branch's value (Django's `then=`). */
  readonly result: Expression;
  constructor(condition: QNode | Expression | Record<string, unknown>, then: Operand) {
    this.condition =
      condition instanceof Expression ? condition : Q(condition as Record<string, unknown>);
    if (this.condition instanceof QNode && this.condition.isEmpty) {
      throw new TypeError("When() needs a condition: a Q, lookups or a boolean expression");
    }
    this.result = toExpression(then);
    Object.freeze(this);
  }
}

/**
 * `Case(When({ stock__lt: 10 }, F("stock").add(100)), { default: F("stock") })`:
 * SQL's CASE WHEN … THEN … ELSE … END.
 */
export class CaseExpression<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "case";
  constructor(
    readonly whens: readonly WhenClause[],
    readonly defaultValue: Expression,
    override readonly explicitOutput?: Field,
    /** Set once resolved. */
    readonly outputField?: Field,
  ) {
    super();
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    return [...this.whens.flatMap((w) => [w.condition, w.result]), this.defaultValue];
  }
}

export interface CaseOptions {
  default?: Operand;
  outputField?: Field;
}

export function Case<T = unknown>(...args: Array<WhenClause | CaseOptions>): CaseExpression<T> {
  const whens = args.filter((a): a is WhenClause => a instanceof WhenClause);
  const opts = (args.find((a) => !(a instanceof WhenClause)) ?? {}) as CaseOptions;
  return new CaseExpression<T>(whens, toExpression(opts.default ?? null), opts.outputField);
}

/** `When({ stock__lt: 10 }, F("stock").add(100))` (or with `new`): one branch of a Case. */
export interface WhenFactory {
  (condition: QNode | Expression | Record<string, unknown>, then: Operand): WhenClause;
  new (condition: QNode | Expression | Record<string, unknown>, then: Operand): WhenClause;
}

export const When = function When(
  condition: QNode | Expression | Record<string, unknown>,
  then: Operand,
): WhenClause {
  return new WhenClause(condition, then);
} as WhenFactory;
export type When = WhenClause;
