import type { Compiler } from "../compiler/compiler.js";
import type { DriverFactory } from "../db/driver.js";
import type { Field, InternalType } from "../models/fields/field.js";
import type { CheckCompiler, SchemaEditor } from "./schema.js";

export type DialectName = "sqlite" | "postgres" | "mysql";

/**
 * One documented boolean per difference between databases. Layers above the
 * dialects ask these, never the dialect's name. Values are filled in at
 * connect time from the server version where it matters.
 */
export interface Features {
  /** `AGG(x) FILTER (WHERE …)`; otherwise `AGG(CASE WHEN … THEN x END)`. */
  supportsAggregateFilterClause: boolean;
  /** `SELECT DISTINCT ON (…)` (PostgreSQL only). */
  supportsDistinctOn: boolean;
  /** `INSERT … RETURNING` (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5). */
  supportsReturning: boolean;
  /** `ORDER BY x NULLS FIRST|LAST` is valid syntax. */
  supportsNullsOrdering: boolean;
  /** NULL sorts before every value in ascending order (SQLite, MySQL) rather than after (PostgreSQL). */
  nullsFirstInAscending: boolean;
  /** `INTERSECT` and `EXCEPT` exist. */
  supportsIntersectAndExcept: boolean;
  /** A LIMIT may appear in a subquery used with IN (MySQL/MariaDB refuse it). */
  supportsLimitInSubqueryIn: boolean;
  /**
   * bulkCreate's ignoreConflicts skips only rows that clash with a unique key
   * (`ON CONFLICT DO NOTHING`, `INSERT OR IGNORE`); MySQL's `INSERT IGNORE`
   * also drops rows with a missing foreign key, so a many-to-many add()
   * checks the existing links first there instead of relying on it.
   */
  ignoreConflictsOnlySkipsUniqueClashes: boolean;
  /** `ON DELETE SET DEFAULT` is enforced by the engine (InnoDB rejects it). */
  supportsOnDeleteSetDefault: boolean;
  /** An UPDATE/DELETE may read its own table in a subquery (MySQL error 1093 says no). */
  supportsSelfReferenceInUpdateSubquery: boolean;
  /** DDL inside a transaction rolls back with it. */
  supportsTransactionalDdl: boolean;
  /** Each compound SELECT may be parenthesised (`(SELECT …) UNION (SELECT …)`). */
  supportsParenthesizedCompound: boolean;
  /** The server is MariaDB (not MySQL). */
  isMariaDB: boolean;
  /** Server version string, as reported at connect time. */
  serverVersion: string;
  /** `SELECT … FOR UPDATE` and its NOWAIT / SKIP LOCKED / OF options. */
  supportsSelectForUpdate: boolean;
  supportsSelectForUpdateNowait: boolean;
  supportsSelectForUpdateSkipLocked: boolean;
  supportsSelectForUpdateOf: boolean;
  /** `FOR NO KEY UPDATE` (PostgreSQL's weaker lock that lets foreign keys to the row be inserted). */
  supportsSelectForNoKeyUpdate: boolean;
  /** Longest identifier the server accepts. */
  maxIdentifierLength: number;
  /** `LIKE` compares ASCII letters case-insensitively (SQLite), so contains behaves like icontains. */
  likeIsCaseInsensitive: boolean;
  /** `ANY_VALUE(x)` exists (MySQL, PostgreSQL 16+); elsewhere AnyValue is written `MIN(x)`. */
  supportsAnyValue: boolean;
  /**
   * GROUP BY the primary key lets the other columns of that table be
   * selected (functional dependency: PostgreSQL, MySQL). Elsewhere every
   * selected column is listed (SQLite, MariaDB under ONLY_FULL_GROUP_BY).
   */
  allowsGroupBySelectedPks: boolean;
  /** `GROUP BY 2` may refer to the second selected column. */
  allowsGroupBySelectIndex: boolean;
  /**
   * A window frame may leave rows out: `ROWS BETWEEN … EXCLUDE CURRENT ROW | GROUP | TIES`
   * (SQLite, PostgreSQL). MySQL and MariaDB refuse it: NotSupportedError.
   */
  supportsFrameExclusion: boolean;
  /**
   * `LAG(x, n, default)` / `LEAD(…)` take a default (not MariaDB, which has
   * only LAG(x, n): Tango then writes an exact CASE over a one-row frame).
   */
  supportsLagLeadDefault: boolean;
  /**
   * The server drops an ORDER BY on GROUP BY keys when window functions
   * re-sort the groups (a MariaDB bug): Tango appends a window column as a
   * last ORDER BY term to force the sort (compiler/window.ts).
   */
  ignoresGroupKeyOrderWithWindows: boolean;
}

