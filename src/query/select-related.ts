import { FieldError } from "../errors.js";
import { Col } from "../expressions/resolved.js";
import type { Field } from "../models/fields/field.js";
import { ForeignKey } from "../models/fields/relation.js";
import { type ModelMeta, ReverseRelation } from "../models/meta.js";
import type { JoinDraft } from "./joins.js";
import { stepsFor } from "./path.js";
import { type Query, type SelectItem, type SelectRelated, withChanges } from "./query.js";

/** Django's select_related() without arguments follows non-null foreign keys this deep. */
const MAX_DEPTH = 5;

/** A relation selectRelated() can follow: a forward foreign key / one-to-one, or a reverse one-to-one. */
type Followable = ForeignKey | ReverseRelation;

function followable(meta: ModelMeta): Map<string, Followable> {
  const out = new Map<string, Followable>();
  for (const f of meta.fields) if (f instanceof ForeignKey) out.set(f.name, f);
  for (const r of meta.reverseRelations()) {
    if (r.field instanceof ForeignKey && r.field.isOneToOne && !r.queryName.endsWith("+")) {
      out.set(r.queryName, r);
    }
  }
  return out;
}

function choicesOf(meta: ModelMeta): string {
  const names = [...followable(meta).keys()].sort();
  return names.length ? names.join(", ") : "(none)";
}

/**
 * Merge relation paths (`"order__customer"`) into a selectRelated tree,
 * checking each name (Django's get_related_selections errors, raised here at
 * the call instead of when the query runs).
 */
export function withSelectRelatedPaths(
  meta: ModelMeta,
  current: SelectRelated,
  paths: readonly string[],
): SelectRelated {
  const tree: Record<string, SelectRelated> =
    current === true || current === false ? {} : structuredTree(current);
  for (const path of paths) {
    let node = tree;
    let cur = meta;
    for (const name of path.split("__")) {
      const rel = followable(cur).get(name);
      if (!rel) {
        const member = cur.member(name);
        const plain = member && !(member instanceof ReverseRelation) && !member.isRelation;
        const kind = plain ? "Non-relational field" : "Invalid field name(s)";
        throw new FieldError(
          `${kind} given in select_related: '${name}'. Choices are: ${choicesOf(cur)}`,
        );
      }
      node[name] = node[name] && node[name] !== true ? node[name] : {};
      node = node[name] as Record<string, SelectRelated>;
      cur = targetOf(rel);
    }
  }
  return tree;
}

function structuredTree(t: {
  readonly [name: string]: SelectRelated;
}): Record<string, SelectRelated> {
  const out: Record<string, SelectRelated> = {};
  for (const [k, v] of Object.entries(t))
    out[k] = v === true || v === false ? v : structuredTree(v);
  return out;
}

function targetOf(rel: Followable): ModelMeta {
  return rel instanceof ReverseRelation ? rel.model : rel.relatedMeta();
}

/** The query after selectRelated(...paths): no paths = every non-null key, `null` clears. */
export function selectRelatedQuery(q: Query, fields: readonly (string | null)[]): Query {
  if (fields.length === 1 && fields[0] === null) return withChanges(q, { selectRelated: false });
  if (fields.length === 0) return withChanges(q, { selectRelated: true });
  const paths = fields.filter((f): f is string => typeof f === "string");
  return withChanges(q, { selectRelated: withSelectRelatedPaths(q.meta, q.selectRelated, paths) });
}

/** How one selected related model is read from a row (and where it goes). */
export interface RelatedLayout {
  /** The cache slot on the parent instance (`customer`, or a reverse one-to-one's accessor). */
  readonly name: string;
  /** On a reverse one-to-one, the child's forward field, which points back at the parent. */
  readonly backName: string | null;
  readonly meta: ModelMeta;
  /** Loaded fields, in select order, from column `offset`. */
  readonly fields: readonly Field[];
  readonly deferred: readonly string[];
  readonly offset: number;
  readonly children: readonly RelatedLayout[];
}

