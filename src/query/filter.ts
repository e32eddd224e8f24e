import { FieldError } from "../errors.js";
import { describeExpression } from "../expressions/describe.js";
import { FExpression, OuterRef } from "../expressions/f.js";
import { Expression } from "../expressions/node.js";
import { type QChild, QNode } from "../expressions/q.js";
import { Col, ExistsNode, LookupNode, OuterCol, WhereNode } from "../expressions/resolved.js";
import type { ModelMeta } from "../models/meta.js";
import { annotationPrefix } from "./annotation-ref.js";
import { JoinDraft, JoinPromoter } from "./joins.js";
import { buildLookup, isLookupOrTransform, type RhsResolver } from "./lookups.js";
import type { ParamBag } from "./params.js";
import { namesToPath } from "./path.js";
import { emptyQuery, type Query, withChanges } from "./query.js";
import { queryScope, resolveExpression, resolvePath, type Scope, subqueryFrom } from "./resolve.js";

type Built = { clause: Expression | null; needInner: Set<number> };

const NONE = new Set<number>();

/**
 * Return the query with `q` ANDed into WHERE (Django's add_q). `q` is
 * resolved now, so an unknown name throws FieldError at the filter() call.
 * One call is one join-reuse scope (see JoinDraft).
 */
export function withFilter(
  query: Query,
  q: QNode,
  params: ParamBag,
  outer: Scope | null = null,
): Query {
  if (q.isEmpty) return query;
  const draft = new JoinDraft(query.sources);
  const existingInner = draft.innerJoins();
  // Multi-valued joins are reused only within one filter() call (Django's sticky filter rules).
  const scope = queryScope(query, draft, params, { reuse: new Set(), outer });
  const { clause } = buildQ(q, scope, false, false);
  if (clause?.containsAggregate && query.groupBy === null) throw aggregateInFilter(q);
  draft.demote(existingInner);
  if (!clause) return withChanges(query, { sources: draft.freeze() });
  return withChanges(query, { sources: draft.freeze(), where: query.where.and(clause) });
}

/** Build one Q level: children, then join promotion by votes (Django's _add_q). */
export function buildQ(
  q: QNode,
  scope: Scope,
  branchNegatedIn: boolean,
  currentNegatedIn: boolean,
): Built {
  const currentNegated = currentNegatedIn !== q.negated;
  const branchNegated = branchNegatedIn || q.negated;
  const promoter = new JoinPromoter(q.connector, q.children_.length, currentNegated);
  const children: Expression[] = [];
  for (const child of q.children_) {
    const built = buildChild(child, scope, branchNegated, currentNegated);
    promoter.addVotes(built.needInner);
    if (built.clause) children.push(built.clause);
  }
  const needInner = promoter.apply(scope.draft);
  if (children.length === 0) return { clause: null, needInner };
  return { clause: new WhereNode(children, q.connector, q.negated), needInner };
}

function buildChild(
  child: QChild,
  scope: Scope,
  branchNegated: boolean,
  currentNegated: boolean,
): Built {
  if (child instanceof QNode) return buildQ(child, scope, branchNegated, currentNegated);
  if (!Array.isArray(child)) {
    const e = child as Expression;
    if (!e.conditional) throw new FieldError("Cannot filter against a non-conditional expression.");
    const resolved = resolveExpression(e, scope);
    return { clause: resolved, needInner: NONE };
  }
  const [key, value] = child as readonly [string, unknown];
  return buildKeyFilter(key, value, scope, branchNegated, currentNegated);
}

function rhsResolver(scope: Scope): RhsResolver {
  return {
    expression: (v) => resolveExpression(v, scope),
    subquery: (v) => subqueryFrom(v, scope),
    bind: (raw, field, clean) => scope.params.bind(raw, field, clean),
  };
}

/** One `key=value` condition (Django's build_filter). */
function buildKeyFilter(
  key: string,
  value: unknown,
  scope: Scope,
  branchNegated: boolean,
  currentNegated: boolean,
): Built {
  if (!key) throw new FieldError("Cannot parse an empty filter keyword");
  // Parameters remember which condition value they came from (a split-exclude's inner filter shares the outer's).
  if (scope.outer === null) scope.params.nextLeaf();
  const parts = key.split("__");
  const ref = annotationPrefix(scope.annotations, parts);
  if (ref) {
    const condition = buildLookup(ref.rest, ref.annotation.expression, value, rhsResolver(scope));
    return { clause: condition, needInner: NONE };
  }

  scope.used = new Set();
  if (branchNegated && crossesMultiValued(scope.meta, parts)) {
    return splitExclude(key, value, scope);
  }
  const resolver = rhsResolver(scope);
  const { col, rest, joins } = resolvePath(scope, parts, true);
  const condition = buildLookup(rest, col, value, resolver);
  const used = new Set([...scope.used, ...joins]);
  const lookup = condition.lookupName;
  let clause: Expression = condition;
  let requireOuter = lookup === "isnull" && condition.rhs === true && !currentNegated;
  if (currentNegated && (lookup !== "isnull" || condition.rhs === false) && value !== null) {
    requireOuter = true;
    if (lookup !== "isnull") {
      // NOT (col = v) is unknown for NULL col; Django's Python-like semantics
      // keep such rows: NOT (col = v AND col IS NOT NULL).
      const lastJoin = joins.length ? scope.draft.sources[joins[joins.length - 1]].join : null;
      if (col.target.nullable || lastJoin?.type === "LEFT") {
        const inHasNull = lookup === "in" && Array.isArray(value) && value.some((v) => v === null);
        clause = inHasNull
          ? new WhereNode([condition, new LookupNode("isnull", col, true)], "OR")
          : new WhereNode([condition, new LookupNode("isnull", col, false)], "AND");
      }
      const rhs = condition.rhs;
      if (rhs instanceof Col && rhs.target.nullable) {
        clause = (clause instanceof WhereNode ? clause : new WhereNode([clause])).and(
          new LookupNode("isnull", rhs, false),
        );
      }
    }
  }
  return { clause, needInner: requireOuter ? NONE : used };
}

