import type { QuerySource } from "../query/subquery-source.js";

/**
 * Any QuerySet whose rows are `R`, custom QuerySet classes included: what
 * APIs taking "a queryset of these rows" accept (CTEs, Prefetch).
 */
export type RowsOf<R> = QuerySource & PromiseLike<readonly R[]>;
