import { FieldError } from "../errors.js";
import { FExpression } from "../expressions/f.js";
import type { Expression } from "../expressions/node.js";
import { Col } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import { suggestionSuffix } from "../util/suggest.js";
import { groupByOfModelRows } from "./group-by.js";
import { JoinDraft } from "./joins.js";
import type { ParamBag } from "./params.js";
import {
  type DeferredLoading,
  NO_DEFERRED,
  type Query,
  type SelectItem,
  withChanges,
} from "./query.js";
import { queryScope, resolveExpression, resolvePath } from "./resolve.js";

/**
 * Return the query selecting `fields` (values()/valuesList()): field paths
 * (`customer__email`), annotation names, or named expressions. Without
 * fields: every concrete field (by attname) and every selected annotation.
 */
export function withValues(
  q: Query,
  fields: readonly string[],
  expressions: Readonly<Record<string, Expression>>,
  params: ParamBag,
): Query {
  const draft = new JoinDraft(q.sources);
  const scope = queryScope(q, draft, params);
  const select: SelectItem[] = [];
  const names = fields.length || Object.keys(expressions).length ? fields : defaultValueNames(q);
  for (const name of names) {
    const annotation = q.annotations.get(name);
    if (annotation) {
      if (!annotation.selected) {
        throw new FieldError(`Cannot select the '${name}' alias. Use annotate() to promote it.`);
      }
      select.push({ name, expression: annotation.expression });
      continue;
    }
    const { col, rest } = resolvePath(scope, name.split("__"), true);
    const expr = rest.length ? resolveExpression(new FExpression(name), scope) : col;
    select.push({ name, expression: expr });
  }
  // values(name=expression) is annotate(name=expression) then values(name) in
  // Django: later calls can refer to the name (F("name"), filter, orderBy).
  const annotations = new Map(q.annotations);
  for (const [name, e] of Object.entries(expressions)) {
    if (q.meta.member(name)) {
      throw new FieldError(
        `The expression name '${name}' conflicts with a field on ${q.meta.name}`,
      );
    }
    const expression = resolveExpression(e, { ...scope, annotations });
    annotations.set(name, { expression, selected: true });
    select.push({ name, expression });
  }
  return withChanges(q, {
    sources: draft.freeze(),
    annotations,
    select,
    selectRelated: false,
    deferred: NO_DEFERRED,
    // Rows grouped per model instance stay so: annotate(Count(…)).values("name") is one row per instance.
    groupBy: q.groupBy === true ? groupByOfModelRows(q) : q.groupBy,
  });
}

function defaultValueNames(q: Query): string[] {
  const names = q.meta.fields.map((f) => f.attname);
  for (const [name, a] of q.annotations) if (a.selected) names.push(name);
  return names;
}

function checkFieldNames(q: Query, names: readonly string[]): void {
  for (const n of names) {
    const first = n.split("__")[0];
    if (first === "pk" || q.meta.member(first)) continue;
    const choices = q.meta.choiceNames().sort();
    throw new FieldError(
      `Cannot resolve keyword '${first}' into field on ${q.meta.name}. Choices are: ${choices.join(", ")}.` +
        suggestionSuffix(first, choices),
    );
  }
}

/** defer(): add names to the deferred set (Django's add_deferred_loading); defer(null) clears. */
export function withDeferred(q: Query, names: readonly string[] | null): Query {
  if (names === null) return withChanges(q, { deferred: NO_DEFERRED });
  checkFieldNames(q, names);
  const { names: existing, defer } = q.deferred;
  let deferred: DeferredLoading;
  if (defer) deferred = { names: new Set([...existing, ...names]), defer: true };
  else {
    const left = [...existing].filter((n) => !names.includes(n));
    deferred = left.length
      ? { names: new Set(left), defer: false }
      : { names: new Set(names.filter((n) => !existing.has(n))), defer: true };
  }
  return withChanges(q, { deferred });
}

/** only(): load just these names (Django's add_immediate_loading). */
export function withOnly(q: Query, names: readonly string[]): Query {
  checkFieldNames(q, names);
  const wanted = new Set(names.map((n) => (n === "pk" ? q.meta.pk.name : n)));
  const { names: existing, defer } = q.deferred;
  const next = defer ? [...wanted].filter((n) => !existing.has(n)) : [...wanted];
  return withChanges(q, { deferred: { names: new Set(next), defer: false } });
}

/** The base model's fields a model query loads, in definition order (the pk is never deferred). */
export function loadedFields(q: Query): Field[] {
  const { names, defer } = q.deferred;
  // only("customer__name") loads the foreign key it goes through; defer("customer__name")
  // defers a field of the related model, not the key.
  const own = defer
    ? [...names].filter((n) => !n.includes("__"))
    : [...names].map((n) => n.split("__")[0]);
  const local = new Set(own.map((n) => q.meta.concreteField(n)?.name ?? n));
  return q.meta.fields.filter(
    (f) => f.primaryKey || (defer ? !local.has(f.name) : local.has(f.name)),
  );
}

/** Select items for a model query's own columns (bare, as Django writes them). */
export function modelSelect(_q: Query, fields: readonly Field[]): SelectItem[] {
  return fields.map((f) => ({ name: f.attname, expression: new Col(0, f), bare: true }));
}
