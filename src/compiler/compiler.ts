import type { ColumnInfo } from "../dialects/dialect.js";
import { NotSupportedError } from "../errors.js";
import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import type { WhereNode } from "../expressions/resolved.js";
import type { CteDefinition } from "../query/cte.js";
import type { Query } from "../query/query.js";
import { type Condition, EmptyResultSet, MATCH_EVERYTHING, MATCH_NOTHING } from "./empty.js";
import { ExpressionCompiler } from "./expression-compiler.js";
import { forUpdateClause } from "./for-update.js";
import { groupByClause } from "./group-by.js";
import type { CompiledSql } from "./sql-writer.js";
import { windowSortGuard } from "./window.js";
import { withClause } from "./with-clause.js";

export type { FunctionWriter } from "./expression-compiler.js";

export interface CompiledSelect extends CompiledSql {
  readonly columns: readonly ColumnInfo[];
  readonly bigInts: boolean;
}

/**
 * Turns resolved Query values into SQL text and parameters: the statements
 * (SELECT, compound, the pieces of UPDATE/DELETE/INSERT) over the
 * expression compiler. Pure: no name resolution, no database access.
 * Dialects subclass it to override hooks. One instance per compile call.
 */
export class Compiler extends ExpressionCompiler {
  // ---- statements --------------------------------------------------------

  /** Return alias names for a query's tables at the current nesting depth (Django's T/U/V naming). */
  aliasNames(q: Query): string[] {
    const depth = this.scopes.length;
    if (depth > 0) {
      const prefix = subqueryPrefix(depth);
      return q.sources.map((_, i) => `${prefix}${i}`);
    }
    const seen = new Set<string>();
    return q.sources.map((s, i) => {
      if (!seen.has(s.table)) {
        seen.add(s.table);
        return s.table;
      }
      return `T${i + 1}`;
    });
  }

  /** CTEs already defined by an enclosing WITH (a nested query does not repeat them). */
  visibleCtes = new Set<CteDefinition>();

  /**
   * A CTE's query: like a derived table it sees none of the outer query's
   * tables, and matching no row writes `WHERE 1 = 0` (never EmptyResultSet).
   */
  cteBody(q: Query): string {
    const outer = this.scopes;
    this.scopes = [];
    this.cteDepth++;
    try {
      return this.selectSql(q, true);
    } finally {
      this.scopes = outer;
      this.cteDepth--;
    }
  }

  /** How many CTE bodies enclose the expression being compiled. */
  protected cteDepth = 0;

  /** Compiling the members of a recursive CTE (with-clause.ts sets it). */
  inRecursiveCte = false;

  /**
   * The type computed text columns of a recursive CTE are cast to in both
   * members, where the database sizes or types a column from the anchor
   * alone (null: no cast needed).
   */
  recursiveCteTextType: string | null = null;

  /**
   * A value selected as a CTE column, as written (dialects type it: a
   * recursive CTE's members must agree on each column's type).
   */
  cteColumnValue(
    e: Expression,
    sql: string,
    where: { readonly bare: boolean; readonly recursive: boolean },
  ): string {
    const textType = this.recursiveCteTextType;
    if (textType && where.recursive && !where.bare && outputFieldOf(e)?.valueKind === "string")
      return `CAST(${sql} AS ${textType})`;
    return this.cteParameter(e, sql);
  }

  /** A CTE column that is not a recursive text column (dialects may type bare parameters). */
  cteParameter(_e: Expression, sql: string): string {
    return sql;
  }

  /** Compile a nested SELECT (its tables get the next alias prefix). */
  subSelect(q: Query): string {
    return this.selectSql(q, true);
  }

