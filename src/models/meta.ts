import { FieldError } from "../errors.js";
import { lowerFirst } from "../util/names.js";
import { suggestionSuffix } from "../util/suggest.js";
import type { AnyField, Field } from "./fields/field.js";
import { ForeignKey, ManyToManyField } from "./fields/relation.js";
import type { ModelOptions } from "./options.js";
import { registeredMetas, registryVersion } from "./registry.js";

/**
 * The other side of a relation, seen from its target: `customer.orders` for
 * `Order.customer`. Django's ForeignObjectRel.
 */
export class ReverseRelation {
  constructor(
    /** The forward field (on `model`) this relation mirrors. */
    readonly field: ForeignKey | ManyToManyField,
    /** The model that declares the forward field. */
    readonly model: ModelMeta,
    /** The name used in lookups (`orders`, or `orderItem` without relatedName). */
    readonly queryName: string,
    /** The instance accessor (`orders`, or `orderItemSet` without relatedName). */
    readonly accessorName: string,
  ) {}

  get isManyToMany(): boolean {
    return this.field instanceof ManyToManyField;
  }

  /** Does one parent row match many rows on this side? */
  get multiValued(): boolean {
    return this.isManyToMany || !(this.field as ForeignKey).isOneToOne;
  }

  toString(): string {
    return `${this.model.name}.${this.field.name} (reverse '${this.queryName}')`;
  }
}

export type AnyRelationMember = AnyField | ReverseRelation;

/** Everything Tango knows about one model; built once by defineModel. */
export class ModelMeta {
  readonly name: string;
  readonly table: string;
  readonly options: ModelOptions;
  readonly autoCreated: boolean;
  /** Columns of the table, in definition order (implicit `id` first). */
  fields: readonly Field[] = [];
  manyToMany: readonly ManyToManyField[] = [];
  pk!: Field;
  /** The model class (set right after the class is created). */
  modelClass!: unknown;
  private byName = new Map<string, Field>();
  private byAttname = new Map<string, Field>();
  private reverseCache?: { version: number; list: ReverseRelation[] };

  constructor(name: string, table: string, options: ModelOptions, autoCreated = false) {
    this.name = name;
    this.table = table;
    this.options = options;
    this.autoCreated = autoCreated;
  }

  /** Install the bound fields (called once by defineModel). */
  setFields(fields: readonly Field[], manyToMany: readonly ManyToManyField[]): void {
    this.fields = fields;
    this.manyToMany = manyToMany;
    for (const f of [...fields, ...manyToMany]) this.byName.set(f.name, f);
    for (const f of fields) this.byAttname.set(f.attname, f);
    const pk = fields.find((f) => f.primaryKey);
    if (!pk) throw new FieldError(`${this.name} has no primary key`);
    this.pk = pk;
  }

  get ordering(): readonly string[] {
    return this.options.ordering ?? [];
  }

  /** Return a concrete field by name or attname (`customer` or `customerId`), `pk` included. */
  concreteField(name: string): Field | undefined {
    if (name === "pk") return this.pk;
    const f = this.byName.get(name) ?? this.byAttname.get(name);
    return f?.concrete ? f : undefined;
  }

  /** Return a field, many-to-many or reverse relation by its lookup name. */
  member(name: string): AnyRelationMember | undefined {
    if (name === "pk") return this.pk;
    const f = this.byName.get(name) ?? this.byAttname.get(name);
    if (f) return f;
    return this.reverseRelations().find((r) => r.queryName === name);
  }

  /** Return the member or throw Django's FieldError with the valid choices. */
  memberOrThrow(name: string, extra: Iterable<string> = []): AnyRelationMember {
    const m = this.member(name);
    if (m) return m;
    const choices = [...this.choiceNames(), ...extra].sort();
    throw new FieldError(
      `Cannot resolve keyword '${name}' into field on ${this.name}. Choices are: ${choices.join(", ")}.` +
        suggestionSuffix(name, choices),
    );
  }

  /** Names accepted in lookups: fields, attnames of foreign keys, reverse relations (Django's choices). */
  choiceNames(): string[] {
    const names = new Set<string>();
    for (const f of this.fields) {
      names.add(f.name);
      if (f.attname !== f.name) names.add(f.attname);
    }
    for (const f of this.manyToMany) names.add(f.name);
    for (const r of this.reverseRelations()) if (!r.queryName.endsWith("+")) names.add(r.queryName);
    return [...names];
  }

  /** Accessor names of every relation of this model (forward, many-to-many, reverse), sorted. */
  relationNames(): string[] {
    return [
      ...this.fields.filter((f) => f instanceof ForeignKey).map((f) => f.name),
      ...this.manyToMany.map((f) => f.name),
      ...this.reverseRelations()
        .filter((r) => !r.accessorName.endsWith("+"))
        .map((r) => r.accessorName),
    ].sort();
  }

  /** Relations that point at this model from other models (computed from the registry). */
  reverseRelations(): readonly ReverseRelation[] {
    const version = registryVersion();
    if (this.reverseCache?.version === version) return this.reverseCache.list;
    const list: ReverseRelation[] = [];
    for (const meta of registeredMetas()) {
      for (const field of [...meta.fields, ...meta.manyToMany]) {
        if (!(field instanceof ForeignKey || field instanceof ManyToManyField)) continue;
        let target: ModelMeta;
        try {
          target = field.relatedMeta();
        } catch {
          continue;
        }
        if (target !== this) continue;
        if (field instanceof ManyToManyField && field.symmetrical) continue;
        list.push(reverseOf(field, meta));
      }
    }
    this.reverseCache = { version, list };
    return list;
  }

  toString(): string {
    return this.name;
  }
}

function reverseOf(field: ForeignKey | ManyToManyField, model: ModelMeta): ReverseRelation {
  const base = lowerFirst(model.name);
  const isO2O = field instanceof ForeignKey && field.isOneToOne;
  const queryName = field.relatedQueryNameOption ?? field.relatedName ?? base;
  const accessorName = field.relatedName ?? (isO2O ? base : `${base}Set`);
  return new ReverseRelation(field, model, queryName, accessorName);
}
