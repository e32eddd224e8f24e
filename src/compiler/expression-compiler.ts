import type { Dialect } from "../dialects/dialect.js";
import { FieldError } from "../errors.js";
import type { AggregateNode } from "../expressions/aggregates.js";
import type { CaseExpression } from "../expressions/case.js";
import type {
  ArithmeticOp,
  CombinedExpression,
  ExpressionWrapperNode,
  ValueNode,
} from "../expressions/combinable.js";
import type { OuterRefExpression } from "../expressions/f.js";
import type { FuncNode } from "../expressions/func.js";
import type { RawSqlNode } from "../expressions/functions/raw.js";
import type { Expression, ExprKind } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import type {
  BoundValue,
  Col,
  ExistsNode,
  LookupNode,
  OuterCol,
  Ref,
  SubqueryNode,
  WhereNode,
} from "../expressions/resolved.js";
import type { WindowNode } from "../expressions/window.js";
import type { Query } from "../query/query.js";
import { compileAggregate } from "./aggregate.js";
import { type Condition, MATCH_EVERYTHING, MATCH_NOTHING } from "./empty.js";
import { compileLookup } from "./lookup.js";
import { SqlWriter } from "./sql-writer.js";
import { compileWindow } from "./window.js";

type Visit = (c: ExpressionCompiler, e: Expression) => string;

/** Resolved-only kinds compile; unresolved ones reaching here are a bug upstream. */
const unresolved = (kind: string) => (): string => {
  throw new Error(`Internal error: a '${kind}' expression reached the compiler unresolved`);
};

/**
 * One visitor per expression kind: adding a kind without compiling it does
 * not type-check.
 */
const VISITORS: Record<ExprKind, Visit> = {
  F: unresolved("F"),
  outerRef: (_c, e) => {
    // A query with a pending OuterRef was run on its own instead of inside another one.
    const name = (e as OuterRefExpression).target.name;
    throw new FieldError(
      `This queryset contains a reference to an outer query (OuterRef('${name}')) and may only be used in a subquery.`,
    );
  },
  subqueryExpr: unresolved("Subquery"),
  existsExpr: unresolved("Exists"),
  subqueryAggregate: unresolved("SubqueryAggregate"),
  Q: unresolved("Q"),
  value: (c, e) => c.visitValue(e as ValueNode | BoundValue),
  combined: (c, e) => c.visitCombined(e as CombinedExpression),
  wrapper: (c, e) => c.expr((e as ExpressionWrapperNode).expression),
  orderBy: (c, e) => c.orderTerm(e as OrderBy).join(", "),
  col: (c, e) => c.column((e as Col).source, (e as Col).target.column, 0),
  outerCol: (c, e) =>
    c.column((e as OuterCol).source, (e as OuterCol).target.column, (e as OuterCol).levels),
  ref: (c, e) => c.quote((e as Ref).name),
  lookup: (c, e) => c.conditionSql(e),
  where: (c, e) => c.conditionSql(e),
  nothing: (c, e) => c.conditionSql(e),
  func: (c, e) => c.visitFunc(e as FuncNode),
  aggregate: (c, e) => compileAggregate(c, e as AggregateNode),
  star: () => "*",
  window: (c, e) => compileWindow(c, e as WindowNode),
  case: (c, e) => c.visitCase(e as CaseExpression),
  subquery: (c, e) =>
    c.withParamBase(
      (e as SubqueryNode).paramOffset,
      () => `(${c.subSelect((e as SubqueryNode).query)})`,
    ),
  exists: (c, e) => c.visitExists(e as ExistsNode),
  raw: (c, e) => c.visitRaw(e as RawSqlNode),
  cteCol: unresolved("CTE column"),
};

/**
 * The expression half of the compiler: values, columns, functions,
 * aggregates, windows, conditions and ordering terms (compiler.ts adds the
 * statements). Pure: no name resolution, no database access.
 */
export abstract class ExpressionCompiler {
  readonly w: SqlWriter;
  /** Alias names of the tables of each query being compiled, outermost first. */
  protected scopes: string[][] = [];
  /** Write `"table"."column"` (false in DDL, where CHECK conditions name bare columns). */
  qualifyColumns = true;

  /**
   * A query that can match no row raises EmptyResultSet (nothing is sent);
   * false writes `WHERE 1 = 0` instead (aggregate() whose result over no
   * rows only the database can compute).
   */
  elideEmpty = true;

  /** Where the query being compiled finds its parameters in `params` (subqueries shift it). */
  protected paramBase = 0;

  /** Placeholders already written for a parameter-list slot (numbered-placeholder dialects). */
  private readonly slotPlaceholders = new Map<number, { field: unknown; placeholder: string }>();