/** The only()/defer() names that fall under a path prefix (`customer__`). */
function maskFor(q: Query, prefix: string): { names: Set<string>; defer: boolean } {
  const names = new Set<string>();
  for (const n of q.deferred.names) {
    if (!n.startsWith(prefix)) continue;
    const rest = n.slice(prefix.length);
    // defer("a__b__c") defers c of b, not b itself; only("a__b__c") loads b.
    if (q.deferred.defer && rest.includes("__")) continue;
    names.add(rest.split("__")[0]);
  }
  return { names, defer: q.deferred.defer };
}

/** Is the relation `name` at path `prefix` loaded by only()/defer()? (else Django's FieldError) */
function relationLoaded(q: Query, prefix: string, name: string): boolean {
  const { names, defer } = q.deferred;
  if (defer) return !names.has(`${prefix}${name}`);
  // only(): the relation itself, or a field below it, must be named — unless nothing
  // at this level is named (then every field of the related model loads).
  const level = maskFor(q, prefix).names;
  return (level.size === 0 && prefix !== "") || level.has(name);
}

function fieldsFor(q: Query, meta: ModelMeta, prefix: string): Field[] {
  const { names, defer } = maskFor(q, prefix);
  if (!defer && names.size === 0) return [...meta.fields];
  return meta.fields.filter(
    (f) => f.primaryKey || (defer ? !names.has(f.name) : names.has(f.name)),
  );
}

/**
 * Add the joins and columns of the selectRelated tree to a model query's
 * select list (Django's get_related_selections): forward foreign keys and
 * reverse one-to-ones, INNER for a required key, LEFT for a nullable one or a
 * reverse one-to-one and for everything after a LEFT join —
 *   OrderItem.selectRelated("order__customer") → INNER JOIN order INNER JOIN customer
 */
export function relatedSelections(
  q: Query,
  draft: JoinDraft,
  select: SelectItem[],
): RelatedLayout[] {
  const tree = q.selectRelated;
  if (tree === false) return [];
  return walk(q, draft, select, 0, q.meta, tree, "", 0);
}

function walk(
  q: Query,
  draft: JoinDraft,
  select: SelectItem[],
  source: number,
  meta: ModelMeta,
  tree: SelectRelated,
  prefix: string,
  depth: number,
): RelatedLayout[] {
  const out: RelatedLayout[] = [];
  const all = tree === true;
  if (all && depth >= MAX_DEPTH) return out;
  const entries: [string, SelectRelated][] = all
    ? meta.fields
        .filter((f): f is ForeignKey => f instanceof ForeignKey && !f.nullable)
        .map((f) => [f.name, true])
    : Object.entries(tree as Record<string, SelectRelated>);
  for (const [name, subtree] of entries) {
    const rel = followable(meta).get(name)!;
    if (!relationLoaded(q, prefix, name)) {
      if (all) continue;
      const fk = rel instanceof ReverseRelation ? rel.field : rel;
      throw new FieldError(
        `Field ${fk.model.name}.${fk.name} cannot be both deferred and traversed using select_related at the same time.`,
      );
    }
    const [step] = stepsFor(meta, rel);
    const index = draft.join(source, step, null);
    const target = targetOf(rel);
    const path = `${prefix}${name}__`;
    const fields = fieldsFor(q, target, path);
    const offset = select.length;
    for (const f of fields)
      select.push({ name: f.attname, expression: new Col(index, f), bare: true });
    const loaded = new Set(fields);
    const children = walk(q, draft, select, index, target, subtree, path, depth + 1);
    out.push({
      name: rel instanceof ReverseRelation ? rel.accessorName : rel.name,
      backName: rel instanceof ReverseRelation ? rel.field.name : null,
      meta: target,
      fields,
      deferred: target.fields.filter((f) => !loaded.has(f)).map((f) => f.attname),
      offset,
      children,
    });
  }
  return out;
}
