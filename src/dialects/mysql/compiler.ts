import { Compiler, type FunctionWriter } from "../../compiler/compiler.js";
import type { Condition } from "../../compiler/empty.js";
import type { AggregateNode } from "../../expressions/aggregates.js";
import type { ArithmeticOp, CombinedExpression } from "../../expressions/combinable.js";
import type { Expression } from "../../expressions/node.js";
import { outputFieldOf } from "../../expressions/output.js";
import type { SubqueryNode, WhereNode } from "../../expressions/resolved.js";
import { isDecimalValue } from "../function-args.js";
import { mysqlFunctions } from "./functions.js";

/** Characters a computed text column of a recursive CTE can hold on MySQL/MariaDB. */
export const RECURSIVE_TEXT_LENGTH = 4000;

const INTEGER_KINDS = new Set(["int", "bigint"]);

export class MysqlCompiler extends Compiler {
  /**
   * MySQL sizes a recursive CTE's columns from the anchor alone: a path
   * that grows past the anchor's varchar(20) fails ("Data too long") or is
   * cut. Computed text columns of recursive CTEs are widened in both
   * members (a longer value needs an explicit Cast in the anchor).
   */
  override recursiveCteTextType = `CHAR(${RECURSIVE_TEXT_LENGTH})`;

  override functionTable(): Readonly<Record<string, FunctionWriter>> {
    return mysqlFunctions;
  }

  /**
   * Decimals are bound as text, and GREATEST/LEAST compare a mix of numbers
   * and text as text: make a decimal value a number again.
   */
  override functionArgument(a: Expression): string {
    const sql = super.functionArgument(a);
    return isDecimalValue(a) ? `CAST(${sql} AS DECIMAL(65, 30))` : sql;
  }

  /** MySQL's `/` of two integers yields a decimal; Django's other backends (and the output type) say integer: use DIV. */
  override combine(op: ArithmeticOp, lhs: string, rhs: string, node: CombinedExpression): string {
    if (op === "^") return `POW(${lhs}, ${rhs})`;
    if (op === "/") {
      const l = outputFieldOf(node.lhs);
      const r = outputFieldOf(node.rhs);
      const lInt = l
        ? INTEGER_KINDS.has(l.valueKind)
        : typeof (node.lhs as { value?: unknown }).value === "number";
      const rInt = r
        ? INTEGER_KINDS.has(r.valueKind)
        : Number.isInteger((node.rhs as { value?: unknown }).value);
      if (lInt && rInt) return `(${lhs} DIV ${rhs})`;
    }
    return super.combine(op, lhs, rhs, node);
  }

  /**
   * MySQL's AVG of integers is a DECIMAL rounded to 4 places
   * (div_precision_increment); Django reads it as a float. Average the
   * values as doubles, so the float is the exact mean as on the other databases.
   */
  override aggregateSource(a: AggregateNode, sql: string): string {
    const input = outputFieldOf(a.source);
    if (a.fn === "Avg" && input && INTEGER_KINDS.has(input.valueKind))
      return `CAST(${sql} AS DOUBLE)`;
    return sql;
  }

  private inWrite = false;

  /** MySQL cannot read the UPDATE/DELETE target in a subquery (error 1093), nor LIMIT inside IN (…): a derived table can. */
  override writeCondition(where: WhereNode): Condition {
    this.inWrite = true;
    try {
      return super.writeCondition(where);
    } finally {
      this.inWrite = false;
    }
  }

  override inSubquery(node: SubqueryNode): string {
    const q = node.query;
    const sliced = q.low !== 0 || q.high !== null;
    if (!this.inWrite && !sliced) return super.inSubquery(node);
    return this.withParamBase(
      node.paramOffset,
      () => `(SELECT * FROM (${this.subSelect(q)}) subquery)`,
    );
  }

  override insertVerb(ignoreConflicts: boolean): string {
    return ignoreConflicts ? "INSERT IGNORE INTO" : "INSERT INTO";
  }

  override insertConflictClause(): string {
    return "";
  }

  override insertDefaultValues(): string {
    return "() VALUES ()";
  }

  override noLimitValue(): string {
    return "18446744073709551615";
  }
}
