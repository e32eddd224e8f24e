import { FieldError, NotSupportedError } from "../errors.js";
import { AggregateNode } from "../expressions/aggregates.js";
import { sameExpression } from "../expressions/equality.js";
import { FuncNode } from "../expressions/func.js";
import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import { BoundValue, Col, Ref } from "../expressions/resolved.js";
import { mapExpression, walkExpression } from "../expressions/transform.js";
import { JoinDraft } from "./joins.js";
import type { ParamBag } from "./params.js";
import { planSelect } from "./plan.js";
import {
  type Annotation,
  emptyQuery,
  isSliced,
  type Query,
  type SelectItem,
  withChanges,
} from "./query.js";
import { queryScope, resolveExpression } from "./resolve.js";

/**
 * Resolve aggregate() arguments against the query, in order: each may
 * refer to the ones before it by name. Annotation names resolve to
 * references (Django's summarize), decided on below.
 */
function resolveAggregates(
  q: Query,
  aggregates: Readonly<Record<string, Expression>>,
  params: ParamBag,
): { sources: Query["sources"]; resolved: Map<string, Expression> } {
  const draft = new JoinDraft(q.sources);
  const annotations = new Map<string, Annotation>(q.annotations);
  const resolved = new Map<string, Expression>();
  for (const [name, e] of Object.entries(aggregates)) {
    const scope = queryScope(q, draft, params, { annotations, summarize: true });
    let r = resolveExpression(e, scope);
    if (!r.containsAggregate && !refersTo(r, resolved)) {
      throw new TypeError(`${name} is not an aggregate expression`);
    }
    // A reference to an earlier argument of this call is that aggregate itself.
    r = mapExpression(r, (n) =>
      n instanceof Ref && resolved.has(n.name) && !q.annotations.has(n.name)
        ? resolved.get(n.name)
        : undefined,
    );
    resolved.set(name, r);
    annotations.set(name, { expression: r, selected: true });
  }
  return { sources: draft.freeze(), resolved };
}

function refersTo(e: Expression, names: ReadonlyMap<string, Expression>): boolean {
  for (const n of walkExpression(e)) if (n instanceof Ref && names.has(n.name)) return true;
  return false;
}

function mentions(e: Expression, kinds: readonly string[]): boolean {
  for (const n of walkExpression(e)) if (kinds.includes(n.kind)) return true;
  return false;
}

/**
 * The query aggregate() runs (Django's Query.get_aggregation). Over plain
 * rows it is the query itself with the aggregates as its select list:
 *   Book.objects.filter(…).aggregate(Avg("price")) → SELECT AVG(price) FROM book WHERE …
 * When the rows are already grouped, sliced, distinct or combined, the
 * aggregates must run over those rows, so the query becomes a subquery:
 *   annotate(n=Count("authors")).aggregate(Avg("n"))
 *   → SELECT AVG("n") FROM (SELECT COUNT(…) AS "n" FROM book … GROUP BY book.id) subquery
 */
export function planAggregate(
  q: Query,
  aggregates: Readonly<Record<string, Expression>>,
  params: ParamBag,
): Query {
  if (q.distinctFields.length) {
    throw new NotSupportedError("aggregate() + distinct(fields) not implemented.");
  }
  const { sources, resolved } = resolveAggregates(q, aggregates, params);
  const base = withChanges(q, { sources });
  const refs = new Set<string>();
  for (const e of resolved.values())
    for (const n of walkExpression(e)) if (n instanceof Ref) refs.add(n.name);

  const existingAggregation =
    [...q.annotations.values()].some((a) => a.expression.containsAggregate) ||
    q.where.containsAggregate;
  const refersToSpecial = [...refs].some((name) => {
    const a = q.annotations.get(name);
    return a !== undefined && mentions(a.expression, ["subquery", "exists", "window"]);
  });
  const wrap =
    Array.isArray(q.groupBy) ||
    isSliced(q) ||
    existingAggregation ||
    refersToSpecial ||
    q.where.containsWindow || // a window filter: aggregate the rows it keeps (Django's qualify)
    q.distinct ||
    q.combined !== null;
  const outer = wrap ? wrapped(base, resolved, refs, existingAggregation) : inline(base, resolved);
  return withChanges(outer, {
    orderBy: [],
    defaultOrdering: false,
    low: 0,
    high: null,
    selectForUpdate: null,
    selectRelated: false,
  });
}

/** Over plain rows: the aggregates are the select list; annotation references are inlined. */
function inline(q: Query, resolved: ReadonlyMap<string, Expression>): Query {
  const select: SelectItem[] = [...resolved].map(([name, e]) => ({
    name,
    expression: mapExpression(e, (n) =>
      n instanceof Ref && q.annotations.has(n.name)
        ? q.annotations.get(n.name)!.expression
        : undefined,
    ),
  }));
  return withChanges(q, { select, groupBy: null, annotations: new Map(), distinct: false });
}

