import type { DeletePlan, InsertPlan, UpdatePlan } from "../query/write.js";
import type { Compiler } from "./compiler.js";
import { EmptyResultSet, MATCH_EVERYTHING, MATCH_NOTHING } from "./empty.js";
import type { CompiledSql } from "./sql-writer.js";

export interface CompiledWrite extends CompiledSql {
  readonly returnsRows: boolean;
}

/** INSERT … VALUES (…), (…) [RETURNING …]. */
export function compileInsert(c: Compiler, plan: InsertPlan): CompiledWrite {
  const table = c.quote(plan.meta.table);
  const returning =
    plan.returning.length && c.dialect.features.supportsReturning
      ? ` RETURNING ${plan.returning.map((f) => c.quote(f.column)).join(", ")}`
      : "";
  if (plan.fields.length === 0) {
    return {
      sql: `INSERT INTO ${table} ${c.insertDefaultValues()}${returning}`,
      params: c.w.params,
      recipes: c.w.recipes,
      returnsRows: returning !== "",
    };
  }
  const cols = plan.fields.map((f) => c.quote(f.column)).join(", ");
  const ignore = plan.ignoreConflicts === true;
  const rows = plan.rows
    .map(
      (row) =>
        `(${row.map((v, i) => (v === null || v === undefined ? "NULL" : c.w.param(c.dialect.encode(v, plan.fields[i])))).join(", ")})`,
    )
    .join(", ");
  const sql = `${c.insertVerb(ignore)} ${table} (${cols}) VALUES ${rows}${c.insertConflictClause(ignore)}${returning}`;
  return { sql, params: c.w.params, recipes: c.w.recipes, returnsRows: returning !== "" };
}

/** UPDATE table SET … WHERE … (no rows when the condition can match none: EmptyResultSet). */
export function compileUpdate(c: Compiler, plan: UpdatePlan): CompiledWrite {
  return c.withBaseScope(plan.meta.table, () => {
    const sets = plan.assignments
      .map(([f, e]) => `${c.quote(f.column)} = ${c.selectExpr(e)}`)
      .join(", ");
    let sql = `UPDATE ${c.quote(plan.meta.table)} SET ${sets}`;
    const where = c.writeCondition(plan.where);
    if (where === MATCH_NOTHING) throw new EmptyResultSet();
    if (where !== MATCH_EVERYTHING) sql += ` WHERE ${where}`;
    return { sql, params: c.w.params, recipes: c.w.recipes, returnsRows: false };
  });
}

/** DELETE FROM table WHERE …. */
export function compileDelete(c: Compiler, plan: DeletePlan): CompiledWrite {
  return c.withBaseScope(plan.meta.table, () => {
    let sql = `DELETE FROM ${c.quote(plan.meta.table)}`;
    const where = c.writeCondition(plan.where);
    if (where === MATCH_NOTHING) throw new EmptyResultSet();
    if (where !== MATCH_EVERYTHING) sql += ` WHERE ${where}`;
    return { sql, params: c.w.params, recipes: c.w.recipes, returnsRows: false };
  });
}
