import type { Dialect } from "../dialects/dialect.js";

/** How to compute one bound parameter from a QuerySet's parameter list (a cached statement reuses it). */
export type ParamRecipe = (values: readonly unknown[]) => unknown;

/**
 * Accumulates bound parameters for one compile call. The only mutable object
 * in compilation; it never outlives the call that made it.
 */
export class SqlWriter {
  readonly params: unknown[] = [];
  readonly recipes: ParamRecipe[] = [];
  constructor(private readonly dialect: Dialect) {}

  /** Bind a constant (part of the query's shape) and return its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    this.recipes.push(() => value);
    return this.dialect.placeholder(this.params.length);
  }

  /** Bind a value read from the parameter list and return its placeholder. */
  slot(recipe: ParamRecipe, values: readonly unknown[]): string {
    this.params.push(recipe(values));
    this.recipes.push(recipe);
    return this.dialect.placeholder(this.params.length);
  }
}

/** A compiled statement: SQL text with placeholders and its parameters, in order. */
export interface CompiledSql {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** How to recompute `params` for the same shape with other values. */
  readonly recipes: readonly ParamRecipe[];
}
