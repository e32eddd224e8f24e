import type { CteDefinition } from "../query/cte.js";
import type { Query } from "../query/query.js";
import type { Compiler } from "./compiler.js";

/**
 * `WITH [RECURSIVE] "name" ("col", …) AS (anchor [UNION ALL step]), … `
 * for the CTEs attached to `q`, or "" when it has none. A CTE the
 * enclosing statement already defines (the same definition) is not
 * repeated in a nested query: SQL lets the subquery read the outer one.
 * Bodies are compiled first, in text order, so positional parameters bind
 * in the order they appear.
 */
export function withClause(c: Compiler, q: Query, visible: Set<CteDefinition>): string {
  const own = q.ctes.filter((a) => !visible.has(a.definition));
  if (own.length === 0) return "";
  // Each CTE can read the ones before it, and a recursive one itself.
  const parts: string[] = [];
  for (const { definition: d, paramOffset } of own) {
    visible.add(d);
    const columns = d.columns.map((col) => c.quote(col.name)).join(", ");
    const outerRecursive = c.inRecursiveCte;
    c.inRecursiveCte = d.step !== null;
    let body: string;
    try {
      body = c.withParamBase(paramOffset, () => c.cteBody(d.query));
      if (d.step) {
        const step = d.step;
        body += ` UNION ALL ${c.withParamBase(paramOffset + d.stepOffset, () => c.cteBody(step))}`;
      }
    } finally {
      c.inRecursiveCte = outerRecursive;
    }
    parts.push(`${c.quote(d.name)} (${columns}) AS (${body})`);
  }
  const recursive = own.some((a) => a.definition.step !== null);
  return `${recursive ? "WITH RECURSIVE" : "WITH"} ${parts.join(", ")} `;
}
