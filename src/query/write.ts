import { FieldError } from "../errors.js";
import { describeExpression } from "../expressions/describe.js";
import { type Expression, isExpression } from "../expressions/node.js";
import {
  Col,
  LookupNode,
  OuterCol,
  type SubqueryNode,
  WhereNode,
} from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import type { ModelMeta } from "../models/meta.js";
import { suggestionSuffix } from "../util/suggest.js";
import { JoinDraft } from "./joins.js";
import type { ParamBag } from "./params.js";
import { isSliced, type Query, withChanges } from "./query.js";
import { queryScope, resolveExpression } from "./resolve.js";
import { subqueryNode } from "./subquery.js";

/** An UPDATE: assignments to the base table's columns, and which rows. */
export interface UpdatePlan {
  readonly meta: ModelMeta;
  readonly assignments: ReadonlyArray<readonly [Field, Expression]>;
  /** Condition on the base table only (index 0). */
  readonly where: WhereNode;
}

/** A DELETE of the rows a query matches. */
export interface DeletePlan {
  readonly meta: ModelMeta;
  readonly where: WhereNode;
}

/** An INSERT of rows of one model. */
export interface InsertPlan {
  readonly meta: ModelMeta;
  readonly fields: readonly Field[];
  /** One array of (cleaned) values per row, in `fields` order. */
  readonly rows: readonly (readonly unknown[])[];
  /** Columns to read back (RETURNING), e.g. the generated primary key. */
  readonly returning: readonly Field[];
  /** Skip rows that violate a unique constraint (bulkCreate ignoreConflicts). */
  readonly ignoreConflicts?: boolean;
}

/** Return the field `update({ name: … })` writes, or Django's FieldError. */
export function updatableField(meta: ModelMeta, name: string): Field {
  const f = meta.concreteField(name);
  if (f) return f;
  const member = meta.member(name);
  if (member) {
    throw new FieldError(
      `Cannot update model field '${name}' (only non-relations and foreign keys permitted).`,
    );
  }
  const choices = meta.fields.map((x) => x.name).sort();
  throw new FieldError(
    `${meta.name} has no field named '${name}'. Choices are: ${choices.join(", ")}.` +
      suggestionSuffix(name, choices),
  );
}

/**
 * The rows a write touches, as a condition on the base table alone: the
 * filter itself when it needs no join, else `pk IN (SELECT pk … joins …)`.
 */
function baseCondition(q: Query): WhereNode {
  if (q.sources[0].cte) {
    throw new FieldError(
      `Cannot update or delete rows read from CTE '${q.sources[0].table}'; ` +
        `filter the model instead: ${q.meta.name}.objects.filter({ pk__in: <the fromCte() QuerySet>.values("pk") }).`,
    );
  }
  // Joined, sliced or grouped rows, and rows chosen by a window, are chosen by a subquery:
  // UPDATE/DELETE … WHERE pk IN (SELECT …).
  if (q.sources.length === 1 && !isSliced(q) && q.groupBy === null && !q.where.containsWindow)
    return q.where;
  const sub = subqueryNode(withChanges(q, { select: null, orderBy: [], defaultOrdering: false }));
  return new WhereNode([new LookupNode("in", new Col(0, q.meta.pk), sub)]);
}

/**
 * Plan `qs.update(values)`: plain values are cleaned by their field (a wrong
 * type fails here), expressions resolve against the base table only.
 */
export function planUpdate(
  q: Query,
  values: Readonly<Record<string, unknown>>,
  params: ParamBag,
): UpdatePlan {
  if (isSliced(q)) throw new FieldError("Cannot update a query once a slice has been taken.");
  if (q.combined)
    throw new FieldError("Cannot update a union, intersection or difference of querysets.");
  const keys = Object.keys(values);
  if (keys.length === 0) throw new FieldError("update() needs at least one field to set");
  const scope = queryScope(q, new JoinDraft([q.sources[0]]), params, {
    allowJoins: false,
    annotations: new Map(),
  });
  const assignments = keys.map((name) => {
    const field = updatableField(q.meta, name);
    const v = values[name];
    if (isExpression(v)) {
      // Past Django: a value that reads an annotation or a related field is
      // computed per row by a correlated subquery over the same rows.
      if (q.annotations.size && refersToAnnotation(v, q)) {
        return [field, rowValueSubquery(q, v, params)] as const;
      }
      let resolved: Expression;
      try {
        resolved = resolveExpression(v, scope);
      } catch (e) {
        if (!(e instanceof FieldError) || e.message !== JOINED_REFERENCE) throw e;
        return [field, rowValueSubquery(q, v, params)] as const;
      }
      if (resolved.containsAggregate || resolved.containsWindow) {
        const what = resolved.containsAggregate ? "Aggregate functions" : "Window expressions";
        throw new FieldError(
          `${what} are not allowed in this query (${name}=${describeExpression(v)}).`,
        );
      }
      return [field, resolved] as const;
    }
    return [field, params.bind(v, field, (x) => field.clean(x))] as const;
  });
  return { meta: q.meta, assignments, where: baseCondition(q) };
}

const JOINED_REFERENCE = "Joined field references are not permitted in this query";

/**
 * An update value computed from the row's annotations or related rows, as
 * a correlated subquery over the QuerySet's own rows (its filters, joins
 * and grouping), keyed by primary key:
 *   Project.annotate(avg=Avg("task__progress")).update(progress=F("avg"))
 *   → UPDATE project SET progress = (SELECT AVG(U1.progress) FROM project U0
 *       LEFT OUTER JOIN task U1 ON … WHERE U0.id = (project.id) GROUP BY U0.id)
 * Django refuses these ("Joined field references are not permitted").
 */
function rowValueSubquery(q: Query, v: Expression, params: ParamBag): SubqueryNode {
  const pk = new Col(0, q.meta.pk);
  let inner = q.groupBy === true ? withChanges(q, { groupBy: [pk] }) : q;
  const draft = new JoinDraft(inner.sources);
  const value = resolveExpression(v, queryScope(inner, draft, params));
  if (value.containsWindow) {
    throw new FieldError(
      `Window expressions are not allowed in this query (${describeExpression(v)}).`,
    );
  }
  const samePk = new LookupNode("exact", pk, new OuterCol(1, 0, q.meta.pk));
  inner = withChanges(inner, {
    sources: draft.freeze(),
    where: inner.where.and(samePk),
    select: [{ name: "value", expression: value }],
    orderBy: [],
    defaultOrdering: false,
    distinct: false,
  });
  return subqueryNode(inner);
}

function refersToAnnotation(e: Expression, q: Query): boolean {
  if (e.kind === "F" && q.annotations.has((e as unknown as { name: string }).name.split("__")[0]))
    return true;
  return e.children().some((c) => refersToAnnotation(c, q));
}

/** Plan `qs.delete()` as one DELETE. */
export function planDelete(q: Query): DeletePlan {
  if (isSliced(q)) throw new FieldError("Cannot use 'limit' or 'offset' with delete().");
  if (q.distinct || q.distinctFields.length)
    throw new FieldError("Cannot call delete() after .distinct().");
  if (q.combined)
    throw new FieldError("Cannot delete a union, intersection or difference of querysets.");
  return { meta: q.meta, where: baseCondition(q) };
}
