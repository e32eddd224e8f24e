import { FieldError } from "../errors.js";
import type { AggregateNode } from "../expressions/aggregates.js";
import { CaseExpression, WhenClause } from "../expressions/case.js";
import {
  CombinedExpression,
  ExpressionWrapperNode,
  type ValueNode,
} from "../expressions/combinable.js";
import type { CteColumnExpression } from "../expressions/cte-column.js";
import type { FExpression, OuterRefExpression } from "../expressions/f.js";
import type { FuncNode } from "../expressions/func.js";
import { RawSqlNode } from "../expressions/functions/raw.js";
import type { Expression } from "../expressions/node.js";
import type { OrderBy } from "../expressions/order-by.js";
import { outputFieldOf } from "../expressions/output.js";
import {
  combinedOutputField,
  commonOutputField,
  fieldForValue,
} from "../expressions/output-types.js";
import { QNode } from "../expressions/q.js";
import {
  BoundValue,
  Col,
  ExistsNode,
  OuterCol,
  Ref,
  type SubqueryNode,
  WhereNode,
} from "../expressions/resolved.js";
import type { ExistsExpression, SubqueryExpression } from "../expressions/subquery.js";
import type { SubqueryAggregateExpression } from "../expressions/subquery-aggregate.js";
import type { WindowNode } from "../expressions/window.js";
import { isWindowFunction } from "../expressions/window-functions.js";
import type { Field } from "../models/fields/field.js";
import type { ModelMeta } from "../models/meta.js";
import { annotationPrefix } from "./annotation-ref.js";
import { cteColumn } from "./cte.js";
import { embedQuery } from "./embed.js";
import { buildQ } from "./filter.js";
import type { JoinDraft } from "./joins.js";
import { isLookupOrTransform, TRANSFORMS } from "./lookups.js";
import type { ParamBag } from "./params.js";
import { namesToPath, trimmableSteps } from "./path.js";
import { planExists } from "./plan.js";
import type { Annotation, Query } from "./query.js";
import { resolveAggregate, resolveFunc } from "./resolve-call.js";
import { resolveSubqueryAggregate } from "./resolve-subquery-aggregate.js";
import { resolveWindow } from "./resolve-window.js";
import { subqueryNode } from "./subquery.js";
import { isQuerySource } from "./subquery-source.js";

/**
 * Where names resolve while one updater runs: the query's tables (a working
 * copy), its annotations, which multi-valued joins may be reused, and the
 * enclosing query for OuterRef.
 */
export interface Scope {
  readonly draft: JoinDraft;
  readonly meta: ModelMeta;
  readonly annotations: ReadonlyMap<string, Annotation>;
  /** Multi-valued joins reusable here (one filter() call); null reuses any. */
  readonly reuse: Set<number> | null;
  readonly allowJoins: boolean;
  readonly outer: Scope | null;
  /** Joins touched while resolving the current condition (join-promotion votes). */
  used: Set<number>;
  /** The parameter list values are bound into. */
  readonly params: ParamBag;
  /**
   * aggregate(): annotation names resolve to references to the inner
   * query's columns (Django's summarize), not to their expressions.
   */
  readonly summarize?: boolean;
}

/**
 * A fresh resolution scope over `q`. By default it reuses any existing join
 * (Django's reuse=None: annotations, ordering and values see the joins filters made).
 */
export function queryScope(
  q: Query,
  draft: JoinDraft,
  params: ParamBag,
  options: {
    reuse?: Set<number> | null;
    allowJoins?: boolean;
    outer?: Scope | null;
    annotations?: ReadonlyMap<string, Annotation>;
    summarize?: boolean;
  } = {},
): Scope {
  return {
    draft,
    meta: q.meta,
    annotations: options.annotations ?? q.annotations,
    reuse: options.reuse ?? null,
    allowJoins: options.allowJoins ?? true,
    outer: options.outer ?? null,
    used: new Set(),
    params,
    summarize: options.summarize ?? false,
  };
}

export interface ResolvedPath {
  col: Col;
  /** Names after the field path: transforms and the lookup. */
  rest: string[];
  /** Joins on the path, base excluded, after trimming. */
  joins: number[];
}

/**
 * Resolve a field path (`customer__email`, `pk`, `customerId`) into a column,
 * adding the joins it needs. Trailing direct joins whose column is already on
 * the previous table are not added (`customer__id` reads orders.customer_id).
 */
