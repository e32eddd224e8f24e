import { getDatabase } from "../db/database.js";
import { FieldError } from "../errors.js";
import { FExpression } from "../expressions/f.js";
import { FuncNode } from "../expressions/func.js";
import { outputFieldOf } from "../expressions/output.js";
import { outputFieldOfType } from "../expressions/output-types.js";
import { JoinDraft } from "../query/joins.js";
import { withOrdering } from "../query/ordering.js";
import { ParamBag } from "../query/params.js";
import { isSliced, withChanges } from "../query/query.js";
import { queryScope, resolveExpression } from "../query/resolve.js";
import type { FilterArg } from "./args.js";
import { prefetchInto } from "./prefetch.js";
import { type AnyQuerySet, MAX_GET_RESULTS } from "./queryset.js";
import { fetchRows } from "./run.js";
import { orderedByNames, slicedShape } from "./shape-cache.js";

type ErrorCtor = new (message: string) => Error;

/** Django's get(): filter, no ordering, LIMIT 21, then exactly one row or a typed error. */
export async function get(qs: AnyQuerySet, conditions: FilterArg[]): Promise<unknown> {
  const filtered = qs.withConditions(conditions, false);
  const { params, shape } = filtered.state;
  let q = filtered.state.query;
  if (q.combined && conditions.length) {
    throw new FieldError("Calling QuerySet.get(...) with filters after union() is not supported.");
  }
  filtered.checkSelectForUpdate();
  // Shapes are cached: a get() in a loop plans and compiles once.
  if (!isSliced(q) && !q.distinctFields.length) q = orderedByNames(q, []);
  if (!isSliced(q)) q = slicedShape(q, 0, MAX_GET_RESULTS);
  const rows = await fetchRows(getDatabase(qs.db), q, params, shape);
  const name = qs.state.meta.name;
  const model = qs.model as unknown as {
    DoesNotExist: ErrorCtor;
    MultipleObjectsReturned: ErrorCtor;
  };
  if (rows.length === 1) {
    if (qs.state.prefetch.length) await prefetchInto(rows as object[], qs.state.prefetch);
    return rows[0];
  }
  if (rows.length === 0) throw new model.DoesNotExist(`${name} matching query does not exist.`);
  const n =
    rows.length >= MAX_GET_RESULTS ? `more than ${MAX_GET_RESULTS - 1}` : String(rows.length);
  throw new model.MultipleObjectsReturned(
    `get() returned more than one ${name} -- it returned ${n}!`,
  );
}

export async function firstOrLast(qs: AnyQuerySet, last: boolean): Promise<unknown> {
  if (isSliced(qs.state.query))
    throw new TypeError(
      `Cannot change a query once a slice has been taken (${last ? "last" : "first"}).`,
    );
  let ordered = qs.ordered ? qs.all() : qs.orderBy("pk");
  if (last) ordered = ordered.reverse();
  const rows = await ordered.slice(0, 1).fetch();
  return rows[0] ?? null;
}

export async function latest(
  qs: AnyQuerySet,
  fields: string[],
  descending: boolean,
): Promise<unknown> {
  if (isSliced(qs.state.query))
    throw new TypeError("Cannot change a query once a slice has been taken.");
  let names = fields;
  if (names.length === 0) {
    const by = qs.state.meta.options.getLatestBy;
    if (!by) {
      throw new FieldError(
        "earliest() and latest() require either fields as positional arguments or 'getLatestBy' in the model's options.",
      );
    }
    names = typeof by === "string" ? [by] : [...by];
  }
  const terms = descending ? names.map((n) => (n.startsWith("-") ? n.slice(1) : `-${n}`)) : names;
  const ordered: AnyQuerySet = qs.withState<unknown, {}>({
    query: withOrdering(qs.state.query, terms),
  });
  return get(ordered.slice(0, 1), []);
}

export async function inBulk(
  qs: AnyQuerySet,
  ids: readonly unknown[] | undefined,
  fieldName: string,
): Promise<Map<unknown, unknown>> {
  if (isSliced(qs.state.query))
    throw new TypeError("Cannot use 'limit' or 'offset' with inBulk().");
  const meta = qs.state.meta;
  const field = meta.concreteField(fieldName);
  if (!field)
    throw new FieldError(
      `inBulk()'s fieldName must be a field of ${meta.name} (got '${fieldName}')`,
    );
  if (
    fieldName !== "pk" &&
    !field.unique &&
    !isUniqueTogetherAlone(meta.options.uniqueTogether, field.name)
  ) {
    throw new FieldError(`inBulk()'s fieldName must be a unique field but '${fieldName}' isn't.`);
  }
  const out = new Map<unknown, unknown>();
  if (ids !== undefined && ids.length === 0) return out;
  const filtered = ids === undefined ? qs.all() : qs.filter({ [`${fieldName}__in`]: ids });
  for (const row of await filtered.orderBy().fetch()) {
    out.set((row as Record<string, unknown>)[field.attname], row);
  }
  return out;
}

function isUniqueTogetherAlone(
  groups: readonly (readonly string[])[] | undefined,
  name: string,
): boolean {
  return (groups ?? []).some((g) => g.length === 1 && g[0] === name);
}

/** dates()/datetimes(): DISTINCT truncated values, NULLs skipped, ordered. */
export async function dates(
  qs: AnyQuerySet,
  field: string,
  kind: string,
  order: "ASC" | "DESC",
  datetimes: boolean,
): Promise<unknown[]> {
  const base = qs.filter({ [`${field}__isnull`]: false });
  const q = base.state.query;
  const draft = new JoinDraft(q.sources);
  const scope = queryScope(q, draft, new ParamBag(base.state.params));
  const col = resolveExpression(new FExpression(field), scope);
  const inputKind = outputFieldOf(col)?.valueKind;
  const allowed = datetimes ? ["datetime"] : ["date", "datetime"];
  if (!inputKind || !allowed.includes(inputKind)) {
    throw new FieldError(
      `'${field}' isn't a ${datetimes ? "DateTimeField" : "DateField or DateTimeField"}.`,
    );
  }
  const name = datetimes ? "datetimefield" : "datefield";
  const trunc = new FuncNode(
    "Trunc",
    [col],
    outputFieldOfType(datetimes ? "DateTimeField" : "DateField"),
    {
      kind,
      inputKind,
      outputKind: datetimes ? "datetime" : "date",
    },
  );
  const query = withChanges(q, {
    sources: draft.freeze(),
    select: [{ name, expression: trunc }],
    distinct: true,
    orderBy: [order === "DESC" ? trunc.desc() : trunc.asc()],
    defaultOrdering: false,
  });
  return base
    .withState<unknown>({
      query,
      shape: { kind: "valuesList", names: [name], flat: true, named: false },
    })
    .fetch();
}
