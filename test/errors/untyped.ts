import type { Expression, QNode } from "../../src/index.js";

type Condition = Record<string, unknown> | QNode | Expression;

/**
 * The QuerySet surface with plain string names. Tango's static types reject
 * unknown names and wrong value types; these tests check the run-time
 * checks behind them, so they call through this view.
 */
export interface UntypedQuerySet {
  filter(...conditions: Condition[]): UntypedQuerySet;
  exclude(...conditions: Condition[]): UntypedQuerySet;
  orderBy(...terms: string[]): UntypedQuerySet;
  values(...names: string[]): UntypedQuerySet;
  valuesList(...args: Array<string | { flat?: boolean }>): UntypedQuerySet;
  only(...names: string[]): UntypedQuerySet;
  defer(...names: string[]): UntypedQuerySet;
  annotate(annotations: Record<string, Expression>): UntypedQuerySet;
  get(...conditions: Condition[]): Promise<unknown>;
  update(values: Record<string, unknown>): Promise<number>;
  create(values: Record<string, unknown>): Promise<unknown>;
  count(): Promise<number>;
  fetch(): Promise<Array<{ pk: unknown }>>;
  sql(): { sql: string; params: readonly unknown[] };
}

/** View a manager or QuerySet through UntypedQuerySet. */
export function untyped(source: object): UntypedQuerySet {
  return source as unknown as UntypedQuerySet;
}
