import type { ColumnInfo } from "../dialects/dialect.js";
import { outputFieldOf } from "../expressions/output.js";
import type { Field } from "../models/fields/field.js";
import type { ModelMeta } from "../models/meta.js";
import { groupByOfModelRows } from "./group-by.js";
import { JoinDraft } from "./joins.js";
import { withDefaultOrdering } from "./ordering.js";
import { withFinalFilters } from "./qualify.js";
import { isSliced, type Query, type SelectItem, withChanges, withLimits } from "./query.js";
import { loadedFields, modelSelect } from "./select.js";
import { type RelatedLayout, relatedSelections } from "./select-related.js";

/** How to turn a model query's rows into instances. */
export interface ModelLayout {
  readonly meta: ModelMeta;
  /** Loaded fields, in select order, starting at column 0. */
  readonly fields: readonly Field[];
  /** Attnames not loaded (only()/defer()). */
  readonly deferred: readonly string[];
  /** Selected annotations, in select order, after the fields. */
  readonly annotations: readonly string[];
  /** selectRelated() models, read from the columns after the annotations. */
  readonly related: readonly RelatedLayout[];
}

/** A query ready to compile: explicit select list, final ordering, and how to read its columns. */
export interface SelectPlan {
  readonly query: Query;
  readonly columns: readonly ColumnInfo[];
  readonly model: ModelLayout | null;
}

/**
 * Finalise a query for SELECT: apply the model's default ordering, apply
 * reverse(), and make the select list explicit (the model's loaded fields
 * and selected annotations, or the values() items).
 */
export function planSelect(query: Query): SelectPlan {
  // A grouped query does not use the model's Meta.ordering (Django 3.1+): it would split the groups.
  let q = query.groupBy === null ? withDefaultOrdering(query) : query;
  if (!q.standardOrdering)
    q = withChanges(q, { orderBy: q.orderBy.map((o) => o.reversed()), standardOrdering: true });
  if (q.combined) {
    q = withChanges(q, {
      combined: { ...q.combined, queries: q.combined.queries.map((m) => planSelect(m).query) },
    });
  }
  let model: ModelLayout | null = null;
  let select: readonly SelectItem[];
  if (q.select) {
    select = q.select;
  } else {
    const fields = loadedFields(q);
    const annotations = [...q.annotations].filter(([, a]) => a.selected).map(([n]) => n);
    const items: SelectItem[] = [
      ...modelSelect(q, fields),
      ...annotations.map((name) => ({ name, expression: q.annotations.get(name)!.expression })),
    ];
    let related: RelatedLayout[] = [];
    if (q.selectRelated !== false && !q.combined) {
      const draft = new JoinDraft(q.sources);
      related = relatedSelections(q, draft, items);
      q = withChanges(q, { sources: draft.freeze() });
    }
    select = items;
    const loaded = new Set(fields);
    model = {
      meta: q.meta,
      fields,
      deferred: q.meta.fields.filter((f) => !loaded.has(f)).map((f) => f.attname),
      annotations,
      related,
    };
  }
  const plannedQuery = q.combined
    ? withChanges(q, { select: q.combined.queries[0].select })
    : withFinalFilters(withChanges(q, { select }));
  // Read as the selected expressions (a window filter's outer query selects references to them).
  const columns = ((q.combined ? plannedQuery.select : select) ?? select).map((s) => ({
    field: outputFieldOf(s.expression),
    isColumn: s.expression.kind === "col",
  }));
  return { query: plannedQuery, columns, model };
}

/**
 * COUNT(*) straight over the query's rows, or null when DISTINCT, LIMIT, a
 * combinator or grouping would change the count: then count() is
 * aggregate({ __count: Count("*") }), over a subquery (Django's get_count).
 */
export function planPlainCount(query: Query): Query | null {
  if (query.distinct || isSliced(query) || query.combined !== null || query.groupBy !== null)
    return null;
  const q = withChanges(query, { orderBy: [], defaultOrdering: false });
  // A window filter already makes an outer query: count its rows there, selecting nothing else.
  //   SELECT COUNT(*) FROM (SELECT ROW_NUMBER() OVER (…) AS "qual0" FROM …) "qualify" WHERE "qual0" = 1
  if (q.where.containsWindow) return withFinalFilters(withChanges(q, { select: [] }));
  return q;
}

/** `SELECT 1 … LIMIT 1` for exists() (Django's Query.exists). */
export function planExists(query: Query): Query {
  let q = query;
  // Keep one group per model row when the select list goes (Django's exists()).
  if (q.groupBy === true) q = withChanges(q, { groupBy: groupByOfModelRows(q) });
  if (!(q.distinct && isSliced(q)) && !q.combined) q = withChanges(q, { select: [] });
  q = withChanges(q, { orderBy: [], defaultOrdering: false });
  q = withLimits(q, null, 1);
  return q.combined ? planSelect(q).query : withFinalFilters(q);
}