  /** The SELECT statement for a query whose select list is explicit (see query/plan.ts). */
  selectSql(q: Query, nested = false): string {
    if (q.combined) return this.compoundSql(q, nested);
    // WITH first: positional placeholders bind in text order. Its CTEs are
    // visible to this statement's subqueries only (restored below).
    const visible = this.visibleCtes;
    if (q.ctes.length) this.visibleCtes = new Set(visible);
    const withSql = q.ctes.length ? withClause(this, q, this.visibleCtes) : "";
    const names = this.aliasNames(q);
    this.scopes.push(names);
    try {
      // Compile in text order: positional placeholders (?) bind in the order they appear.
      const parts: string[] = [`${withSql}SELECT`];
      if (q.distinctFields.length) parts.push(this.distinctOn(q.distinctFields));
      else if (q.distinct) parts.push("DISTINCT");
      parts.push(this.selectList(q));
      parts.push("FROM", this.fromClause(q, names));
      const where = this.condition(q.where);
      if (where === MATCH_NOTHING && !nested && this.elideEmpty) throw new EmptyResultSet();

      if (where === MATCH_NOTHING) parts.push("WHERE", this.falseSql());
      else if (where !== MATCH_EVERYTHING) parts.push("WHERE", where);
      const groupBy = groupByClause(this, q);
      if (groupBy) parts.push("GROUP BY", groupBy);
      const having = this.condition(q.having);
      if (having === MATCH_NOTHING && !nested && this.elideEmpty) throw new EmptyResultSet();
      if (having === MATCH_NOTHING) parts.push("HAVING", this.falseSql());
      else if (having !== MATCH_EVERYTHING) parts.push("HAVING", having);
      const order = this.orderByClause(q);
      if (order) parts.push("ORDER BY", order);
      const limit = this.limitClause(q);
      if (limit) parts.push(limit);
      const lock = forUpdateClause(q, names, this.dialect.features, (n) => this.quote(n));
      if (lock) parts.push(lock);
      return parts.join(" ");
    } finally {
      this.scopes.pop();
      this.visibleCtes = visible;
    }
  }

  selectList(q: Query): string {
    // An empty select list (EXISTS subqueries, exists()) selects a constant.
    if (!q.select || q.select.length === 0) return `1 AS ${this.quote("a")}`;
    return q.select
      .map((item) => this.selectItem(item.expression, item.name, item.bare === true))
      .join(", ");
  }

  selectItem(e: Expression, name: string, bare: boolean): string {
    let sql = this.selectExpr(e);
    if (this.cteDepth > 0 && this.scopes.length === 1)
      sql = this.cteColumnValue(e, sql, { bare, recursive: this.inRecursiveCte });
    return bare ? sql : `${sql} AS ${this.quote(name)}`;
  }

  distinctOn(_fields: readonly Expression[]): string {
    throw new NotSupportedError(
      `DISTINCT ON fields is not supported by this database backend (${this.dialect.name}); ` +
        "order by the fields and keep the first row per group with a window function, or filter on a subquery",
    );
  }

  fromClause(q: Query, names: string[]): string {
    const parts: string[] = [];
    q.sources.forEach((s, i) => {
      if (s.subquery) {
        parts.push(`(${this.derivedTable(s.subquery)}) ${this.quote(names[i])}`);
        return;
      }
      const table = this.quote(s.table);
      const aliased = names[i] === s.table ? table : `${table} ${this.quote(names[i])}`;
      if (!s.join) {
        parts.push(aliased);
        return;
      }
      const j = s.join;
      const on = `${this.quote(names[j.parent])}.${this.quote(j.parentField.column)} = ${this.quote(names[i])}.${this.quote(j.field.column)}`;
      parts.push(`${j.type === "LEFT" ? "LEFT OUTER" : "INNER"} JOIN ${aliased} ON (${on})`);
    });
    return parts.join(" ");
  }

  /**
   * A SELECT in FROM: it cannot see the outer query's tables, so it is
   * compiled as a top-level query (its own table names, no alias prefix).
   */
  derivedTable(q: Query): string {
    const outer = this.scopes;
    this.scopes = [];
    try {
      return this.selectSql(q, !this.elideEmpty);
    } finally {
      this.scopes = outer;
    }
  }

  orderByClause(q: Query): string {
    const terms = q.orderBy.flatMap((o) => this.orderTerm(o));
    return [...terms, ...windowSortGuard(this, q, terms.length)].join(", ");
  }

  limitClause(q: Query): string {
    if (q.high === null && q.low === 0) return "";
    const parts: string[] = [];
    if (q.high !== null) parts.push(`LIMIT ${q.high - q.low}`);
    else if (q.low) parts.push(`LIMIT ${this.noLimitValue()}`);
    if (q.low) parts.push(`OFFSET ${q.low}`);
    return parts.join(" ");
  }

