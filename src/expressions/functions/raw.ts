import type { Field } from "../../models/fields/field.js";
import { Combinable, type Operand, toExpression } from "../combinable.js";
import { Expression, type ExprKind } from "../node.js";
import type { OutputValue } from "./typing.js";

/**
 * A piece of SQL written by hand (Django's RawSQL). `%s` marks a parameter
 * (always bound, never written into the text) and `%%` a literal `%`. The
 * text is written in parentheses; its output field is unknown unless given,
 * so its values are read as the driver returns them.
 */
export class RawSqlNode<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "raw";
  constructor(
    readonly sql: string,
    readonly params: readonly Expression[],
    override readonly explicitOutput?: Field,
    /** false until query/resolve.ts has bound its parameters. */
    readonly typed = false,
  ) {
    super();
    Object.freeze(this);
  }
  get outputField(): Field | undefined {
    return this.explicitOutput;
  }
  override children(): readonly Expression[] {
    return this.params;
  }
  override get isResolved(): boolean {
    return this.typed && super.isResolved;
  }
}

/** How many `%s` placeholders the text holds (`%%` is an escaped `%`). */
function placeholderCount(sql: string): number {
  return (sql.match(/%[%s]/g) ?? []).filter((t) => t === "%s").length;
}

/**
 * Hand-written SQL as an expression, with bound parameters.
 *
 * ```ts
 * Book.objects.annotate({
 *   cheap: RawSQL("price < %s", [20], { outputField: f.boolean() }),
 * });
 * // SELECT …, (price < ?) AS "cheap" FROM "aggregation_book"   params: [20]
 * ```
 */
export function RawSQL<F extends Field>(
  sql: string,
  params: readonly unknown[],
  options: { outputField: F },
): RawSqlNode<OutputValue<F> | null>;
export function RawSQL<T = unknown>(
  sql: string,
  params?: readonly unknown[],
  options?: { outputField?: Field },
): RawSqlNode<T>;
export function RawSQL(
  sql: string,
  params: readonly unknown[] = [],
  options: { outputField?: Field } = {},
): RawSqlNode<unknown> {
  if (typeof sql !== "string") throw new TypeError("RawSQL() takes the SQL text as a string");
  const wanted = placeholderCount(sql);
  if (wanted !== params.length) {
    throw new TypeError(
      `RawSQL: the SQL has ${wanted} placeholder(s) (%s) but ${params.length} parameter(s) were given`,
    );
  }
  return new RawSqlNode(
    sql,
    params.map((p) => (p instanceof Expression ? p : toExpression(p as Operand))),
    options.outputField,
  );
}
