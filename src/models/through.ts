import { FieldError } from "../errors.js";
import { lowerFirst, snakeCase } from "../util/names.js";
import { createModel } from "./define-model.js";
import { ForeignKey, type ManyToManyField } from "./fields/relation.js";
import type { ModelMeta } from "./meta.js";
import { getMeta, resolveModelRef } from "./registry.js";

export interface ThroughLinks {
  through: ModelMeta;
  /** The through model's key to the model that declares the many-to-many. */
  source: ForeignKey;
  /** The through model's key to the related model. */
  target: ForeignKey;
}

const cache = new WeakMap<ManyToManyField, ThroughLinks>();

/**
 * Return the join model of a many-to-many and its two keys. An explicit
 * `through` model is used as given; otherwise one is created (and
 * registered) on first use: table `<table>_<field>`, columns
 * `<source>_id`/`<target>_id` (`from_<x>_id`/`to_<x>_id` for self-relations).
 */
export function throughLinks(field: ManyToManyField): ThroughLinks {
  const hit = cache.get(field);
  if (hit) return hit;
  const links = field.m2m.through ? explicitLinks(field) : autoLinks(field);
  field.throughMeta = links.through;
  cache.set(field, links);
  return links;
}

function explicitLinks(field: ManyToManyField): ThroughLinks {
  const through = resolveModelRef(field.m2m.through!, field.model);
  const source = field.model;
  const target = field.relatedMeta();
  const fks = through.fields.filter((f): f is ForeignKey => f instanceof ForeignKey);
  const pick = (name: string | undefined, meta: ModelMeta, skip?: ForeignKey): ForeignKey => {
    const candidates = name
      ? fks.filter((f) => f.name === name)
      : fks.filter((f) => f.relatedMeta() === meta && f !== skip);
    if (candidates.length !== 1) {
      throw new FieldError(
        `${field}: the through model ${through.name} needs exactly one foreign key to ${meta.name}` +
          (name ? ` named '${name}'` : "; pass throughFields: [source, target] to choose"),
      );
    }
    return candidates[0];
  };
  const [srcName, tgtName] = field.m2m.throughFields ?? [undefined, undefined];
  const src = pick(srcName, source);
  return { through, source: src, target: pick(tgtName, target, src) };
}

function autoLinks(field: ManyToManyField): ThroughLinks {
  const source = field.model;
  const target = field.relatedMeta();
  const name = `${source.name}_${field.name}`;
  const self = source === target;
  const srcName = self ? `from${source.name}` : lowerFirst(source.name);
  const tgtName = self ? `to${target.name}` : lowerFirst(target.name);
  let through: ModelMeta;
  try {
    through = getMeta(name);
  } catch {
    createModel(
      name,
      {
        [srcName]: new ForeignKey(() => ({ meta: source }), {
          onDelete: "CASCADE",
          relatedName: `${name}+`,
        }),
        [tgtName]: new ForeignKey(() => ({ meta: target }), {
          onDelete: "CASCADE",
          relatedName: `${name}_target+`,
        }),
      },
      {
        dbTable: field.m2m.dbTable ?? `${source.table}_${snakeCase(field.name)}`,
        uniqueTogether: [[srcName, tgtName]],
      },
      true,
    );
    through = getMeta(name);
  }
  const fk = (n: string) => through.concreteField(n) as ForeignKey;
  return { through, source: fk(srcName), target: fk(tgtName) };
}
