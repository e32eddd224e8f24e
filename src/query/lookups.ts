import { FieldError, ValidationError } from "../errors.js";
import { FuncNode } from "../expressions/func.js";
import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import { outputFieldOfType } from "../expressions/output-types.js";
import { LookupNode } from "../expressions/resolved.js";
import type { Field, ValueKind } from "../models/fields/field.js";
import { closeMatches } from "../util/suggest.js";

/** How a lookup's right-hand side is shaped. */
type RhsShape = "value" | "list" | "range" | "bool" | "text";

/** The lookups of DESIGN §2; `exact` is the default when a key names no lookup. */
export const LOOKUPS: Readonly<Record<string, RhsShape>> = {
  exact: "value",
  iexact: "text",
  gt: "value",
  gte: "value",
  lt: "value",
  lte: "value",
  in: "list",
  range: "range",
  isnull: "bool",
  contains: "text",
  icontains: "text",
  startswith: "text",
  istartswith: "text",
  endswith: "text",
  iendswith: "text",
  regex: "text",
  iregex: "text",
};

interface TransformDef {
  readonly appliesTo: readonly ValueKind[];
  readonly build: (lhs: Expression, kind: ValueKind) => Expression;
}

const DATEISH: ValueKind[] = ["date", "datetime"];
const TIMEISH: ValueKind[] = ["datetime", "time"];

const extract =
  (part: string) =>
  (lhs: Expression, kind: ValueKind): Expression =>
    new FuncNode("Extract", [lhs], outputFieldOfType("IntegerField"), { part, inputKind: kind });

/** Transforms usable in lookups (`createdAt__year__gte`), by the value kind they apply to. */
export const TRANSFORMS: Readonly<Record<string, TransformDef>> = {
  year: { appliesTo: DATEISH, build: extract("year") },
  isoYear: { appliesTo: DATEISH, build: extract("isoYear") },
  month: { appliesTo: DATEISH, build: extract("month") },
  day: { appliesTo: DATEISH, build: extract("day") },
  week: { appliesTo: DATEISH, build: extract("week") },
  weekDay: { appliesTo: DATEISH, build: extract("weekDay") },
  isoWeekDay: { appliesTo: DATEISH, build: extract("isoWeekDay") },
  quarter: { appliesTo: DATEISH, build: extract("quarter") },
  hour: { appliesTo: TIMEISH, build: extract("hour") },
  minute: { appliesTo: TIMEISH, build: extract("minute") },
  second: { appliesTo: TIMEISH, build: extract("second") },
  date: {
    appliesTo: ["datetime"],
    build: (lhs, kind) =>
      new FuncNode("TruncDate", [lhs], outputFieldOfType("DateField"), { inputKind: kind }),
  },
  time: {
    appliesTo: ["datetime"],
    build: (lhs, kind) =>
      new FuncNode("TruncTime", [lhs], outputFieldOfType("TimeField"), { inputKind: kind }),
  },
};

function kindOf(e: Expression): ValueKind | undefined {
  return outputFieldOf(e)?.valueKind;
}

function fieldName(e: Expression): string {
  return outputFieldOf(e)?.internalType ?? "expression";
}

/** Names valid after `e`: lookups plus the transforms its type has. */
export function lookupChoices(e: Expression): string[] {
  const kind = kindOf(e);
  return [
    ...Object.keys(LOOKUPS),
    ...Object.keys(TRANSFORMS).filter((t) => kind && TRANSFORMS[t].appliesTo.includes(kind)),
  ];
}

function applyTransform(lhs: Expression, name: string, rest: readonly string[]): Expression {
  const kind = kindOf(lhs);
  const t = TRANSFORMS[name];
  if (t && kind && t.appliesTo.includes(kind)) return t.build(lhs, kind);
  const suggestions = closeMatches(name, lookupChoices(lhs));
  const tail = suggestions.length ? `, perhaps you meant ${suggestions.join(" or ")}?` : ".";
  throw new FieldError(
    `Unsupported lookup '${[name, ...rest].join("__")}' for ${fieldName(lhs)} or join on the field not permitted${tail}`,
  );
}

/** Is `name` a lookup or transform name (not a field)? */
export function isLookupOrTransform(name: string): boolean {
  return name in LOOKUPS || name in TRANSFORMS;
}

