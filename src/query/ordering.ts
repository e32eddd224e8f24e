import { FieldError } from "../errors.js";
import type { Combinable } from "../expressions/combinable.js";
import { describeExpression } from "../expressions/describe.js";
import { FExpression } from "../expressions/f.js";
import { FuncNode } from "../expressions/func.js";
import { Expression } from "../expressions/node.js";
import { OrderBy } from "../expressions/order-by.js";
import { outputFieldOf } from "../expressions/output.js";
import { Col, Ref } from "../expressions/resolved.js";
import { ForeignKey } from "../models/fields/relation.js";
import { JoinDraft } from "./joins.js";
import { ParamBag } from "./params.js";
import { namesToPath } from "./path.js";
import { type Query, withChanges } from "./query.js";
import { queryScope, resolveExpression, resolvePath, type Scope } from "./resolve.js";

export type OrderTerm = string | Expression;

/**
 * Return the query ordered by `terms` (replacing any ordering; none clears
 * it, including the model's default). Names resolve now: `-createdAt`,
 * `customer__name`, `?` (random), an annotation, or an expression.
 */
export function withOrdering(q: Query, terms: readonly OrderTerm[], params?: ParamBag): Query {
  if (terms.length === 0) return withChanges(q, { orderBy: [], defaultOrdering: false });
  if (!params && terms.some((t) => typeof t !== "string")) {
    throw new Error("Internal error: ordering by expressions needs the QuerySet's parameter list");
  }
  const draft = new JoinDraft(q.sources);
  const scope = queryScope(q, draft, params ?? new ParamBag([]));
  const orderBy = terms.flatMap((t) => resolveTerm(q, scope, t));
  return withChanges(q, { sources: draft.freeze(), orderBy });
}

/** Return the query with the model's Meta.ordering resolved, when it has no explicit ordering. */
export function withDefaultOrdering(q: Query): Query {
  if (q.orderBy.length || !q.defaultOrdering || q.meta.ordering.length === 0 || q.combined)
    return q;
  return withChanges(withOrdering(q, q.meta.ordering), { defaultOrdering: true });
}

function resolveTerm(
  q: Query,
  scope: Scope,
  term: OrderTerm,
  seen: ReadonlySet<string> = new Set(),
): OrderBy[] {
  if (term instanceof Expression) {
    if (term.containsAggregate && !term.isResolved) {
      throw new FieldError(
        `Using an aggregate in orderBy() without also including it in annotate() is not allowed: ${describeExpression(term instanceof OrderBy ? term.expression : term)}`,
      );
    }
    const o = term instanceof OrderBy ? term : new OrderBy(term, false);
    return [resolveExpression(o, scope) as OrderBy];
  }
  if (typeof term !== "string" || term.length === 0) {
    throw new FieldError(`Invalid orderBy() argument: ${String(term)}`);
  }
  if (term === "?") return [new OrderBy(new FuncNode("Random", [], undefined), false)];
  const descending = term.startsWith("-");
  const name = descending ? term.slice(1) : term;
  if (q.combined) return [new OrderBy(combinedColumnRef(q, name), descending)];
  const annotation = q.annotations.get(name);
  if (annotation) {
    const ref = annotation.selected
      ? new Ref(name, annotation.expression, outputFieldOf(annotation.expression))
      : annotation.expression;
    return [new OrderBy(ref, descending)];
  }
  const parts = name.split("__");
  const path = namesToPath(q.meta, parts, q.annotations.keys());
  // Ordering by a relation orders by the related model's default ordering (Django), guarding against cycles.
  const rel = path.endsOnRelation;
  if (
    rel &&
    path.rest.length === 0 &&
    path.meta.ordering.length &&
    !seen.has(`${path.meta.name}:${name}`)
  ) {
    const isFkAttname = rel instanceof ForeignKey && parts[parts.length - 1] === rel.attname;
    if (!isFkAttname) {
      const nextSeen = new Set([...seen, `${path.meta.name}:${name}`]);
      return path.meta.ordering.flatMap((t) => {
        const d = t.startsWith("-");
        const sub = `${name}__${d ? t.slice(1) : t}`;
        return resolveTerm(q, scope, d !== descending ? `-${sub}` : sub, nextSeen);
      });
    }
  }
  const { col, rest } = resolvePath(scope, parts, true);
  let expr: Expression = col;
  if (rest.length) expr = resolveExpression(new FExpression(name), scope);
  return [new OrderBy(expr as Combinable, descending)];
}

/** In a union/intersection/difference, order by output column name. */
function combinedColumnRef(q: Query, name: string): Ref {
  const first = q.combined!.queries[0];
  const names = first.select
    ? first.select.map((s) => s.name)
    : q.meta.fields.map((f) => f.attname);
  const actual = name === "pk" ? (first.select ? "pk" : q.meta.pk.attname) : name;
  const item = first.select?.find((s) => s.name === actual);
  if (!names.includes(actual)) {
    throw new FieldError(
      `Cannot order a combined query by '${name}': choose one of its columns (${names.join(", ")})`,
    );
  }
  if (item) return new Ref(item.name, item.expression, outputFieldOf(item.expression));
  const field = q.meta.fields.find((f) => f.attname === actual)!;
  return new Ref(field.column, new Col(0, field), field);
}
