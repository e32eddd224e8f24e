import { BoundValue } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";

/** How one parameter is derived from one condition value (for reusing a cached query shape). */
export interface SlotSource {
  /** Index of the condition value (leaf of the Q tree, in order). */
  readonly leaf: number;
  /** The same cleaning the first build applied (a wrong type still fails, naming the field). */
  readonly clean: (raw: unknown) => unknown;
}

/**
 * The parameter list being built while one updater runs (a QuerySet's
 * values live here, not in the query tree). It can record where each
 * parameter came from, so a filter() with the same keys can reuse the
 * resolved tree and only recompute the values.
 */
export class ParamBag {
  readonly values: unknown[];
  /** Per parameter added, its source; null once something unrecordable was added. */
  sources: SlotSource[] | null = [];
  /** The condition value being resolved. */
  leaf = -1;
  private leaves = 0;

  constructor(initial: readonly unknown[]) {
    this.values = [...initial];
  }

  /** Start resolving the next condition value (top-level conditions only). */
  nextLeaf(): void {
    this.leaf = this.leaves++;
  }

  /** Clean a value, add it, and return the node that refers to it. */
  bind(raw: unknown, field: Field | undefined, clean: (raw: unknown) => unknown): BoundValue {
    const cleaned = clean(raw);
    this.values.push(cleaned);
    this.sources?.push({ leaf: this.leaf, clean });
    return new BoundValue(cleaned, field, this.values.length - 1);
  }

  /** Add a value that does not come from a condition value (an expression's Value()). */
  bindConstant(value: unknown, field: Field | undefined): BoundValue {
    this.values.push(value);
    this.sources = null;
    return new BoundValue(value, field, this.values.length - 1);
  }

  /** Append another QuerySet's parameters (a subquery); return where they start. */
  append(values: readonly unknown[]): number {
    const at = this.values.length;
    this.values.push(...values);
    if (values.length) this.sources = null;
    return at;
  }
}