export function resolvePath(
  scope: Scope,
  names: readonly string[],
  allowTransforms: boolean,
): ResolvedPath {
  const path = namesToPath(scope.meta, names, scope.annotations.keys());
  if (path.rest.length && path.endsOnRelation !== null && !isLookupOrTransform(path.rest[0])) {
    // `customer__nmae`: the name after a relation is neither field nor lookup: list the related model's fields.
    path.meta.memberOrThrow(path.rest[0]);
  }

  if (!allowTransforms && path.rest.length) {
    throw new FieldError(
      `Cannot resolve keyword '${path.rest[0]}' into field on ${path.meta.name}. Join on '${names[names.length - path.rest.length - 1]}' not permitted.`,
    );
  }
  const { keep, target } = trimmableSteps(path.steps, path.final);
  if (keep > 0 && !scope.allowJoins)
    throw new FieldError("Joined field references are not permitted in this query");
  const joins = scope.draft.joinPath(0, path.steps.slice(0, keep), scope.reuse);
  for (const j of joins) {
    scope.used.add(j);
    scope.reuse?.add(j);
  }
  const source = joins.length ? joins[joins.length - 1] : 0;
  const output = outputForPath(
    path.final,
    target,
    path.endsOnRelation !== null && keep < path.steps.length,
  );
  return { col: new Col(source, target, output), rest: path.rest, joins };
}

/** A trimmed path ending on a relation reads as that relation's foreign key. */
function outputForPath(final: Field, target: Field, trimmedRelation: boolean): Field {
  return trimmedRelation ? target : final === target ? target : final;
}

/** Resolve `F("a__b__year")` style references: a path, then transforms. */
export function resolveFieldRef(scope: Scope, name: string): Expression {
  const parts = name.split("__");
  const found = annotationPrefix(scope.annotations, parts);
  if (found && scope.summarize) {
    const { name: alias, annotation, rest } = found;
    if (!annotation.selected) {
      throw new FieldError(
        `Cannot aggregate over the '${alias}' alias. Use annotate() to promote it.`,
      );
    }
    const ref = new Ref(alias, annotation.expression, outputFieldOf(annotation.expression));
    return applyTransforms(ref, rest);
  }
  if (found) return applyTransforms(found.annotation.expression, found.rest);
  const { col, rest } = resolvePath(scope, parts, true);
  return applyTransforms(col, rest);
}

function applyTransforms(e: Expression, names: readonly string[]): Expression {
  let out = e;
  for (const n of names) {
    const t = TRANSFORMS[n];
    const kind = outputFieldOf(out)?.valueKind;
    if (!t || !kind || !t.appliesTo.includes(kind)) {
      throw new FieldError(
        `Cannot resolve expression type for transform '${n}' on ${outputFieldOf(out)?.internalType ?? "expression"}`,
      );
    }
    out = t.build(out, kind);
  }
  return out;
}

/**
 * Resolve an expression tree against the query (Django's resolve_expression):
 * F → column (with joins), OuterRef → column of the enclosing query, Value →
 * bound value with an output field, arithmetic → typed node.
 */
