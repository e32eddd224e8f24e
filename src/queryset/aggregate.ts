import { getDatabase } from "../db/database.js";
import { AggregateNode } from "../expressions/aggregates.js";
import { Expression } from "../expressions/node.js";
import { expressionSignature } from "../expressions/signature.js";
import { emptyAggregateResult, planAggregate } from "../query/aggregation.js";
import { ParamBag } from "../query/params.js";
import type { Query } from "../query/query.js";
import type { QuerySetState } from "./queryset.js";
import type { RowShape } from "./row-shapes.js";
import { runAggregate } from "./run.js";

/**
 * The `{ name: expression }` of annotate()/alias()/aggregate() arguments:
 * objects as given, positional aggregates under Django's default alias
 * (`Count("authors")` → `authors__count`), in argument order.
 */
export function namedExpressions(
  method: string,
  args: ReadonlyArray<Record<string, Expression> | Expression>,
): Record<string, Expression> {
  const out: Record<string, Expression> = {};
  const bad: string[] = [];
  for (const arg of args) {
    if (arg instanceof Expression) {
      if (!(arg instanceof AggregateNode)) {
        throw new TypeError(
          `Complex ${method === "aggregate" ? "aggregates" : "annotations"} require an alias`,
        );
      }
      const name = arg.defaultAlias;
      if (name in out) {
        throw new TypeError(
          `The named annotation '${name}' conflicts with the default name for another annotation.`,
        );
      }
      out[name] = arg;
      continue;
    }
    for (const [name, e] of Object.entries(arg)) {
      if (!(e instanceof Expression)) bad.push(`${name}=${String(e)}`);
      out[name] = e;
    }
  }
  if (bad.length) {
    throw new TypeError(`QuerySet.${method}() received non-expression(s): ${bad.join(", ")}.`);
  }
  return out;
}

interface AggregatePlan {
  readonly outer: Query;
  /** Values the aggregate arguments bound, after the QuerySet's own parameters. */
  readonly extra: readonly unknown[];
  readonly empty: readonly unknown[] | null;
  readonly shape: RowShape;
}

/** Plans per query shape and argument signature (a loop of the same aggregate() plans once). */
const plans = new WeakMap<Query, Map<string, AggregatePlan>>();
const MAX_PLANS_PER_QUERY = 32;

function planFor(state: QuerySetState, aggregates: Record<string, Expression>): AggregatePlan {
  const key = expressionSignature(aggregates);
  let byKey = plans.get(state.query);
  const hit = byKey?.get(key);
  if (hit) return hit;
  const bag = new ParamBag(state.params);
  const outer = planAggregate(state.query, aggregates, bag);
  const plan: AggregatePlan = {
    outer,
    extra: bag.values.slice(state.params.length),
    empty: emptyAggregateResult(outer),
    shape: { kind: "values", names: (outer.select ?? []).map((s) => s.name) },
  };
  if (!byKey || byKey.size >= MAX_PLANS_PER_QUERY) {
    byKey = new Map();
    plans.set(state.query, byKey);
  }
  byKey.set(key, plan);
  return plan;
}

/** aggregate(): plan the summarising query over this QuerySet's rows, run it, return one object. */
export async function runAggregateOf(
  state: QuerySetState,
  alias: string,
  aggregates: Record<string, Expression>,
): Promise<Record<string, unknown>> {
  if (Object.keys(aggregates).length === 0) return {};
  const plan = planFor(state, aggregates);
  const params = plan.extra.length ? [...state.params, ...plan.extra] : state.params;
  const db = getDatabase(alias);
  return runAggregate(db, plan.outer, params, plan.empty, plan.shape);
}
