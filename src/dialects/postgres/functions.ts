import type { FunctionWriter } from "../../compiler/compiler.js";
import { argumentType, isText } from "../function-args.js";
import { postgresDatetimeFunctions } from "./datetime-functions.js";

/**
 * PostgreSQL's function table. Most functions are written `SQL(args…)`;
 * bound values among the arguments are typed by the compiler
 * (`SUBSTRING(x, $1::integer)`), as PostgreSQL cannot infer them there.
 */
export const postgresFunctions: Record<string, FunctionWriter> = {
  Cast: ([x], node, c) => {
    const field = node.outputField!;
    return `(${x})::${c.dialect.castType(field.internalType, field)}`;
  },
  /** `||` with every argument as text and NULL as '' (Django's ConcatPair on PostgreSQL). */
  Concat: (args, node) =>
    `(${args
      .map((a, i) => `COALESCE(${isText(node.args[i]) ? a : `(${a})::text`}, '')`)
      .join(" || ")})`,
  /** ROUND(double precision, integer) does not exist: round floats as numeric (Django's FixDecimalInputMixin). */
  Round: ([x, precision], node) =>
    argumentType(node.args[0]) === "FloatField"
      ? `ROUND((${x})::numeric, ${precision})`
      : `ROUND(${x}, ${precision})`,
  ...postgresDatetimeFunctions,
};