  constructor(
    readonly dialect: Dialect,
    /** The QuerySet's parameter list; bound values read their slot from it. */
    readonly params: readonly unknown[] = [],
  ) {
    this.w = new SqlWriter(dialect);
  }

  /** Run `fn` with the parameter list shifted by `offset` (a nested query's own parameters). */
  withParamBase<T>(offset: number, fn: () => T): T {
    const previous = this.paramBase;
    this.paramBase += offset;
    try {
      return fn();
    } finally {
      this.paramBase = previous;
    }
  }

  /**
   * Bind a value node: from its slot in the parameter list when it has one
   * (the statement can then be reused for other values), else as a constant.
   */
  bindValue(e: ValueNode | BoundValue, transform?: (v: unknown) => unknown): string {
    const field = "outputField" in e ? e.outputField : e.explicitOutput;
    const encode = transform ?? ((v: unknown) => this.dialect.encode(v, field));
    const slot = (e as BoundValue).slot;
    if (slot !== undefined && this.params.length > 0) {
      const at = this.paramBase + slot;
      // Numbered placeholders let a value written twice be one parameter:
      // `GREATEST(x, $1)` in SELECT and in GROUP BY are then the same expression.
      const reusable = transform === undefined && this.dialect.placeholder(1) !== "?";
      const seen = reusable ? this.slotPlaceholders.get(at) : undefined;
      if (seen && seen.field === field) return seen.placeholder;
      const placeholder = this.w.slot((values) => {
        const v = values[at];
        return v === null || v === undefined ? null : encode(v);
      }, this.params);
      if (reusable) this.slotPlaceholders.set(at, { field, placeholder });
      return placeholder;
    }
    if (e.value === null || e.value === undefined) return "NULL";
    return this.w.param(encode(e.value));
  }

  quote(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }

  // ---- expressions -------------------------------------------------------

  expr(e: Expression): string {
    return VISITORS[e.kind](this, e);
  }

  column(source: number, column: string, levels: number): string {
    const scope = this.scopes[this.scopes.length - 1 - levels];
    if (!scope || scope[source] === undefined) {
      throw new Error(`Internal error: no table #${source} ${levels} level(s) out`);
    }
    return this.qualifyColumns
      ? `${this.quote(scope[source])}.${this.quote(column)}`
      : this.quote(column);
  }

  visitValue(e: ValueNode | BoundValue): string {
    return this.bindValue(e);
  }

  visitCombined(e: CombinedExpression): string {
    return this.combine(e.op, this.expr(e.lhs), this.expr(e.rhs), e);
  }

  /** Arithmetic between two compiled operands (dialects override for POWER, integer DIV …). */
  combine(op: ArithmeticOp, lhs: string, rhs: string, _node: CombinedExpression): string {
    if (op === "^") return `POWER(${lhs}, ${rhs})`;
    return `(${lhs} ${op} ${rhs})`;
  }

  /**
   * A function call: the dialect's table entry for its name, else
   * `SQL(args…)` from its spec. Arguments are compiled here, in order; an
   * entry that writes an argument twice or out of order compiles it again
   * itself (`compiler.functionArgument(node.args[i])`) so positional
   * placeholders bind right.
   */
  visitFunc(e: FuncNode): string {
    const fn = this.functionTable()[e.name];
    const args = e.args.map((a) => this.functionArgument(a));
    if (fn) return fn(args, e, this);
    const spec = e.spec;
    if (!spec)
      throw new Error(
        `Internal error: the ${this.dialect.name} dialect has no entry for function ${e.name}`,
      );
    return `${spec.sql}(${args.join(", ")})`;
  }

  /**
   * A function's argument as written: dialects type bound values where the
   * function cannot infer them (PostgreSQL's `$1::integer`, SQLite's
   * decimals sent as text).
   */
  functionArgument(a: Expression): string {
    return this.expr(a);
  }

  /** `RawSQL("… %s …", [value])`: the text as given, each `%s` a bound parameter, `%%` a `%`. */
  visitRaw(e: RawSqlNode): string {
    let i = 0;
    const sql = e.sql.replace(/%[%s]/g, (token) =>
      token === "%%" ? "%" : this.expr(e.params[i++]),
    );
    return `(${sql})`;
  }

  /** An aggregate's argument as written (MySQL makes AVG of integers a float average). */
  aggregateSource(_a: AggregateNode, sql: string): string {
    return sql;
  }

  /** An expression a lookup compares, as written (SQLite gives computed decimals NUMERIC affinity). */
  comparand(_e: Expression, sql: string): string {
    return sql;
  }

  /** A compiled window expression as selected or compared (SQLite gives decimal windows NUMERIC affinity). */
  windowResult(sql: string, _node: WindowNode): string {
    return sql;
  }

  /** The dialect's function table: name → writer. */
  functionTable(): Readonly<Record<string, FunctionWriter>> {
    return {};
  }

