import type { Field } from "../../models/fields/field.js";
import { escapeLikeSql, patternPrepare, patternTemplate } from "../base.js";
import type { LookupSql } from "../dialect.js";

const OPERATORS: Record<string, string> = {
  exact: "= %s",
  iexact: "= UPPER(%s)",
  contains: "LIKE %s",
  icontains: "LIKE UPPER(%s)",
  regex: "~ %s",
  iregex: "~* %s",
  gt: "> %s",
  gte: ">= %s",
  lt: "< %s",
  lte: "<= %s",
  startswith: "LIKE %s",
  endswith: "LIKE %s",
  istartswith: "LIKE UPPER(%s)",
  iendswith: "LIKE UPPER(%s)",
};

const TEXT_LOOKUPS = new Set([
  "iexact",
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "regex",
  "iregex",
]);
const CASE_INSENSITIVE = new Set(["iexact", "icontains", "istartswith", "iendswith"]);

const concat = (parts: string[]) => parts.join(" || ");

/** Lookups on PostgreSQL: text lookups cast to text; case-insensitive ones compare UPPER() forms. */
export function postgresLookup(name: string, _lhs: Field | undefined): LookupSql {
  let lhs: string | undefined;
  if (TEXT_LOOKUPS.has(name)) lhs = "%s::text";
  if (CASE_INSENSITIVE.has(name)) lhs = "UPPER(%s::text)";
  const template = patternTemplate(name, concat, (x) => escapeLikeSql(`(${x})::text`));
  return {
    operator: OPERATORS[name] ?? "= %s",
    lhs,
    exprOperator: template
      ? `LIKE ${CASE_INSENSITIVE.has(name) ? `UPPER(${template})` : template}`
      : undefined,
    prepare: patternPrepare(name),
  };
}
