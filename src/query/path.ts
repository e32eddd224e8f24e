import { FieldError } from "../errors.js";
import type { Field } from "../models/fields/field.js";
import { ForeignKey, ManyToManyField } from "../models/fields/relation.js";
import { type ModelMeta, ReverseRelation } from "../models/meta.js";
import { throughLinks } from "../models/through.js";

/**
 * One hop of a join path (Django's PathInfo): from one model's table to
 * another's, `ON from.fromColumn = to.toColumn`.
 */
export interface PathStep {
  readonly from: ModelMeta;
  readonly to: ModelMeta;
  readonly fromField: Field;
  readonly toField: Field;
  /** Forward along a foreign key (true) or backwards from its target (false). */
  readonly direct: boolean;
  /** One row on the left may match many on the right (reverse FK, first hop of a many-to-many). */
  readonly multiValued: boolean;
  /** The right side may be missing (reverse relation, nullable foreign key). */
  readonly nullable: boolean;
  /** Identifies the relation for join reuse: same parent + same identity = same join. */
  readonly identity: string;
}

/** Return the hops a relation member takes, seen from `meta`. */
export function stepsFor(meta: ModelMeta, member: Field | ReverseRelation): PathStep[] {
  if (member instanceof ReverseRelation) {
    const { field, model } = member;
    if (field instanceof ManyToManyField) {
      const { source, target } = throughLinks(field);
      // Reverse m2m: this side is the forward field's target.
      return [reverseFk(target, meta), forwardFk(source)];
    }
    return [reverseFk(field as ForeignKey, meta, model)];
  }
  if (member instanceof ManyToManyField) {
    const { source, target } = throughLinks(member);
    return [reverseFk(source, meta), forwardFk(target)];
  }
  if (member instanceof ForeignKey) return [forwardFk(member)];
  throw new FieldError(`${member} is not a relation`);
}

function forwardFk(fk: ForeignKey): PathStep {
  const to = fk.relatedMeta();
  return {
    from: fk.model,
    to,
    fromField: fk,
    toField: fk.targetField(),
    direct: true,
    multiValued: false,
    nullable: fk.nullable,
    identity: `${fk.model.name}.${fk.name}>`,
  };
}

function reverseFk(fk: ForeignKey, from: ModelMeta, to: ModelMeta = fk.model): PathStep {
  return {
    from,
    to,
    fromField: fk.targetField(),
    toField: fk,
    direct: false,
    multiValued: !fk.isOneToOne,
    nullable: true,
    identity: `${fk.model.name}.${fk.name}<`,
  };
}

/** What a list of names resolves to (Django's names_to_path). */
export interface NamesPath {
  steps: PathStep[];
  /** The model the last hop reaches (or the start model). */
  meta: ModelMeta;
  /** The field the path ends on: a concrete field, or the relation's target field. */
  final: Field;
  /** The relation the path ends on, if it ends on one (for error messages and FK values). */
  endsOnRelation: Field | ReverseRelation | null;
  /** Names left over: transforms and the lookup. */
  rest: string[];
  /** Per consumed name, how many steps it added (for split exclude prefixes). */
  stepsPerName: number[];
}

/**
 * Walk `names` from `meta` through fields and relations. Stops at the first
 * name that is not a field; the rest are transforms/lookups. The first name
 * must resolve, else FieldError with the model's choices.
 */
export function namesToPath(
  meta: ModelMeta,
  names: readonly string[],
  extraChoices: Iterable<string> = [],
): NamesPath {
  const steps: PathStep[] = [];
  const stepsPerName: number[] = [];
  let cur = meta;
  let final: Field | null = null;
  let endsOnRelation: Field | ReverseRelation | null = null;
  let i = 0;
  for (; i < names.length; i++) {
    const name = names[i];
    const member = i === 0 ? cur.memberOrThrow(name, extraChoices) : cur.member(name);
    if (!member) break;
    if (member instanceof ReverseRelation || member.isRelation) {
      // An attname (`customerId`) names the column, not the relation.
      if (
        !(member instanceof ReverseRelation) &&
        name === member.attname &&
        member.attname !== member.name
      ) {
        final = member;
        endsOnRelation = null;
        i++;
        break;
      }
      const hop = stepsFor(cur, member);
      steps.push(...hop);
      stepsPerName.push(hop.length);
      const last = hop[hop.length - 1];
      cur = last.to;
      final = last.direct ? last.toField : cur.pk;
      endsOnRelation = member;
      continue;
    }
    final = member;
    endsOnRelation = null;
    stepsPerName.push(0);
    i++;
    break;
  }
  return {
    steps,
    meta: cur,
    final: final ?? cur.pk,
    endsOnRelation,
    rest: names.slice(i) as string[],
    stepsPerName,
  };
}

/** Number of trailing direct hops that can be dropped because the column is on the previous table. */
export function trimmableSteps(
  steps: readonly PathStep[],
  target: Field,
): { keep: number; target: Field } {
  let keep = steps.length;
  let t = target;
  while (keep > 0) {
    const s = steps[keep - 1];
    if (!s.direct || s.toField !== t) break;
    t = s.fromField;
    keep--;
  }
  return { keep, target: t };
}
