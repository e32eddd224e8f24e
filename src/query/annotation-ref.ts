import type { Annotation } from "./query.js";

/**
 * The annotation a `__`-separated name starts with, and the names after it
 * (transforms and the lookup) — Django's refs_expression. Names may
 * themselves contain `__` (`authors__count`, a positional aggregate), so
 * each prefix is tried, shortest first.
 */
export function annotationPrefix(
  annotations: ReadonlyMap<string, Annotation>,
  parts: readonly string[],
): { name: string; annotation: Annotation; rest: string[] } | undefined {
  if (annotations.size === 0) return undefined;
  for (let n = 1; n <= parts.length; n++) {
    const name = parts.slice(0, n).join("__");
    const annotation = annotations.get(name);
    if (annotation) return { name, annotation, rest: parts.slice(n) };
  }
  return undefined;
}
