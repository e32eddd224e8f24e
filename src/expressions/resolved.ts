import type { Field } from "../models/fields/field.js";
import { BooleanField } from "../models/fields/scalar.js";
import type { Query } from "../query/query.js";
import { Combinable } from "./combinable.js";
import { Expression, type ExprKind } from "./node.js";

/**
 * Resolved nodes: what `query/resolve.ts` produces and the compiler reads.
 * Table sources are referred to by index into their query's source list
 * (0 is the base table); the compiler turns indexes into aliases, so a
 * query can be nested at any depth without relabelling.
 */

/** A column of one of the query's tables. */
export class Col extends Combinable {
  readonly kind: ExprKind = "col";
  constructor(
    /** Index of the table in the query's sources. */
    readonly source: number,
    /** The field that owns the column (its `column` is what is written). */
    readonly target: Field,
    /** The field the value is read as (a foreign key reads as its target's type). */
    readonly outputField: Field = target,
  ) {
    super();
    Object.freeze(this);
  }
}

/** A column of an enclosing query, `levels` out (OuterRef after resolution). */
export class OuterCol extends Combinable {
  readonly kind: ExprKind = "outerCol";
  constructor(
    readonly levels: number,
    readonly source: number,
    readonly target: Field,
    readonly outputField: Field = target,
  ) {
    super();
    Object.freeze(this);
  }
}

/** A reference to a selected alias (ORDER BY / GROUP BY by name), or to an annotation. */
export class Ref extends Combinable {
  readonly kind: ExprKind = "ref";
  constructor(
    readonly name: string,
    readonly expression: Expression,
    readonly outputField: Field | undefined,
  ) {
    super();
    Object.freeze(this);
  }
  override children(): readonly Expression[] {
    return [this.expression];
  }
  /** A reference is a column of the select list: grouping treats it as one (Django's Ref). */
  override get containsAggregate(): boolean {
    return false;
  }
  /** Likewise a reference to a window column is a plain column where it is read (an outer query). */
  override get containsWindow(): boolean {
    return false;
  }
}

/**
 * A value bound for a known field (already cleaned); `field` decides how it
 * is encoded. `slot` is its index in the QuerySet's parameter list: the
 * compiler reads the value from there, so one query tree (a "shape") serves
 * every call with different values and its SQL is compiled once.
 */
export class BoundValue extends Combinable {
  readonly kind: ExprKind = "value";
  constructor(
    /** The value when the node was made (used when no parameter list is given). */
    readonly value: unknown,
    readonly outputField: Field | undefined,
    readonly slot?: number,
  ) {
    super();
    Object.freeze(this);
  }
}

export type LookupRhs = Expression | readonly Expression[] | boolean;

/** `lhs <lookup> rhs`, e.g. exact, icontains, in, range, isnull. */
export class LookupNode extends Expression<boolean> {
  readonly kind: ExprKind = "lookup";
  constructor(
    readonly lookupName: string,
    readonly lhs: Expression,
    readonly rhs: LookupRhs,
  ) {
    super();
    Object.freeze(this);
  }
  override children(): readonly Expression[] {
    const r = this.rhs;
    if (typeof r === "boolean") return [this.lhs];
    return Array.isArray(r) ? [this.lhs, ...r] : [this.lhs, r as Expression];
  }
  override get conditional(): boolean {
    return true;
  }
}

/** AND/OR of conditions, possibly negated (resolved Q). */
export class WhereNode extends Expression<boolean> {
  readonly kind: ExprKind = "where";
  constructor(
    readonly children_: readonly Expression[],
    readonly connector: "AND" | "OR" = "AND",
    readonly negated = false,
  ) {
    super();
    Object.freeze(this);
  }
  override children(): readonly Expression[] {
    return this.children_;
  }
  override get conditional(): boolean {
    return true;
  }
  /** Return a new AND node with `cond` appended (flattening into a non-negated AND). */
  and(cond: Expression): WhereNode {
    if (!this.negated && this.connector === "AND")
      return new WhereNode([...this.children_, cond], "AND");
    return new WhereNode([this, cond], "AND");
  }
}

export const EMPTY_WHERE = new WhereNode([]);

/** A condition that matches nothing (`pk__in=[]`, `none()`). */
export class NothingNode extends Expression<boolean> {
  readonly kind: ExprKind = "nothing";
  override get conditional(): boolean {
    return true;
  }
}

/** A nested SELECT used as a value or a list (`__in` a QuerySet, split exclude). */
export class SubqueryNode extends Combinable {
  readonly kind: ExprKind = "subquery";
  constructor(
    readonly query: Query,
    readonly outputField: Field | undefined,
    /** Where the inner query's parameters start in the outer parameter list. */
    readonly paramOffset = 0,
  ) {
    super();
    Object.freeze(this);
  }
}

/** EXISTS(subquery), possibly negated. */
const EXISTS_OUTPUT = new BooleanField();

export class ExistsNode extends Combinable<boolean> {
  readonly kind: ExprKind = "exists";
  /** Read as a boolean when selected (an annotation). */
  readonly outputField: Field = EXISTS_OUTPUT;
  constructor(
    readonly query: Query,
    readonly negated = false,
    readonly paramOffset = 0,
  ) {
    super();
    Object.freeze(this);
  }
  override get conditional(): boolean {
    return true;
  }
}
