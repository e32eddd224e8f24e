import { ValidationError } from "../../errors.js";
import { snakeCase } from "../../util/names.js";
import type { ModelMeta } from "../meta.js";

/** Django's internal type names: dialect tables and error messages use them. */
export type InternalType =
  | "AutoField"
  | "BigAutoField"
  | "SmallAutoField"
  | "IntegerField"
  | "BigIntegerField"
  | "SmallIntegerField"
  | "PositiveIntegerField"
  | "PositiveBigIntegerField"
  | "PositiveSmallIntegerField"
  | "FloatField"
  | "DecimalField"
  | "BooleanField"
  | "CharField"
  | "TextField"
  | "EmailField"
  | "SlugField"
  | "URLField"
  | "UUIDField"
  | "JSONField"
  | "DateField"
  | "DateTimeField"
  | "TimeField"
  | "DurationField"
  | "BinaryField"
  | "ForeignKey"
  | "OneToOneField"
  | "ManyToManyField";

/** The type-level family of a field's values; decides which lookups and transforms apply. */
export type ValueKind =
  | "int"
  | "bigint"
  | "float"
  | "decimal"
  | "bool"
  | "string"
  | "uuid"
  | "json"
  | "date"
  | "datetime"
  | "time"
  | "duration"
  | "binary";

export type Choice<T> = T | readonly [T, string];

export interface FieldOptions<T = unknown> {
  /** The column accepts NULL (and the TypeScript type includes `null`). */
  null?: boolean;
  /** Forms may leave it empty (kept for parity with Django; not enforced on save). */
  blank?: boolean;
  /** A value, or a function returning a fresh value for each new instance. */
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  choices?: readonly Choice<T>[];
  dbColumn?: string;
  primaryKey?: boolean;
  /** A database-side default written into the DDL (a literal value). */
  dbDefault?: T;
  verboseName?: string;
  helpText?: string;
  editable?: boolean;
}

/**
 * Phantom description of a field for the type system: its value type, whether
 * it may be null, whether it may be omitted on create, whether it is the
 * primary key, and the value family used to type lookups.
 */
export interface FieldTypeInfo {
  value: unknown;
  null: boolean;
  optional: boolean;
  pk: boolean;
  kind: ValueKind;
}

let creationCounter = 0;

/**
 * A model field. Created unbound by `f.*()`, then bound to one model by
 * `defineModel` (which sets name, column and model). Bound fields are frozen.
 */
export abstract class Field<I extends FieldTypeInfo = FieldTypeInfo> {
  declare readonly __type: I;
  abstract readonly internalType: InternalType;
  abstract readonly valueKind: ValueKind;
  readonly options: FieldOptions;
  readonly creationOrder = creationCounter++;
  name = "";
  attname = "";
  column = "";
  model!: ModelMeta;

  constructor(options: FieldOptions = {}) {
    this.options = options;
  }

  /** Is this a relation (foreign key, one-to-one, many-to-many)? */
  get isRelation(): boolean {
    return false;
  }

  /** Does the field have a column on its model's table? */
  get concrete(): boolean {
    return true;
  }

  get nullable(): boolean {
    return this.options.null === true;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }

  get unique(): boolean {
    return this.options.unique === true || this.primaryKey;
  }

  get isAutoIncrement(): boolean {
    return false;
  }

  hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** Return the default for a new instance (calling a default function each time). */
  getDefault(): unknown {
    const d = this.options.default;
    if (typeof d === "function") return (d as () => unknown)();
    if (d !== undefined) return d;
    return this.nullable ? null : undefined;
  }

  /** Return a copy bound to a model under a name. */
  bind(model: ModelMeta, name: string): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.name = name;
    copy.attname = this.attnameFor(name);
    copy.column = this.options.dbColumn ?? this.columnFor(name);
    copy.model = model;
    return copy;
  }

  protected attnameFor(name: string): string {
    return name;
  }

  protected columnFor(name: string): string {
    return snakeCase(name);
  }

  /**
   * Return the canonical JS value for a user-supplied one, or throw a
   * ValidationError naming the field. `null` passes only for nullable fields
   * (and is left to the database otherwise, as Django does on save()).
   */
  clean(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    return this.cleanValue(value);
  }

  protected abstract cleanValue(value: unknown): unknown;

  protected invalid(value: unknown, expected: string): ValidationError {
    const shown = describe(value);
    const owner = this.model ? `${this.model.name}.${this.name}` : this.name || "field";
    return new ValidationError(`${owner} expects ${expected}, got ${shown}`);
  }

  toString(): string {
    return this.model ? `${this.model.name}.${this.name}` : `<unbound ${this.internalType}>`;
  }
}

export type AnyField = Field<FieldTypeInfo>;

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string")
    return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}' (string)`;
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return `${String(value)} (${typeof value})`;
}
