import type { Field } from "../../models/fields/field.js";
import { escapeLike, escapeLikeSql, patternPrepare, patternTemplate } from "../base.js";
import type { LookupSql } from "../dialect.js";

const LIKE = "LIKE %s ESCAPE '\\'";

const OPERATORS: Record<string, string> = {
  exact: "= %s",
  iexact: LIKE,
  contains: LIKE,
  icontains: LIKE,
  regex: "REGEXP %s",
  iregex: "REGEXP '(?i)' || %s",
  gt: "> %s",
  gte: ">= %s",
  lt: "< %s",
  lte: "<= %s",
  startswith: LIKE,
  endswith: LIKE,
  istartswith: LIKE,
  iendswith: LIKE,
};

const concat = (parts: string[]) => parts.join(" || ");

/** Lookups on SQLite: LIKE with an explicit escape character (ASCII case-insensitive, as in Django). */
export function sqliteLookup(name: string, _lhs: Field | undefined): LookupSql {
  const template = patternTemplate(name, concat, escapeLikeSql);
  return {
    operator: OPERATORS[name] ?? "= %s",
    exprOperator: template ? `LIKE ${template} ESCAPE '\\'` : undefined,
    prepare: name === "iexact" ? (v) => escapeLike(v) : patternPrepare(name),
  };
}