export function resolveExpression(e: Expression, scope: Scope): Expression {
  switch (e.kind) {
    case "F":
      return resolveFieldRef(scope, (e as FExpression).name);
    case "outerRef": {
      const { levels, name } = (e as OuterRefExpression).target;
      let target: Scope | null = scope;
      for (let i = 0; i < levels; i++) target = target?.outer ?? null;
      if (!target) {
        if (!scope.outer) return e; // resolved when this query is embedded as a subquery
        throw new FieldError(
          `OuterRef('${name}') reaches ${levels} level(s) out, but the query is nested less deeply`,
        );
      }
      const inner = resolveFieldRef(target, name);
      if (!(inner instanceof Col)) {
        throw new FieldError(`OuterRef('${name}') must name a field of the outer query`);
      }
      return new OuterCol(levels, inner.source, inner.target, inner.outputField);
    }
    case "value": {
      if (e instanceof BoundValue) return e;
      const v = e as ValueNode;
      return scope.params.bindConstant(v.value, v.explicitOutput ?? fieldForValue(v.value));
    }
    case "combined": {
      const c = e as CombinedExpression;
      if (c.outputField) return c;
      const lhs = resolveExpression(c.lhs, scope);
      const rhs = resolveExpression(c.rhs, scope);
      const out = c.explicitOutput ?? combinedOutputField(c.op, nullAware(lhs), nullAware(rhs));
      return new CombinedExpression(lhs, c.op, rhs, c.explicitOutput, out);
    }
    case "wrapper": {
      const w = e as ExpressionWrapperNode;
      return new ExpressionWrapperNode(resolveExpression(w.expression, scope), w.explicitOutput);
    }
    case "orderBy": {
      const o = e as OrderBy;
      return o.withExpression(resolveExpression(o.expression, scope));
    }
    case "case":
      return resolveCase(e as CaseExpression, scope);
    case "func":
      // RowNumber(), Lag(…) exist only over a window (resolveWindow resolves them there).
      if (isWindowFunction(e) && !(e as FuncNode).typed) throw windowOnly(e as FuncNode);
      return resolveFunc(e as FuncNode, scope);
    case "aggregate":
      return resolveAggregate(e as AggregateNode, scope);
    case "raw": {
      const r = e as RawSqlNode;
      if (r.typed) return r;
      const params = r.params.map((p) => resolveExpression(p, scope));
      return new RawSqlNode(r.sql, params, r.explicitOutput, true);
    }
    case "window":
      return resolveWindow(e as WindowNode, scope);
    case "subqueryExpr": {
      const s = e as SubqueryExpression;
      const { query, offset } = embedQuery(s.source, scope);
      return subqueryNode(query, offset, s.explicitOutput);
    }
    case "cteCol":
      return resolveCteColumn(e as CteColumnExpression, scope);
    case "subqueryAggregate":
      return resolveSubqueryAggregate(e as SubqueryAggregateExpression, scope);
    case "existsExpr": {
      const x = e as ExistsExpression;
      const { query, offset } = embedQuery(x.source, scope);
      return new ExistsNode(planExists(query), x.negated, offset);
    }
    case "Q": {
      // A condition used as a value: its joins must not remove rows (Django promotes them).
      // Django's Q.resolve_expression promotes every join the condition used.
      const inner = scope.draft.innerJoins();
      const scoped = { ...scope, used: new Set<number>() };
      const built = buildQ(e as QNode, scoped, false, false);
      scope.draft.promote([...scope.draft.sources.keys()].filter((i) => i > 0 && !inner.has(i)));
      return built.clause ?? new WhereNode([]);
    }
    default:
      return e;
  }
}

function windowOnly(e: FuncNode): TypeError {
  return new TypeError(
    `${e.name}() is a window function: use it as the expression of a Window(), ` +
      `e.g. Window({ expression: ${e.name}(…), orderBy: … }).`,
  );
}

function resolveCase(c: CaseExpression, scope: Scope): CaseExpression {
  if (c.outputField) return c;
  const whens = c.whens.map((w) => {
    const condition = resolveExpression(
      w.condition instanceof QNode ? w.condition : w.condition,
      scope,
    );
    const result = resolveExpression(w.result, scope);
    return Object.assign(Object.create(WhenClause.prototype), { condition, result }) as WhenClause;
  });
  const otherwise = resolveExpression(c.defaultValue, scope);
  const sources = [...whens.map((w) => w.result), otherwise].filter(
    (x) => !(x instanceof BoundValue && x.value === null),
  );
  const out = c.explicitOutput ?? commonOutputField(sources.map(outputFieldOf));
  return new CaseExpression(whens, otherwise, c.explicitOutput, out);
}

/** NULL operands (Value(null)) have no type; others must. */
function nullAware(e: Expression): Field | undefined {
  const f = outputFieldOf(e);
  if (!f && !(e instanceof BoundValue && e.value === null)) {
    throw new FieldError(
      "Cannot resolve expression type, unknown output field. You must set outputField.",
    );
  }
  return f;
}

/** Turn a QuerySet-like value into a subquery node (its pk, unless values() chose a column). */
export function subqueryFrom(value: unknown, scope: Scope): SubqueryNode | undefined {
  if (!isQuerySource(value)) return undefined;
  const { query, offset } = embedQuery(value, scope);
  return subqueryNode(query, offset);
}

/** `cte.col("depth")`: the column of the FROM entry (base or join) that reads that CTE. */
function resolveCteColumn(e: CteColumnExpression, scope: Scope): Col {
  const index = scope.draft.sources.findIndex((s) => s.cte?.name === e.cte);
  if (index < 0) {
    throw new FieldError(
      `CTE '${e.cte}' is not read by this query on ${scope.meta.name}; join it with joinCte() or read it with fromCte() first.`,
    );
  }
  const column = cteColumn(scope.draft.sources[index].cte!, e.column);
  return new Col(index, column.field, column.field);
}
