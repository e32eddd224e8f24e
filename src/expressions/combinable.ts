import type { Field } from "../models/fields/field.js";
import { Expression, type ExprKind } from "./node.js";
import { type NullsOrder, OrderBy } from "./order-by.js";

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%" | "^";

/** Anything an arithmetic operand may be: an expression or a plain value. */
export type Operand = Expression | number | bigint | string | boolean | Date | null | object;

/**
 * Expressions that take part in arithmetic and ordering:
 * `F("stock").sub(1)`, `F("price").mul(F("quantity"))`, `F("name").desc()`.
 */
export abstract class Combinable<T = unknown> extends Expression<T> {
  add(other: Operand): CombinedExpression {
    return combine(this, "+", other);
  }
  sub(other: Operand): CombinedExpression {
    return combine(this, "-", other);
  }
  mul(other: Operand): CombinedExpression {
    return combine(this, "*", other);
  }
  div(other: Operand): CombinedExpression {
    return combine(this, "/", other);
  }
  mod(other: Operand): CombinedExpression {
    return combine(this, "%", other);
  }
  pow(other: Operand): CombinedExpression {
    return combine(this, "^", other);
  }
  /** Unary minus, written as Django does: `expr * -1`. */
  neg(): CombinedExpression {
    return combine(this, "*", new ValueNode(-1));
  }
  asc(nulls: NullsOrder = {}): OrderBy {
    return new OrderBy(this, false, nulls.nullsFirst, nulls.nullsLast);
  }
  desc(nulls: NullsOrder = {}): OrderBy {
    return new OrderBy(this, true, nulls.nullsFirst, nulls.nullsLast);
  }
}

/** A literal value, always sent as a bound parameter. */
export class ValueNode<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "value";
  override readonly explicitOutput?: Field;
  constructor(
    readonly value: T,
    options: { outputField?: Field } = {},
  ) {
    super();
    this.explicitOutput = options.outputField;
    Object.freeze(this);
  }
}

/** `lhs op rhs` (arithmetic between expressions and values). */
export class CombinedExpression extends Combinable {
  readonly kind: ExprKind = "combined";
  constructor(
    readonly lhs: Expression,
    readonly op: ArithmeticOp,
    readonly rhs: Expression,
    override readonly explicitOutput?: Field,
    /** Set on resolved nodes: the inferred or explicit output field. */
    readonly outputField?: Field,
  ) {
    super();
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    return [this.lhs, this.rhs];
  }
}

/** Wrap a plain value as Value(); leave expressions as they are. */
export function toExpression(v: Operand): Expression {
  return v instanceof Expression ? v : new ValueNode(v);
}

function combine(lhs: Expression, op: ArithmeticOp, rhs: Operand): CombinedExpression {
  return new CombinedExpression(lhs, op, toExpression(rhs));
}

/** `ExpressionWrapper(F("a").mul(F("b")), f.decimal({ ... }))`: give an expression its output field. */
export class ExpressionWrapperNode<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "wrapper";
  constructor(
    readonly expression: Expression,
    override readonly explicitOutput: Field,
  ) {
    super();
    Object.freeze(this);
  }
  override children(): readonly Expression[] {
    return [this.expression];
  }
}

export function ExpressionWrapper<T = unknown>(
  expression: Expression,
  outputField: Field,
): ExpressionWrapperNode<T> {
  return new ExpressionWrapperNode<T>(expression, outputField);
}

/** `Value(x)` (or `new Value(x)`): a literal as an expression, optionally with `{ outputField }`. */
export interface ValueFactory {
  <T>(value: T, options?: { outputField?: Field }): ValueNode<T>;
  new <T>(value: T, options?: { outputField?: Field }): ValueNode<T>;
}

export const Value = function Value<T>(value: T, options?: { outputField?: Field }): ValueNode<T> {
  return new ValueNode(value, options);
} as ValueFactory;
export type Value<T = unknown> = ValueNode<T>;
