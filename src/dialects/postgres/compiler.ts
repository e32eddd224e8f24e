import { Compiler, type FunctionWriter } from "../../compiler/compiler.js";
import type { CaseExpression } from "../../expressions/case.js";
import type { Expression } from "../../expressions/node.js";
import type { Query } from "../../query/query.js";
import { boundValue } from "../function-args.js";
import { valueField } from "../values.js";
import { postgresFunctions } from "./functions.js";

const INT4_MAX = 2_147_483_647;

export class PostgresCompiler extends Compiler {
  override functionTable(): Readonly<Record<string, FunctionWriter>> {
    return postgresFunctions;
  }

  /**
   * A bound value in a function call has no type PostgreSQL can infer
   * (`SUBSTRING(x, $1)` would pick the regular-expression form, and
   * `GREATEST($1, $2)` compares text): write its type, as Django's
   * client-side binding does by writing the literal.
   */
  override functionArgument(a: Expression): string {
    return this.typedParameter(a, super.functionArgument(a));
  }

  /** `$n::type` for a compiled bound value whose field is known; other SQL as is. */
  private typedParameter(a: Expression, sql: string): string {
    const bound = boundValue(a);
    if (!bound?.field || !sql.startsWith("$")) return sql;
    const t = valueField(bound.field).internalType;
    const big = t === "IntegerField" && Math.abs(Number(bound.value)) > INT4_MAX;
    return `${sql}::${this.dialect.castType(big ? "BigIntegerField" : t)}`;
  }

  /**
   * A CTE column that is a bare parameter (`$1 AS "depth"`) would be text:
   * write the value's type. In a recursive CTE both members must give a
   * column the same type, and `varchar(20)` in the anchor is not the
   * `text` a concatenation gives in the step: computed text columns are
   * written as `text` in both.
   */
  override recursiveCteTextType = "text";

  override cteParameter(e: Expression, sql: string): string {
    return this.typedParameter(e, sql);
  }

  override distinctOn(fields: readonly Expression[]): string {
    return `DISTINCT ON (${fields.map((f) => this.expr(f)).join(", ")})`;
  }

  /** PostgreSQL types a CASE from its branches; a bare parameter would be text. */
  override caseResult(result: Expression, node: CaseExpression): string {
    const sql = super.caseResult(result, node);
    const field = node.outputField;
    if (result.kind === "value" && field && sql.startsWith("$"))
      return `${sql}::${this.dialect.castType(field.internalType, field)}`;
    return sql;
  }

  override limitClause(q: Query): string {
    if (q.high === null) return q.low ? `OFFSET ${q.low}` : "";
    return super.limitClause(q);
  }
}
