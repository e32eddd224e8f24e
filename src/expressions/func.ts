import type { Field } from "../models/fields/field.js";
import { Combinable, type Operand, toExpression } from "./combinable.js";
import { FExpression } from "./f.js";
import { Expression, type ExprKind } from "./node.js";

/**
 * What Tango knows of a SQL function, as data (Django's Func attributes):
 * how many arguments it takes and how its output type follows from theirs.
 * How it is written is the dialect's business: its function table may hold
 * an entry by `name`; otherwise it is written `SQL(arg, …)`.
 */
export interface FunctionSpec {
  /** Tango's (Django's) name; the key of the dialects' function tables. */
  readonly name: string;
  /** The SQL function name used when the dialect's table has no entry. */
  readonly sql: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * The output field from the resolved arguments (Django's
   * _resolve_output_field); undefined uses the default rule: every typed
   * argument must be of the first one's type ("mixed types" otherwise).
   */
  readonly output?: (args: readonly Expression[], node: FuncNode) => Field | undefined;
  /**
   * Check the typed call (Django's resolve_expression checks: Extract of a
   * text field is an error) and return options for the dialect writers that
   * depend on the arguments (Extract's input kind). Runs after `output`.
   */
  readonly finish?: (
    args: readonly Expression[],
    output: Field | undefined,
    node: FuncNode,
  ) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * A SQL function call. User code builds unresolved nodes (`Lower("name")`);
 * resolution types the arguments and sets the output field. Tango's own
 * lookups and transforms build resolved nodes directly.
 */
export class FuncNode<T = unknown> extends Combinable<T> {
  readonly kind: ExprKind = "func";
  constructor(
    readonly name: string,
    readonly args: readonly Expression[],
    readonly outputField: Field | undefined,
    readonly options: Readonly<Record<string, unknown>> = {},
    /** false until query/resolve.ts has typed it. */
    readonly typed = true,
    override readonly explicitOutput?: Field,
    /** Arity, output rule and default SQL name (public functions; internal nodes have none). */
    readonly spec?: FunctionSpec,
  ) {
    super();
    Object.freeze(this);
  }
  override children(): readonly Expression[] {
    return this.args;
  }
  override get isResolved(): boolean {
    return this.typed && super.isResolved;
  }
}

/** A function argument: a field name (as F), an expression, or a plain value (as Value). */
export type FuncArg = string | Operand;

/** Django's _parse_expressions: strings name fields, other plain values are literals. */
export function toArgument(a: FuncArg): Expression {
  if (typeof a === "string") return new FExpression(a);
  return a instanceof Expression ? a : toExpression(a);
}

/** An unresolved call of a function (what the public factories return). */
export function callFunction<T = unknown>(
  spec: FunctionSpec,
  args: readonly FuncArg[],
  options: { outputField?: Field } & Record<string, unknown> = {},
): FuncNode<T> {
  const { outputField, ...rest } = options;
  return new FuncNode<T>(
    spec.name,
    args.map(toArgument),
    undefined,
    rest,
    false,
    outputField,
    spec,
  );
}