/**
 * Over a subquery: the inner query selects what the aggregates read — the
 * annotations they name, and each plain column as `__colN` — and the
 * outer one aggregates those.
 */
function wrapped(
  q: Query,
  resolved: ReadonlyMap<string, Expression>,
  refs: ReadonlySet<string>,
  existingAggregation: boolean,
): Query {
  let inner = withChanges(q, { selectForUpdate: null, selectRelated: false });
  if (!isSliced(inner) && !inner.distinctFields.length) {
    inner = withChanges(inner, { orderBy: [], defaultOrdering: false });
  }
  let select: SelectItem[];
  if (inner.distinct) {
    select = [...(inner.select ?? modelColumns(inner)), ...selectedAnnotations(inner)];
  } else {
    if (inner.select === null && existingAggregation) {
      inner = withChanges(inner, { groupBy: [new Col(0, inner.meta.pk)] });
    }
    // Keep the values() columns and grouping terms; of the annotations, only those the aggregates read.
    select = (inner.select ?? []).filter((s) => !q.annotations.has(s.name) || refs.has(s.name));
    for (const name of refs) {
      const a = q.annotations.get(name);
      if (a && !select.some((s) => s.name === name))
        select.push({ name, expression: a.expression });
    }
  }
  if (inner.combined) return overCombined(q, inner, resolved);
  const columns: SelectItem[] = [];
  const outerSelect: SelectItem[] = [...resolved].map(([name, e]) => ({
    name,
    expression: mapExpression(e, (n) => {
      if (n instanceof Ref) return n;
      if (!(n instanceof Col)) return undefined;
      let item = columns.find((c) => sameExpression(c.expression, n));
      if (!item) {
        item = { name: `__col${columns.length + 1}`, expression: n };
        columns.push(item);
      }
      return new Ref(item.name, n, outputFieldOf(n));
    }),
  }));
  select = [...select, ...columns];
  if (select.length === 0) {
    // Model.objects.slice(0, 3).count(): the inner query must still select something.
    select = [{ name: "pk", expression: new Col(0, inner.meta.pk), bare: true }];
  }
  return fromDerivedTable(q, planSelect(withChanges(inner, { select })).query, outerSelect);
}

function fromDerivedTable(q: Query, inner: Query, select: SelectItem[]): Query {
  return withChanges(emptyQuery(q.meta), {
    sources: [{ meta: q.meta, table: "subquery", join: null, subquery: inner }],
    select,
  });
}

/** Over a union/intersection/difference: the aggregates read its output columns by name. */
function overCombined(q: Query, inner: Query, resolved: ReadonlyMap<string, Expression>): Query {
  const planned = planSelect(inner).query;
  const items = planned.select ?? [];
  const outerSelect: SelectItem[] = [...resolved].map(([name, e]) => ({
    name,
    expression: mapExpression(e, (n) => {
      if (!(n instanceof Col)) return undefined;
      const item = items.find((s) => sameExpression(s.expression, n));
      if (!item) {
        throw new FieldError(
          `Cannot aggregate over '${n.target.name}': it is not a column of the combined query (${items.map((s) => s.name).join(", ")})`,
        );
      }
      return new Ref(item.bare ? n.target.column : item.name, n, outputFieldOf(n));
    }),
  }));
  return fromDerivedTable(q, planned, outerSelect);
}

function modelColumns(q: Query): SelectItem[] {
  return q.meta.fields.map((f) => ({ name: f.attname, expression: new Col(0, f), bare: true }));
}

function selectedAnnotations(q: Query): SelectItem[] {
  if (q.select) return [];
  return [...q.annotations]
    .filter(([, a]) => a.selected)
    .map(([name, a]) => ({ name, expression: a.expression }));
}

const UNKNOWN = Symbol("unknown");

/** What an expression is over no rows, when that is known without asking the database. */
function emptyValue(e: Expression): unknown {
  if (e instanceof AggregateNode) return e.fn === "Count" ? 0 : null;
  if (e instanceof BoundValue) return e.value ?? null;
  if (e instanceof FuncNode && e.name === "Coalesce") {
    for (const a of e.args) {
      const v = emptyValue(a);
      if (v === UNKNOWN || v !== null) return v;
    }
    return null;
  }
  return UNKNOWN;
}

/**
 * aggregate()'s result when the query can match no row (`none()`, `pk__in=[]`):
 * Count is 0, the others null or their default (Django's
 * empty_result_set_value), with no query sent. null when one of them is an
 * expression only the database can evaluate: then the query runs with a
 * condition that matches nothing.
 */
export function emptyAggregateResult(outer: Query): unknown[] | null {
  const values = (outer.select ?? []).map((s) => emptyValue(s.expression));
  return values.includes(UNKNOWN) ? null : values;
}
