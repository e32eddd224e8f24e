import { Expression, type ExprKind } from "./node.js";

export type Connector = "AND" | "OR";

/** One child of a Q: a nested Q, a `[lookup, value]` pair, or a boolean expression. */
export type QChild = QNode | readonly [string, unknown] | Expression;

/**
 * A tree of filter conditions (Django's Q). Immutable: and/or/not return new
 * nodes. `Q()` with no conditions is the identity for dynamic composition.
 */
export class QNode extends Expression<boolean> {
  readonly kind: ExprKind = "Q";
  constructor(
    readonly children_: readonly QChild[],
    readonly connector: Connector = "AND",
    readonly negated = false,
  ) {
    super();
    Object.freeze(this);
  }

  override children(): readonly Expression[] {
    return this.children_.filter((c): c is Expression => c instanceof Expression);
  }

  override get isResolved(): boolean {
    return false;
  }

  override get conditional(): boolean {
    return true;
  }

  get isEmpty(): boolean {
    return this.children_.length === 0;
  }

  and(other: QNode): QNode {
    return this.combine(other, "AND");
  }

  or(other: QNode): QNode {
    return this.combine(other, "OR");
  }

  not(): QNode {
    return new QNode(this.children_, this.connector, !this.negated);
  }

  private combine(other: QNode, connector: Connector): QNode {
    if (!(other instanceof QNode))
      throw new TypeError(`Q.${connector.toLowerCase()}() needs a Q, got ${typeof other}`);
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return new QNode(absorb(absorb([], this, connector), other, connector), connector);
  }
}

/** Flatten like Django's tree.Node.add: same-connector, non-negated (or single-child) nodes merge. */
function absorb(acc: readonly QChild[], node: QNode, connector: Connector): QChild[] {
  if (!node.negated && (node.connector === connector || node.children_.length === 1)) {
    return [...acc, ...node.children_];
  }
  return [...acc, node];
}

/**
 * `Q({ status: "paid", createdAt__lt: cutoff })`. Keyword conditions are kept
 * in sorted key order, as Django sorts **kwargs.
 */
export function Q(
  lookups: Record<string, unknown> = {},
  ...more: Array<QNode | Expression>
): QNode {
  const pairs = Object.keys(lookups)
    .sort()
    .map((k) => [k, lookups[k]] as const);
  return new QNode([...more, ...pairs]);
}
