import { FieldError, NotSupportedError } from "../errors.js";
import { outputFieldOf } from "../expressions/output.js";
import { Col } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import type { ModelMeta } from "../models/meta.js";
import { registeredMetas } from "../models/registry.js";
import { suggestionSuffix } from "../util/suggest.js";
import type { ParamBag } from "./params.js";
import { planSelect } from "./plan.js";
import { isSliced, type Query, type Source, withChanges } from "./query.js";

/** One output column of a CTE: its name in `WITH name (col, …)` and how its values read. */
export interface CteColumn {
  readonly name: string;
  /** The selected expression's field, renamed to the CTE column (reads and compares as the original). */
  readonly field: Field;
}

/**
 * A common table expression: `name (columns) AS (query [UNION ALL step])`.
 * The queries are planned (explicit select lists). Parameters: the
 * anchor's are the CTE's first, the recursive step's start at `stepOffset`.
 */
export interface CteDefinition {
  readonly name: string;
  readonly meta: ModelMeta;
  readonly query: Query;
  readonly step: Query | null;
  readonly stepOffset: number;
  readonly columns: readonly CteColumn[];
  /** Set on the definition a recursive step reads itself through (never written in WITH). */
  readonly selfReference: boolean;
}

/** A CTE attached to a query's WITH clause; its parameters start at `paramOffset`. */
export interface AttachedCte {
  readonly definition: CteDefinition;
  readonly paramOffset: number;
}

/** Return a field that reads like `field` but is the column `name` of a CTE. */
function renamed(field: Field, name: string): Field {
  if (field.column === name) return field;
  return Object.freeze(Object.create(field, { column: { value: name } })) as Field;
}

function checkName(name: string): void {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new FieldError(
      `A CTE name must be a letter or underscore followed by letters, digits or underscores (got '${String(name)}').`,
    );
  }
  for (const meta of registeredMetas()) {
    if (meta.table.toLowerCase() === name.toLowerCase()) {
      throw new FieldError(
        `The CTE name '${name}' is the table of model ${meta.name}; inside the statement it would hide that table. Choose another name.`,
      );
    }
  }
}

/** The columns a planned query selects, by output name. */
function columnsOf(planned: Query): CteColumn[] {
  return planned.select!.map((item) => {
    const name =
      item.bare && item.expression instanceof Col ? item.expression.target.column : item.name;
    const field = outputFieldOf(item.expression);
    if (!field) {
      throw new FieldError(
        `Cannot tell the type of CTE column '${name}'; give its expression an outputField.`,
      );
    }
    return { name, field: renamed(field, name) };
  });
}

function checkMember(name: string, q: Query, role: string): Query {
  if (isSliced(q) && role === "recursive step")
    throw new FieldError(`The recursive step of CTE '${name}' cannot be sliced.`);
  if (q.ctes.some((c) => c.definition.name === name && !c.definition.selfReference))
    throw new FieldError(`The ${role} of CTE '${name}' cannot define a CTE of the same name.`);
  // Row order inside a CTE means nothing (and PostgreSQL refuses it in a recursive one), unless sliced.
  const unordered = isSliced(q) ? q : withChanges(q, { orderBy: [], defaultOrdering: false });
  return planSelect(unordered).query;
}

/** Define `name AS (query)`. */
export function defineCte(name: string, query: Query): CteDefinition {
  checkName(name);
  const planned = checkMember(name, query, "query");
  return Object.freeze({
    name,
    meta: query.meta,
    query: planned,
    step: null,
    stepOffset: 0,
    columns: columnsOf(planned),
    selfReference: false,
  });
}

/** The definition a recursive step joins to read the rows found so far (the anchor's columns). */
export function selfReference(anchor: CteDefinition): CteDefinition {
  return Object.freeze({ ...anchor, selfReference: true });
}

/**
 * Define `name AS (anchor UNION ALL step)`: the step reads `name` (the rows
 * the previous round produced) and must select the same columns, in order.
 */
export function defineRecursiveCte(
  anchor: CteDefinition,
  step: Query,
  stepOffset: number,
): CteDefinition {
  const planned = checkMember(anchor.name, step, "recursive step");
  const stepColumns = columnsOf(planned).map((c) => c.name);
  const anchorColumns = anchor.columns.map((c) => c.name);
  if (stepColumns.join(",") !== anchorColumns.join(",")) {
    throw new FieldError(
      `The recursive step of CTE '${anchor.name}' must select the anchor's columns in the same order: ` +
        `expected (${anchorColumns.join(", ")}), got (${stepColumns.join(", ")}).`,
    );
  }
  if (!planned.sources.some((s) => s.cte?.name === anchor.name)) {
    throw new FieldError(
      `The recursive step of CTE '${anchor.name}' does not read '${anchor.name}'; join it with joinCte(self, …).`,
    );
  }
  return Object.freeze({ ...anchor, step: planned, stepOffset });
}

/** Attach a CTE to the query's WITH clause (its parameters appended to the bag). */
export function withCte(
  q: Query,
  definition: CteDefinition,
  params: readonly unknown[],
  bag: ParamBag,
): Query {
  if (q.combined) throw combinedWithCtes();
  if (definition.selfReference) return q;
  const same = q.ctes.find((c) => c.definition.name === definition.name);
  if (same) {
    if (same.definition === definition) return q;
    throw new FieldError(`This query already has a CTE named '${definition.name}'.`);
  }
  const paramOffset = bag.append(params);
  return withChanges(q, { ctes: [...q.ctes, { definition, paramOffset }] });
}

/** Find an attached CTE by name, or a FieldError listing the attached ones. */
export function attachedCte(q: Query, name: string): CteDefinition {
  const found = q.ctes.find((c) => c.definition.name === name);
  if (found) return found.definition;
  const names = q.ctes.map((c) => c.definition.name).sort();
  throw new FieldError(
    `No CTE named '${name}' is attached to this query. Attached: ${names.length ? names.join(", ") : "none"}; add it with with().` +
      suggestionSuffix(name, names),
  );
}

/** A column of a CTE definition, or a FieldError listing its columns. */
export function cteColumn(definition: CteDefinition, name: string): CteColumn {
  const col = definition.columns.find((c) => c.name === name);
  if (col) return col;
  // Model rows: a field's name or attname reads its column (`parentId` → parent_id).
  const field = definition.meta.concreteField(name);
  const byField = field && definition.columns.find((c) => c.name === field.column);
  if (byField) return byField;
  const names = definition.columns.map((c) => c.name);
  throw new FieldError(
    `CTE '${definition.name}' has no column '${name}'. Columns are: ${names.join(", ")}.` +
      suggestionSuffix(name, names),
  );
}

/** A FROM entry that reads a CTE instead of the model's table. */
export function cteSource(definition: CteDefinition, meta: ModelMeta): Source {
  return Object.freeze({ meta, table: definition.name, join: null, cte: definition });
}

/** CTEs and union()/intersection()/difference() do not combine (yet). */
export function combinedWithCtes(): NotSupportedError {
  return new NotSupportedError(
    "CTEs cannot be attached to a union(), intersection() or difference(), nor be used by their members; " +
      "combine the rows inside the CTE's own query, or filter with pk__in on a fromCte() QuerySet.",
  );
}
