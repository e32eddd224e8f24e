import { NotSupportedError } from "../errors.js";
import type { Expression } from "../expressions/node.js";
import { EMPTY_WHERE, WhereNode } from "../expressions/resolved.js";

/** A filter tree split by where each part can be evaluated. */
export interface SplitFilters {
  /** Conditions on rows: WHERE. */
  readonly where: WhereNode;
  /** Conditions on aggregates: HAVING. */
  readonly having: WhereNode;
  /** Conditions on window functions: evaluated by an outer query (see query/qualify.ts). */
  readonly qualify: WhereNode;
}

const NONE: SplitFilters = Object.freeze({
  where: EMPTY_WHERE,
  having: EMPTY_WHERE,
  qualify: EMPTY_WHERE,
});

/**
 * Split a filter tree into WHERE, HAVING (conditions on aggregates) and
 * QUALIFY (conditions on window functions), as Django's
 * WhereNode.split_having_qualify does:
 *   annotate(n=Count("book")).filter(n__gt=1, name="x")
 *   → WHERE name = 'x' … HAVING COUNT(book.id) > 1
 *   annotate(rn=Window(RowNumber(), …)).filter(rn=1, status="paid")
 *   → WHERE status = 'paid' in the inner query, rn = 1 in the outer one
 * Children of an OR (or of a negated AND) must stay together: such a node
 * that mentions an aggregate but no window goes to HAVING whole, one that
 * mentions a window goes to QUALIFY whole — unless it also holds plain
 * row conditions in a grouped query (`mustGroupBy`), where moving them
 * after the aggregation would change what is aggregated: Django refuses
 * that case, and so does Tango.
 */
export function splitHaving(where: WhereNode, mustGroupBy: boolean, negated = false): SplitFilters {
  if (!where.containsAggregate && !where.containsWindow) return { ...NONE, where };
  const inNegated = negated !== where.negated;
  const mustRemainConnected =
    (where.connector === "OR" && !inNegated) || (where.connector === "AND" && inNegated);
  if (mustRemainConnected && !where.containsWindow) return { ...NONE, having: where };
  const parts = {
    where: [] as Expression[],
    having: [] as Expression[],
    qualify: [] as Expression[],
  };
  for (const child of where.children_) {
    if (child instanceof WhereNode) {
      const split = splitHaving(child, mustGroupBy, inNegated);
      for (const k of ["where", "having", "qualify"] as const)
        if (split[k].children_.length) parts[k].push(split[k]);
    } else if (child.containsWindow) {
      parts.qualify.push(child);
    } else if (child.containsAggregate) {
      parts.having.push(child);
    } else {
      parts.where.push(child);
    }
  }
  if (mustRemainConnected && parts.qualify.length) {
    if (parts.where.length === 0 || !mustGroupBy) return { ...NONE, qualify: where };
    throw new NotSupportedError(
      "Heterogeneous disjunctive predicates against window functions are not implemented " +
        "when performing conditional aggregation.",
    );
  }
  const node = (children: Expression[]) =>
    children.length ? new WhereNode(children, where.connector, where.negated) : EMPTY_WHERE;
  return { where: node(parts.where), having: node(parts.having), qualify: node(parts.qualify) };
}