export interface RhsResolver {
  /** Resolve an expression right-hand side (F, Value, subquery) in the current query. */
  expression(value: Expression): Expression;
  /** Turn a QuerySet-like value into a subquery node, or return undefined. */
  subquery(value: unknown): Expression | undefined;
  /** Clean a value and bind it as a parameter. */
  bind(raw: unknown, field: Field | undefined, clean: (raw: unknown) => unknown): Expression;
}

/**
 * Build `lhs <transforms…> <lookup> value` (Django's build_lookup). Values are
 * cleaned by the left-hand side's field, so a wrong type fails here, before
 * any SQL is sent, naming the field.
 */
export function buildLookup(
  names: readonly string[],
  lhsIn: Expression,
  value: unknown,
  rhs: RhsResolver,
): LookupNode {
  const parts = names.length ? names : ["exact"];
  let lhs = lhsIn;
  for (let i = 0; i < parts.length - 1; i++)
    lhs = applyTransform(lhs, parts[i], parts.slice(i + 1));
  let lookup = parts[parts.length - 1];
  if (!(lookup in LOOKUPS)) {
    lhs = applyTransform(lhs, lookup, []);
    lookup = "exact";
  }
  const shape = LOOKUPS[lookup];
  const field = outputFieldOf(lhs);

  if (value === undefined)
    throw new ValidationError(`Lookup '${parts.join("__")}' needs a value (got undefined)`);
  if (value === null) {
    if (lookup === "exact" || lookup === "iexact") return new LookupNode("isnull", lhs, true);
    throw new ValidationError(`Cannot use null as a query value for '${lookup}'`);
  }
  if (isExpr(value)) {
    if (shape === "list" || shape === "range" || shape === "bool") {
      const sub = rhs.subquery(value);
      if (sub && shape === "list") return new LookupNode(lookup, lhs, sub);
    }
    return new LookupNode(lookup, lhs, rhs.expression(value));
  }
  switch (shape) {
    case "bool":
      if (typeof value !== "boolean") {
        throw new ValidationError(
          `The QuerySet value for an isnull lookup must be true or false (got ${typeof value})`,
        );
      }
      return new LookupNode("isnull", lhs, value);
    case "list": {
      const sub = rhs.subquery(value);
      if (sub) return new LookupNode("in", lhs, sub);
      if (!isIterable(value) || typeof value === "string") {
        throw new ValidationError(
          `'${parts.join("__")}' needs an array or a QuerySet (got ${typeof value})`,
        );
      }
      const items = [...value].filter((v) => v !== null && v !== undefined);
      const unique = dedupe(items.map((v) => (isExpr(v) ? v : cleanWith(field, v))));
      return new LookupNode(
        "in",
        lhs,
        unique.map((v) => (isExpr(v) ? rhs.expression(v) : rhs.bind(v, field, (x) => x))),
      );
    }
    case "range": {
      if (!Array.isArray(value) || value.length !== 2) {
        throw new ValidationError(`'${parts.join("__")}' needs a [low, high] pair`);
      }
      return new LookupNode(
        "range",
        lhs,
        value.map((v) =>
          isExpr(v) ? rhs.expression(v) : rhs.bind(v, field, (x) => cleanWith(field, x)),
        ),
      );
    }
    case "text":
      return new LookupNode(
        lookup,
        lhs,
        rhs.bind(value, undefined, (x) => textValue(field, x)),
      );
    default:
      return new LookupNode(
        lookup,
        lhs,
        rhs.bind(value, field, (x) => cleanWith(field, x)),
      );
  }
}

function isExpr(v: unknown): v is Expression {
  return typeof v === "object" && v !== null && "kind" in v && "children" in v;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return typeof v === "object" && v !== null && Symbol.iterator in v;
}

function cleanWith(field: Field | undefined, v: unknown): unknown {
  return field ? field.clean(v) : v;
}

/** Text lookups compare against the text form of the value (Django: str(value)). */
function textValue(field: Field | undefined, v: unknown): string {
  if (typeof v === "string") return v;
  const cleaned = cleanWith(field, v);
  if (cleaned instanceof Date) return cleaned.toISOString();
  return String(cleaned);
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of values) {
    const key =
      typeof v === "object" && v !== null && !isExpr(v)
        ? String(v)
        : typeof v === "object"
          ? ""
          : `${typeof v}:${String(v)}`;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    out.push(v);
  }
  return out;
}
