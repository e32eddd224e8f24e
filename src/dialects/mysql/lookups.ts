import type { Field } from "../../models/fields/field.js";
import { escapeLike, patternPrepare, patternTemplate } from "../base.js";
import type { LookupSql } from "../dialect.js";

const OPERATORS: Record<string, string> = {
  exact: "= %s",
  iexact: "LIKE %s",
  contains: "LIKE BINARY %s",
  icontains: "LIKE %s",
  gt: "> %s",
  gte: ">= %s",
  lt: "< %s",
  lte: "<= %s",
  startswith: "LIKE BINARY %s",
  endswith: "LIKE BINARY %s",
  istartswith: "LIKE %s",
  iendswith: "LIKE %s",
  regex: "REGEXP BINARY %s",
  iregex: "REGEXP %s",
};

const concat = (parts: string[]) => `CONCAT(${parts.join(", ")})`;

/** MySQL string literals take backslash as an escape character, so each is doubled. */
function escapeMysqlLike(operand: string): string {
  return `REPLACE(REPLACE(REPLACE(${operand}, '\\\\', '\\\\\\\\'), '%', '\\\\%'), '_', '\\\\_')`;
}

/**
 * Lookups on MySQL/MariaDB. `=` follows the column collation (case-insensitive
 * by default), exactly as Django's MySQL backend; `LIKE BINARY` makes the
 * case-sensitive text lookups case-sensitive.
 */
export function mysqlLookup(name: string, _lhs: Field | undefined, isMariaDB: boolean): LookupSql {
  const template = patternTemplate(name, concat, escapeMysqlLike);
  const binary = name === "contains" || name === "startswith" || name === "endswith";
  const mysqlRegex = !isMariaDB && (name === "regex" || name === "iregex");
  // MySQL 8 has REGEXP_LIKE(subject, pattern, flags); MariaDB only the REGEXP operator.
  const operator = mysqlRegex
    ? `, %s, '${name === "regex" ? "c" : "i"}')`
    : (OPERATORS[name] ?? "= %s");
  return {
    operator,
    lhs: mysqlRegex ? "REGEXP_LIKE(%s" : undefined,
    exprOperator: template ? `LIKE ${binary ? "BINARY " : ""}${template}` : undefined,
    prepare: name === "iexact" ? (v) => escapeLike(v) : patternPrepare(name),
  };
}
