import { PREFETCHED } from "../models/state.js";

type WithPrefetched = { [PREFETCHED]?: Record<string, unknown[]> };

/** The rows prefetchRelated() stored for `accessor` on `instance`, if any. */
export function prefetchedRows(instance: object, accessor: string): unknown[] | undefined {
  return (instance as WithPrefetched)[PREFETCHED]?.[accessor];
}

/**
 * Drop the prefetched rows of `accessor` (Django's _remove_prefetched_objects):
 * after add/remove/clear/set/create they no longer tell the truth.
 */
export function forgetPrefetched(instance: object, accessor: string): void {
  const cache = (instance as WithPrefetched)[PREFETCHED];
  if (cache) delete cache[accessor];
}
