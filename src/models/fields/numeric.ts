import { ImproperlyConfigured } from "../../errors.js";
import { Decimal, isDecimal } from "../../values/decimal.js";
import type { ModelMeta } from "../meta.js";
import {
  Field,
  type FieldOptions,
  type FieldTypeInfo,
  type InternalType,
  type ValueKind,
} from "./field.js";

const DECIMAL_RE = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/** Integer fields of every width; `auto` variants are database-generated primary keys. */
export class IntegerField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly valueKind: ValueKind = "int";
  constructor(
    readonly internalType: InternalType,
    options: FieldOptions = {},
  ) {
    super(options);
  }

  override get isAutoIncrement(): boolean {
    return (
      this.internalType === "AutoField" ||
      this.internalType === "BigAutoField" ||
      this.internalType === "SmallAutoField"
    );
  }

  get isPositive(): boolean {
    return this.internalType.startsWith("Positive");
  }

  protected cleanValue(value: unknown): unknown {
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    if (
      typeof value === "bigint" &&
      value <= BigInt(Number.MAX_SAFE_INTEGER) &&
      value >= BigInt(Number.MIN_SAFE_INTEGER)
    ) {
      return Number(value);
    }
    throw this.invalid(value, "an integer (number)");
  }
}

/** 64-bit integers, read and written as `bigint` so no value loses precision. */
export class BigIntegerField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly valueKind: ValueKind = "bigint";
  constructor(
    readonly internalType: InternalType,
    options: FieldOptions = {},
  ) {
    super(options);
  }

  get isPositive(): boolean {
    return this.internalType.startsWith("Positive");
  }

  protected cleanValue(value: unknown): unknown {
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    throw this.invalid(value, "an integer (bigint or safe number)");
  }
}

export class FloatField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "FloatField";
  readonly valueKind: ValueKind = "float";
  protected cleanValue(value: unknown): unknown {
    if (typeof value === "number" && !Number.isNaN(value)) return value;
    throw this.invalid(value, "a number");
  }
}

export interface DecimalOptions extends FieldOptions {
  /** Required on a model field; an output field (`ExpressionWrapper(e, f.decimal())`) may omit it. */
  maxDigits?: number;
  decimalPlaces?: number;
}

/** Exact decimals: values are `Decimal`s, never JS floats. */
export class DecimalField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "DecimalField";
  readonly valueKind: ValueKind = "decimal";
  declare readonly options: DecimalOptions;

  get maxDigits(): number {
    return this.options.maxDigits as number;
  }

  get decimalPlaces(): number {
    return this.options.decimalPlaces as number;
  }

  /** A model column needs its precision (Django's fields.E130/E132 checks). */
  override bind(model: ModelMeta, name: string): this {
    if (this.options.maxDigits === undefined || this.options.decimalPlaces === undefined) {
      throw new ImproperlyConfigured(
        `DecimalField '${model.name}.${name}' needs maxDigits and decimalPlaces (f.decimal({ maxDigits: 10, decimalPlaces: 2 }))`,
      );
    }
    return super.bind(model, name);
  }

  protected cleanValue(value: unknown): unknown {
    if (isDecimal(value)) return value;
    if (typeof value === "number" && Number.isFinite(value)) return new Decimal(String(value));
    if (typeof value === "string" && DECIMAL_RE.test(value)) return new Decimal(value.trim());
    throw this.invalid(value, "a Decimal, a decimal string or a finite number");
  }
}