  visitCase(e: CaseExpression): string {
    const parts = ["CASE"];
    for (const w of e.whens) {
      const cond = this.condition(w.condition);
      if (cond === MATCH_NOTHING) continue;
      if (cond === MATCH_EVERYTHING) {
        parts.push(`ELSE ${this.caseResult(w.result, e)}`);
        return parts.length === 2 ? this.caseResult(w.result, e) : `${parts.join(" ")} END`;
      }
      parts.push(`WHEN ${cond} THEN ${this.caseResult(w.result, e)}`);
    }
    const otherwise = this.caseResult(e.defaultValue, e);
    if (parts.length === 1) return otherwise;
    parts.push(`ELSE ${otherwise}`, "END");
    return parts.join(" ");
  }

  /** A CASE branch value (PostgreSQL casts bound parameters to the CASE's type). */
  caseResult(result: Expression, _node: CaseExpression): string {
    return this.selectExpr(result);
  }

  visitExists(e: ExistsNode): string {
    const sql = `EXISTS(${this.withParamBase(e.paramOffset, () => this.subSelect(e.query))})`;
    return e.negated ? `NOT ${sql}` : sql;
  }

  // ---- conditions --------------------------------------------------------

  /** Compile a condition to SQL, or to "matches nothing/everything". */
  condition(e: Expression): Condition {
    if (e.kind === "nothing") return MATCH_NOTHING;
    if (e.kind === "where") return this.whereNode(e as WhereNode);
    if (e.kind === "lookup") return compileLookup(this, e as LookupNode);
    return this.expr(e);
  }

  /** A condition used as a value (CASE WHEN, SELECT list): never "nothing". */
  conditionSql(e: Expression): string {
    const c = this.condition(e);
    if (c === MATCH_NOTHING) return this.falseSql();
    if (c === MATCH_EVERYTHING) return this.trueSql();
    return c;
  }

  falseSql(): string {
    return "1 = 0";
  }

  trueSql(): string {
    return "1 = 1";
  }

  /** Django's WhereNode.as_sql, with values instead of exceptions. */
  whereNode(node: WhereNode): Condition {
    const parts: string[] = [];
    let fullNeeded = node.connector === "AND" ? node.children_.length : 1;
    let emptyNeeded = node.connector === "AND" ? 1 : node.children_.length;
    for (const child of node.children_) {
      const c = this.condition(child);
      if (c === MATCH_NOTHING) emptyNeeded--;
      else if (c === MATCH_EVERYTHING || c === "") fullNeeded--;
      else parts.push(c);
      if (emptyNeeded === 0) return node.negated ? MATCH_EVERYTHING : MATCH_NOTHING;
      if (fullNeeded === 0) return node.negated ? MATCH_NOTHING : MATCH_EVERYTHING;
    }
    if (parts.length === 0) return MATCH_EVERYTHING;
    let sql = parts.join(` ${node.connector} `);
    if (node.negated) sql = `NOT (${sql})`;
    else if (parts.length > 1) sql = `(${sql})`;
    return sql;
  }

  // ---- ordering ----------------------------------------------------------

  /** One ORDER BY term (two when NULLS placement is emulated). */
  orderTerm(o: OrderBy, exprSql?: string): string[] {
    const sql = exprSql ?? this.expr(o.expression);
    const dir = o.descending ? "DESC" : "ASC";
    const f = this.dialect.features;
    const naturalNullsFirst = f.nullsFirstInAscending !== o.descending;
    const wantFirst = o.nullsFirst && !naturalNullsFirst;
    const wantLast = o.nullsLast && naturalNullsFirst;
    if (!wantFirst && !wantLast) return [`${sql} ${dir}`];
    if (f.supportsNullsOrdering) return [`${sql} ${dir} NULLS ${wantFirst ? "FIRST" : "LAST"}`];
    // The expression appears twice: compile it again so positional parameters bind twice.
    const again = exprSql ?? this.expr(o.expression);
    return [`${sql} IS ${wantFirst ? "NOT NULL" : "NULL"}`, `${again} ${dir}`];
  }

  /** The right-hand side of `x IN (subquery)`. */
  inSubquery(node: SubqueryNode): string {
    return this.withParamBase(node.paramOffset, () => `(${this.subSelect(node.query)})`);
  }

  /** An expression in a SELECT list (conditions need wrapping on some dialects). */
  selectExpr(e: Expression): string {
    return e.conditional && e.kind !== "exists" ? this.conditionSql(e) : this.expr(e);
  }

  /** Compile a nested SELECT (its tables get the next alias prefix). */
  abstract subSelect(q: Query): string;
}

export type FunctionWriter = (
  args: string[],
  node: FuncNode,
  compiler: ExpressionCompiler,
) => string;
