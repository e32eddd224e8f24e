import { FieldError } from "../errors.js";
import type { AggregateNode } from "../expressions/aggregates.js";
import { ValueNode } from "../expressions/combinable.js";
import { FExpression } from "../expressions/f.js";
import { FuncNode } from "../expressions/func.js";
import { COALESCE } from "../expressions/functions/comparison.js";
import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import { commonOutputField, isSubtype, outputFieldOfType } from "../expressions/output-types.js";
import type { Field } from "../models/fields/field.js";
import { resolveExpression, type Scope } from "./resolve.js";

/** Resolve a function call: type its arguments, check its arity, infer its output field. */
export function resolveFunc(node: FuncNode, scope: Scope): FuncNode {
  if (node.typed) return node;
  const spec = node.spec;
  if (!spec) throw new Error(`Internal error: function ${node.name} has no spec`);
  const n = node.args.length;
  if (n < spec.minArgs || n > spec.maxArgs) {
    const wanted =
      spec.minArgs === spec.maxArgs
        ? `exactly ${spec.minArgs}`
        : spec.maxArgs === Number.POSITIVE_INFINITY
          ? `at least ${spec.minArgs}`
          : `${spec.minArgs} to ${spec.maxArgs}`;
    const noun = spec.maxArgs === 1 ? "argument" : "arguments";
    throw new TypeError(`'${node.name}' takes ${wanted} ${noun} (${n} given)`);
  }
  const args = node.args.map((a) => resolveExpression(a, scope));
  const draft = new FuncNode(
    node.name,
    args,
    undefined,
    node.options,
    true,
    node.explicitOutput,
    spec,
  );
  const output =
    node.explicitOutput ??
    (spec.output ? spec.output(args, draft) : commonOutputField(args.map(outputFieldOf)));
  const extra = spec.finish?.(args, output, draft);
  const options = extra ? { ...node.options, ...extra } : node.options;
  return new FuncNode(node.name, args, output, options, true, node.explicitOutput, spec);
}

/** How an aggregate's source reads in an error: `'n'` for F("n"), the kind otherwise. */
function sourceName(e: Expression): string {
  return e instanceof FExpression ? e.name : e.constructor.name;
}

/**
 * Resolve an aggregate (Django's Aggregate.resolve_expression): its source
 * (which may not itself aggregate), its filter condition, its output field,
 * and `default`, which wraps it in COALESCE(aggregate, default).
 */
export function resolveAggregate(node: AggregateNode, scope: Scope): Expression {
  if (node.typed) return node;
  const source = node.source.kind === "star" ? node.source : resolveExpression(node.source, scope);
  if (source.containsAggregate) {
    const name = sourceName(node.source);
    throw new FieldError(`Cannot compute ${node.fn}('${name}'): '${name}' is an aggregate`);
  }
  if (source.containsWindow) {
    // SUM(ROW_NUMBER() OVER …) is invalid SQL; aggregate() over a window annotation wraps a subquery instead.
    const name = sourceName(node.source);
    throw new FieldError(
      `Cannot compute ${node.fn}('${name}'): '${name}' is a window function. ` +
        `Annotate the window, then aggregate over it: annotate({ w: Window(…) }).aggregate({ x: ${node.fn}("w") }).`,
    );
  }
  const filter = node.filter ? resolveExpression(node.filter, scope) : null;
  if (filter?.containsAggregate) {
    throw new FieldError(`The filter of ${node.fn}() cannot refer to an aggregate`);
  }
  const output = node.explicitOutput ?? aggregateOutput(node, source);
  const resolved = node.with({
    source,
    filter,
    defaultValue: null,
    outputField: output,
    typed: true,
  });
  if (!node.defaultValue) return resolved;
  // Django binds a plain default as Value(default, output_field=the aggregate's).
  const d = node.defaultValue;
  const fallback =
    d instanceof ValueNode && !d.explicitOutput
      ? scope.params.bindConstant(d.value, output)
      : resolveExpression(d, scope);
  return new FuncNode("Coalesce", [resolved, fallback], output, {}, true, undefined, COALESCE);
}

/** Django's output field rules per aggregate. */
function aggregateOutput(node: AggregateNode, source: Expression): Field | undefined {
  if (node.fn === "Count") return outputFieldOfType("IntegerField");
  const field = outputFieldOf(source);
  if (node.fn === "Avg" || node.fn === "StdDev" || node.fn === "Variance") {
    // NumericOutputFieldMixin: decimals stay decimal, integers average to floats.
    if (!field) return outputFieldOfType("FloatField");
    const t =
      field.internalType === "ForeignKey" || field.internalType === "OneToOneField"
        ? "IntegerField"
        : field.internalType;
    if (isSubtype(t, "DecimalField")) return outputFieldOfType("DecimalField");
    if (isSubtype(t, "IntegerField")) return outputFieldOfType("FloatField");
    return field;
  }
  if (!field) {
    throw new FieldError(
      `Cannot resolve expression type of ${node.fn}(${sourceName(node.source)}), unknown output field. You must set outputField.`,
    );
  }
  return field;
}
