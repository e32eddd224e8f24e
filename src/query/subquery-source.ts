import type { Query } from "./query.js";

/**
 * QuerySets (a higher layer) expose their Query under this symbol so lookups
 * like `pk__in=qs` can embed them without importing the QuerySet class.
 */
export const AS_QUERY = Symbol.for("tango.asQuery");

export interface QuerySource {
  /** The query shape and the parameter values it refers to. */
  [AS_QUERY](): { query: Query; params: readonly unknown[] };
}

export function isQuerySource(v: unknown): v is QuerySource {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Partial<QuerySource>)[AS_QUERY] === "function"
  );
}