/** Does the field part of `parts` cross a to-many relation? */
function crossesMultiValued(meta: ModelMeta, parts: readonly string[]): boolean {
  return namesToPath(meta, parts).steps.some((s) => s.multiValued);
}

/**
 * A negated condition across a to-many relation must not mean "some related
 * row fails"; it means "no related row matches". Django (split_exclude):
 *   Author.exclude(book__rating__gt=4)
 *   → NOT EXISTS(SELECT 1 FROM book_authors U0 JOIN book U1 … WHERE U1.rating > 4 AND U0.author_id = author.id)
 * The part before the first to-many hop stays in the outer query.
 */
function splitExclude(key: string, value: unknown, scope: Scope): Built {
  const parts = key.split("__");
  const path = namesToPath(scope.meta, parts);
  const firstMulti = path.steps.findIndex((s) => s.multiValued);
  // Which name introduced that hop, and how many names precede it.
  let consumed = 0;
  let nameIndex = 0;
  for (; nameIndex < path.stepsPerName.length; nameIndex++) {
    if (consumed + path.stepsPerName[nameIndex] > firstMulti) break;
    consumed += path.stepsPerName[nameIndex];
  }
  const prefix = parts.slice(0, nameIndex);
  const step = path.steps[firstMulti];
  const next = path.steps[firstMulti + 1];
  const inner = step.to; // the child (reverse FK) or join table (many-to-many)
  const rest = parts.slice(nameIndex + 1);
  const sameRelationHop = next?.direct && path.stepsPerName[nameIndex] === 2;
  const innerPrefix = sameRelationHop ? [next.fromField.name] : [];
  const restIsLookup = rest.length === 0 || isLookupOrTransform(rest[0]);
  const innerKey = [
    ...innerPrefix,
    ...(restIsLookup && innerPrefix.length === 0 ? ["pk"] : []),
    ...rest,
  ].join("__");

  const outerScope: Scope = { ...scope, reuse: scope.reuse, used: new Set() };
  const innerValue = value instanceof FExpression ? OuterRef(value.name) : value;
  // The inner query binds into the same parameter list: one statement, one list.
  let innerQuery = withFilter(
    emptyQuery(inner),
    new QNode([[innerKey, innerValue]]),
    scope.params,
    outerScope,
  );
  // Correlate: the child's key column = the outer row's referenced column.
  const outerCol = resolvePath(outerScope, [...prefix, step.fromField.name], false).col;
  const correlation = new LookupNode(
    "exact",
    new Col(0, step.toField),
    new OuterCol(1, outerCol.source, outerCol.target, outerCol.outputField),
  );
  innerQuery = withChanges(innerQuery, {
    where: innerQuery.where.and(correlation),
    select: [],
    high: 1,
  });
  return { clause: new ExistsNode(innerQuery), needInner: outerScope.used };
}

/** An aggregate compared in filter() on a query that is not grouped: say how to do it. */
function aggregateInFilter(q: QNode): FieldError {
  const found = findAggregate(q);
  const text = found ? describeExpression(found) : "an aggregate";
  return new FieldError(
    `Using an aggregate in filter() without also including it in annotate() is not allowed: ${text}. ` +
      "Annotate it, then filter on its name: annotate({ n: Count(...) }).filter({ n__gt: 1 })",
  );
}

function findAggregate(node: unknown): Expression | undefined {
  if (node instanceof Expression && node.kind === "aggregate") return node;
  if (node instanceof QNode) {
    for (const c of node.children_) {
      const hit = Array.isArray(c) ? findAggregate(c[1]) : findAggregate(c);
      if (hit) return hit;
    }
  } else if (node instanceof Expression) {
    for (const c of node.children()) {
      const hit = findAggregate(c);
      if (hit) return hit;
    }
  }
  return undefined;
}
