import { FieldError } from "../errors.js";
import { Col } from "../expressions/resolved.js";
import { suggestionSuffix } from "../util/suggest.js";
import { type CteDefinition, cteColumn, cteSource, withCte } from "./cte.js";
import type { ParamBag } from "./params.js";
import { type Annotation, type JoinType, type Query, type Source, withChanges } from "./query.js";

/**
 * Read the model's rows from a CTE instead of its table:
 *   Category.objects.fromCte(tree)
 *   → WITH RECURSIVE "tree" (…) AS (…) SELECT "tree"."id", "tree"."name", …, "tree"."depth" AS "depth" FROM "tree"
 * The CTE must select every column of the model (rows are instances);
 * its other columns become selected annotations (`row.depth`).
 */
export function withCteAsBase(
  q: Query,
  definition: CteDefinition,
  params: readonly unknown[],
  bag: ParamBag,
): Query {
  if (q.sources.length > 1 || q.where.children_.length || q.annotations.size || q.select) {
    throw new FieldError(
      `fromCte() must be the first step: ${q.meta.name}.objects.fromCte(cte).filter(…), not after filters, joins, annotations or values().`,
    );
  }
  const columns = new Set(definition.columns.map((c) => c.name));
  const missing = q.meta.fields.filter((f) => !columns.has(f.column)).map((f) => f.column);
  if (missing.length) {
    throw new FieldError(
      `CTE '${definition.name}' cannot be read as ${q.meta.name} rows: it has no column ${missing.join(", ")}. ` +
        `Select the model's rows in the CTE, or read its columns with joinCte() and col().`,
    );
  }
  const own = new Set(q.meta.fields.map((f) => f.column));
  const annotations = new Map<string, Annotation>();
  for (const c of definition.columns) {
    if (own.has(c.name)) continue;
    if (q.meta.member(c.name)) {
      throw new FieldError(
        `CTE column '${c.name}' conflicts with a field on ${q.meta.name}; name it differently in the CTE.`,
      );
    }
    annotations.set(c.name, { expression: new Col(0, c.field, c.field), selected: true });
  }
  const based = withChanges(q, {
    sources: Object.freeze([cteSource(definition, q.meta)]),
    annotations,
  });
  return withCte(based, definition, params, bag);
}

/**
 * Join a CTE to the query's model on one column pair:
 *   Category.objects.joinCte(tree, { parent: "id" })
 *   → … FROM "category" INNER JOIN "tree" ON ("category"."parent_id" = "tree"."id")
 * Its columns are then read with `cte.col(name)` in annotate/filter/values/orderBy.
 */
export function withCteJoin(
  q: Query,
  definition: CteDefinition,
  on: Readonly<Record<string, string>>,
  type: JoinType,
  params: readonly unknown[],
  bag: ParamBag,
): Query {
  const pairs = Object.entries(on);
  if (pairs.length !== 1) {
    throw new FieldError(
      `joinCte() joins on one column pair, { field: "cteColumn" } (got ${pairs.length}).`,
    );
  }
  if (type !== "INNER" && type !== "LEFT")
    throw new FieldError(`joinCte() type must be "INNER" or "LEFT" (got ${String(type)}).`);
  if (q.sources.some((s) => s.cte?.name === definition.name)) {
    throw new FieldError(`CTE '${definition.name}' is already read by this query.`);
  }
  const [local, remote] = pairs[0];
  const field = q.meta.concreteField(local);
  if (!field) {
    const choices = q.meta.fields.map((f) => f.name).sort();
    throw new FieldError(
      `joinCte(): ${q.meta.name} has no field named '${local}'. Choices are: ${choices.join(", ")}.` +
        suggestionSuffix(local, choices),
    );
  }
  const column = cteColumn(definition, remote);
  const source: Source = Object.freeze({
    ...cteSource(definition, definition.meta),
    join: Object.freeze({
      parent: 0,
      parentField: field,
      field: column.field,
      type,
      nullable: type === "LEFT",
      // Kept out of Tango's separate-aggregates rewriting (it moves to-many joins).
      multiValued: false,
      identity: `cte:${definition.name}`,
    }),
  });
  const joined = withChanges(q, { sources: Object.freeze([...q.sources, source]) });
  return withCte(joined, definition, params, bag);
}