/** A column selected by a compiled query: how to read its values. */
export interface ColumnInfo {
  readonly field: Field | undefined;
  /** A plain column (not an expression): SQLite quantizes decimals only for these, as Django does. */
  readonly isColumn: boolean;
}

export type Reader = (raw: unknown) => unknown;

/** Turns a lookup's operands into SQL (`lhs LIKE rhs ESCAPE '\'`). */
export interface LookupSql {
  /** The operator with `%s` for the right-hand side, e.g. `= %s`, `LIKE %s`. */
  operator: string;
  /** Wrap the left-hand side, e.g. `UPPER(%s::text)`; `%s` marks the operand. */
  lhs?: string;
  /** For a right-hand side that is an expression (not a value): pattern form, e.g. `LIKE '%' || %s || '%'`. */
  exprOperator?: string;
  /** Turn a value into the bound parameter (LIKE patterns: escaping and wildcards). */
  prepare?: (value: unknown) => unknown;
}

export interface Dialect {
  readonly name: DialectName;
  /** The database as people call it, for messages ("PostgreSQL", "MariaDB"…). */
  readonly displayName: string;
  readonly features: Features;
  quoteIdentifier(name: string): string;
  /** The placeholder for the i-th (1-based) parameter. */
  placeholder(index: number): string;
  /** Render a value as a literal — only for showing SQL to people (String(qs.query)), never executed. */
  literal(value: unknown): string;
  /** Compiled SQL with its parameters written in as literals (display, and DDL which takes none). */
  inlineParams(sql: string, params: readonly unknown[]): string;
  /** SQL for each lookup name. */
  lookupSql(lookupName: string, lhsField: Field | undefined): LookupSql;
  /** Encode a JS value for the driver, for a known field (or by its JS type when none). */
  encode(value: unknown, field: Field | undefined): unknown;
  /** Return the reader that turns a raw driver value into a JS value for this column. */
  reader(column: ColumnInfo): Reader;
  /** Column type for DDL. */
  columnType(field: Field): string;
  /** Type name for CAST(x AS …). */
  castType(internalType: InternalType, field?: Field): string;
  /** The DDL writer for this dialect. */
  schemaEditor(compileCheck: CheckCompiler): SchemaEditor;
  /** A compiler instance for this dialect. */
  /** A compiler for one statement; bound values read their slots from `params`. */
  createCompiler(params?: readonly unknown[]): Compiler;
  readonly driver: DriverFactory;
  /** The EXPLAIN prefix for the options asked. */
  explainPrefix(options: { analyze?: boolean; format?: string; verbose?: boolean }): string;
  /** Statements that open a transaction (with an isolation level, where given). */
  beginStatements(isolationLevel?: string): string[];
  /** Transaction control after BEGIN: COMMIT, ROLLBACK and the savepoint statements. */
  transactionStatement(
    action: "commit" | "rollback" | "savepoint" | "release" | "rollbackTo",
    savepoint?: string,
  ): string;
  /** Turn a driver error into Tango's typed error (IntegrityError, ProgrammingError, …). */
  translateError(error: unknown, sql: string): Error;
  /** Return a copy with features updated from the server (called once per connection). */
  withFeatures(features: Partial<Features>): Dialect;
}
