import type { Field } from "../models/fields/field.js";

/**
 * Every expression kind. Unresolved kinds (F, outerRef, Q, combined with
 * unresolved children) come from user code; `query/resolve.ts` turns them
 * into resolved kinds (col, outerCol, lookup, where …) that the compiler
 * understands. The compiler has one visitor per kind (exhaustive table).
 */
export type ExprKind =
  | "F"
  | "outerRef"
  | "Q"
  | "value"
  | "combined"
  | "wrapper"
  | "orderBy"
  | "col"
  | "outerCol"
  | "ref"
  | "lookup"
  | "where"
  | "nothing"
  | "func"
  | "aggregate"
  | "star"
  | "window"
  | "case"
  | "subquery"
  | "exists"
  | "subqueryExpr"
  | "existsExpr"
  | "subqueryAggregate"
  | "raw"
  | "cteCol";

/** The base of every expression node: immutable, tagged with a kind. */
export abstract class Expression<T = unknown> {
  /** Phantom: the TypeScript type of the value this expression produces. */
  declare readonly __value: T;
  abstract readonly kind: ExprKind;
  /** An explicit output field (`{ outputField }`), if the user gave one. */
  readonly explicitOutput?: Field;

  /** Child expressions, in order (for walking the tree). */
  children(): readonly Expression[] {
    return [];
  }

  /** True when the tree contains an aggregate (set by aggregate nodes). */
  get containsAggregate(): boolean {
    return this.children().some((c) => c.containsAggregate);
  }

  /** True when the tree contains a window function. */
  get containsWindow(): boolean {
    return this.children().some((c) => c.containsWindow);
  }

  /** True when the tree still has names to resolve (F, OuterRef, Q). */
  get isResolved(): boolean {
    return this.children().every((c) => c.isResolved);
  }

  /** Can it stand alone in WHERE (a boolean condition)? */
  get conditional(): boolean {
    return false;
  }
}

export type AnyExpression = Expression<unknown>;

export function isExpression(v: unknown): v is Expression {
  return v instanceof Expression;
}
