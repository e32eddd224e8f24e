import {
  Field,
  type FieldOptions,
  type FieldTypeInfo,
  type InternalType,
  type ValueKind,
} from "./field.js";

export class BooleanField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "BooleanField";
  readonly valueKind: ValueKind = "bool";
  protected cleanValue(value: unknown): unknown {
    if (typeof value === "boolean") return value;
    throw this.invalid(value, "a boolean");
  }
}

export interface CharOptions extends FieldOptions<string> {
  maxLength?: number;
}

/** CharField, TextField, EmailField, SlugField, URLField: string values. */
export class CharField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly valueKind: ValueKind = "string";
  declare readonly options: CharOptions;
  constructor(
    readonly internalType: InternalType,
    options: CharOptions = {},
  ) {
    super(options);
  }

  get maxLength(): number | undefined {
    return this.options.maxLength;
  }

  protected cleanValue(value: unknown): unknown {
    if (typeof value === "string") return value;
    throw this.invalid(value, "a string");
  }
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** UUIDs as canonical lower-case hyphenated strings. */
export class UUIDField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "UUIDField";
  readonly valueKind: ValueKind = "uuid";
  protected cleanValue(value: unknown): unknown {
    if (typeof value === "string" && UUID_RE.test(value)) return canonicalUuid(value);
    throw this.invalid(value, "a UUID string");
  }
}

export function canonicalUuid(v: string): string {
  const hex = v.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Any JSON value; stored as jsonb on PostgreSQL, JSON on MySQL, text on SQLite. */
export class JSONField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "JSONField";
  readonly valueKind: ValueKind = "json";
  protected cleanValue(value: unknown): unknown {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw this.invalid(value, "a JSON value");
    }
    return value;
  }
}

export class BinaryField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "BinaryField";
  readonly valueKind: ValueKind = "binary";
  protected cleanValue(value: unknown): unknown {
    if (value instanceof Uint8Array) return value;
    throw this.invalid(value, "a Uint8Array or Buffer");
  }
}
