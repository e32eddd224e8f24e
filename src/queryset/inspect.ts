import { EmptyResultSet } from "../compiler/empty.js";
import { getDatabase } from "../db/database.js";
import { execute } from "../db/execute.js";
import type { Query } from "../query/query.js";
import { compileSelectFor } from "./run.js";

/** `{ sql, params }` exactly as they would be sent (placeholders, bound values). */
export function compiledSql(
  alias: string,
  query: Query,
  params: readonly unknown[],
): { sql: string; params: readonly unknown[] } {
  const c = compileSelectFor(getDatabase(alias), query, params);
  if (!c) return { sql: "", params: [] };
  return { sql: c.compiled.sql, params: c.compiled.params };
}

/**
 * The SQL with parameters shown inline, for reading (never executed; values
 * are always bound when running). A query that can match nothing shows as
 * an empty string, as Django raises EmptyResultSet.
 */
export function showSql(alias: string, query: Query, values: readonly unknown[]): string {
  const { sql, params } = compiledSql(alias, query, values);
  return getDatabase(alias).dialect.inlineParams(sql, params);
}

export interface ExplainOptions {
  /** Run the query and report actual times (EXPLAIN ANALYZE). */
  analyze?: boolean;
  /** `text` (default) or `json` where the database supports it. */
  format?: "text" | "json";
  verbose?: boolean;
}

/** EXPLAIN [ANALYZE] of the query, as text. */
export async function explain(
  alias: string,
  query: Query,
  params: readonly unknown[],
  options: ExplainOptions,
): Promise<string> {
  const db = getDatabase(alias);
  await db.ready();
  const c = compileSelectFor(db, query, params);
  if (!c) throw new EmptyResultSet();
  const prefix = db.dialect.explainPrefix(options);
  const res = await execute(db, `${prefix} ${c.compiled.sql}`, c.compiled.params, {
    returnsRows: true,
  });
  return res.rows
    .map((r) => r.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(" | "))
    .join("\n");
}