  /** LIMIT value that means "no limit" when only an OFFSET is wanted. */
  noLimitValue(): string {
    return "-1";
  }

  /** UNION / INTERSECT / EXCEPT of the combined queries, then this query's ORDER BY and LIMIT. */
  compoundSql(q: Query, nested: boolean): string {
    const c = q.combined!;
    const op = `${c.op}${c.all ? " ALL" : ""}`;
    const members: string[] = [];
    for (const [i, member] of c.queries.entries()) {
      let sql: string;
      try {
        sql = this.withParamBase(c.paramOffsets?.[i] ?? 0, () =>
          this.selectSql(member, nested || this.scopes.length > 0),
        );
      } catch (e) {
        if (e instanceof EmptyResultSet && c.op === "UNION") continue;
        throw e;
      }
      members.push(this.compoundMember(sql, member));
    }
    if (members.length === 0) throw new EmptyResultSet();
    let sql = members.join(` ${op} `);
    const order = q.orderBy.flatMap((o) => this.orderTerm(o)).join(", ");
    if (order) sql += ` ORDER BY ${order}`;
    const limit = this.limitClause(q);
    if (limit) sql += ` ${limit}`;
    return sql;
  }

  compoundMember(sql: string, member: Query): string {
    if (this.dialect.features.supportsParenthesizedCompound) return `(${sql})`;
    const ordered = member.orderBy.length > 0 || member.high !== null || member.low !== 0;
    return ordered ? `SELECT * FROM (${sql})` : sql;
  }

  /** Run `fn` with the single base table of an UPDATE/DELETE in scope (named by its table). */
  withBaseScope<T>(table: string, fn: () => T): T {
    this.scopes.push([table]);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** The WHERE of an UPDATE/DELETE (dialects that cannot read the target table in a subquery override). */
  writeCondition(where: WhereNode): Condition {
    return this.condition(where);
  }

  /** `INSERT INTO`, or the dialect's form that skips conflicting rows. */
  insertVerb(_ignoreConflicts: boolean): string {
    return "INSERT INTO";
  }

  /** Clause after VALUES that skips rows violating a unique constraint. */
  insertConflictClause(ignoreConflicts: boolean): string {
    return ignoreConflicts ? " ON CONFLICT DO NOTHING" : "";
  }

  /** INSERT of a row with only default values. */
  insertDefaultValues(): string {
    return "DEFAULT VALUES";
  }

  /** Compile a complete SELECT for execution; the query's select list must be explicit. */
  compileSelect(q: Query, columns: readonly ColumnInfo[]): CompiledSelect {
    const sql = this.selectSql(q);
    return {
      sql,
      params: this.w.params,
      recipes: this.w.recipes,
      columns,
      bigInts: columns.some((c) => c.field?.valueKind === "bigint"),
    };
  }

  /** `SELECT COUNT(*)` straight over a query's rows (see planPlainCount for when that is right). */
  compileCount(q: Query): CompiledSql {
    const withSql = q.ctes.length ? withClause(this, q, this.visibleCtes) : "";
    const names = this.aliasNames(q);
    this.scopes.push(names);
    try {
      const where = this.condition(q.where);
      if (where === MATCH_NOTHING) throw new EmptyResultSet();
      let sql = `${withSql}SELECT COUNT(*) AS ${this.quote("__count")} FROM ${this.fromClause(q, names)}`;
      if (where !== MATCH_EVERYTHING) sql += ` WHERE ${where}`;
      return { sql, params: this.w.params, recipes: this.w.recipes };
    } finally {
      this.scopes.pop();
    }
  }
}

/** U for the first nesting level, V for the second, … (Django's bump_prefix). */
export function subqueryPrefix(depth: number): string {
  let n = depth - 1;
  let prefix = "";
  do {
    prefix = String.fromCharCode(85 + (n % 6)) + prefix; // U..Z, then two letters
    n = Math.floor(n / 6) - 1;
  } while (n >= 0);
  return prefix;
}
