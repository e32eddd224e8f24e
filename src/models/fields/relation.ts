import { FieldError } from "../../errors.js";
import { snakeCase } from "../../util/names.js";
import type { ModelMeta } from "../meta.js";
import { resolveModelRef } from "../registry.js";
import {
  Field,
  type FieldOptions,
  type FieldTypeInfo,
  type InternalType,
  type ValueKind,
} from "./field.js";

export type OnDelete =
  | "CASCADE"
  | "PROTECT"
  | "RESTRICT"
  | "SET_NULL"
  | "SET_DEFAULT"
  | "DO_NOTHING";

/** A relation target: a model name (`"Customer"`, `"self"`) or a thunk returning the model. */
export type ModelRef = string | (() => { readonly meta: ModelMeta });

/** Phantom description of a relation for the type system. */
export interface RelInfo {
  target: ModelRef;
  relatedName: string | undefined;
  relatedQueryName: string | undefined;
  kind: "fk" | "o2o" | "m2m";
  through: ModelRef | undefined;
}

export interface ForeignKeyOptions extends FieldOptions {
  onDelete: OnDelete;
  /** Name of the reverse relation on the target (accessor and query name). */
  relatedName?: string;
  /** Name of the reverse relation in lookups, when it must differ from relatedName. */
  relatedQueryName?: string;
  /** Target field the column points at (default: the target's primary key). */
  toField?: string;
  /** Create the FOREIGN KEY constraint (default true). */
  dbConstraint?: boolean;
}

/** Shared behaviour of foreign keys, one-to-ones and many-to-manys: target resolution. */
export interface RelationField {
  readonly target: ModelRef;
  readonly relatedName: string | undefined;
  readonly relatedQueryNameOption: string | undefined;
  relatedMeta(): ModelMeta;
}

/** A many-to-one relation stored in a `<name>_id` column. */
export class ForeignKey<I extends FieldTypeInfo = FieldTypeInfo, R extends RelInfo = RelInfo>
  extends Field<I>
  implements RelationField
{
  declare readonly __rel: R;
  readonly internalType: InternalType = "ForeignKey";
  declare readonly options: ForeignKeyOptions;

  constructor(
    readonly target: ModelRef,
    options: ForeignKeyOptions,
  ) {
    super(options);
    if (!options?.onDelete) {
      throw new FieldError(
        "foreignKey() needs { onDelete }: one of CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT, DO_NOTHING",
      );
    }
    if (options.onDelete === "SET_NULL" && !options.null) {
      throw new FieldError("onDelete: 'SET_NULL' needs { null: true } on the foreign key");
    }
  }

  override get isRelation(): boolean {
    return true;
  }

  get onDelete(): OnDelete {
    return this.options.onDelete;
  }

  get relatedName(): string | undefined {
    return this.options.relatedName;
  }

  get relatedQueryNameOption(): string | undefined {
    return this.options.relatedQueryName;
  }

  get isOneToOne(): boolean {
    return false;
  }

  get dbConstraint(): boolean {
    return this.options.dbConstraint !== false;
  }

  /** Return the model this key points at (resolved through the registry on first use). */
  relatedMeta(): ModelMeta {
    return resolveModelRef(this.target, this.model);
  }

  /** Return the field on the target the column holds (the target's pk unless toField). */
  targetField(): Field {
    const meta = this.relatedMeta();
    if (!this.options.toField) return meta.pk;
    const f = meta.concreteField(this.options.toField);
    if (!f)
      throw new FieldError(
        `${this}: toField '${this.options.toField}' is not a field of ${meta.name}`,
      );
    return f;
  }

  get valueKind(): ValueKind {
    return this.targetField().valueKind;
  }

  protected override attnameFor(name: string): string {
    return `${name}Id`;
  }

  protected override columnFor(name: string): string {
    return `${snakeCase(name)}_id`;
  }

  protected cleanValue(value: unknown): unknown {
    const target = this.targetField();
    if (typeof value === "object" && value !== null && "pk" in value && !(value instanceof Date)) {
      const meta = (value.constructor as { meta?: ModelMeta }).meta;
      if (meta && meta !== this.relatedMeta()) {
        throw this.invalid(value, `a ${this.relatedMeta().name} instance or its primary key`);
      }
      return target.clean((value as Record<string, unknown>)[target.attname]);
    }
    return target.clean(value);
  }
}

/** A unique foreign key: one row on each side. */
export class OneToOneField<
  I extends FieldTypeInfo = FieldTypeInfo,
  R extends RelInfo = RelInfo,
> extends ForeignKey<I, R> {
  override readonly internalType: InternalType = "OneToOneField";
  override get unique(): boolean {
    return true;
  }
  override get isOneToOne(): boolean {
    return true;
  }
}

export interface ManyToManyOptions {
  relatedName?: string;
  relatedQueryName?: string;
  /** An explicit through model; by default an auto-created join table. */
  through?: ModelRef;
  /** On an explicit through model: [source fk name, target fk name]. */
  throughFields?: readonly [string, string];
  /** Join table name for the auto-created through model. */
  dbTable?: string;
  /** Self-relations only: adding a→b also adds b→a (Django's default for self). */
  symmetrical?: boolean;
  blank?: boolean;
  verboseName?: string;
}

/** A many-to-many relation through a join table; it has no column of its own. */
export class ManyToManyField<I extends FieldTypeInfo = FieldTypeInfo, R extends RelInfo = RelInfo>
  extends Field<I>
  implements RelationField
{
  declare readonly __rel: R;
  readonly internalType: InternalType = "ManyToManyField";
  readonly valueKind: ValueKind = "int";
  readonly m2m: ManyToManyOptions;
  /** Set by the registry once the through model exists. */
  throughMeta?: ModelMeta;

  constructor(
    readonly target: ModelRef,
    options: ManyToManyOptions = {},
  ) {
    super({ blank: options.blank });
    this.m2m = options;
  }

  override get isRelation(): boolean {
    return true;
  }

  override get concrete(): boolean {
    return false;
  }

  get relatedName(): string | undefined {
    return this.m2m.relatedName;
  }

  get relatedQueryNameOption(): string | undefined {
    return this.m2m.relatedQueryName;
  }

  relatedMeta(): ModelMeta {
    return resolveModelRef(this.target, this.model);
  }

  get isSelfReferential(): boolean {
    return this.relatedMeta() === this.model;
  }

  get symmetrical(): boolean {
    return this.m2m.symmetrical ?? this.isSelfReferential;
  }

  protected cleanValue(value: unknown): unknown {
    return value;
  }
}

export type AnyRelationField = ForeignKey | ManyToManyField;
