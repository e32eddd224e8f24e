import { Duration } from "../../values/duration.js";
import {
  dateToDateString,
  isDateString,
  normalizeTime,
  parseDateTimeText,
} from "../../values/temporal.js";
import {
  Field,
  type FieldOptions,
  type FieldTypeInfo,
  type InternalType,
  type ValueKind,
} from "./field.js";

export interface AutoNowOptions extends FieldOptions {
  /** Set to now on every save(). */
  autoNow?: boolean;
  /** Set to now when the row is first created. */
  autoNowAdd?: boolean;
}

abstract class AutoNowField<I extends FieldTypeInfo> extends Field<I> {
  declare readonly options: AutoNowOptions;
  get autoNow(): boolean {
    return this.options.autoNow === true;
  }
  get autoNowAdd(): boolean {
    return this.options.autoNowAdd === true;
  }
  /** Return "now" in this field's representation. */
  abstract now(): unknown;
}

/** Calendar dates as `YYYY-MM-DD` strings (a Date is accepted and read as its UTC day). */
export class DateField<I extends FieldTypeInfo = FieldTypeInfo> extends AutoNowField<I> {
  readonly internalType: InternalType = "DateField";
  readonly valueKind: ValueKind = "date";
  now(): string {
    return dateToDateString(new Date());
  }
  protected cleanValue(value: unknown): unknown {
    if (isDateString(value)) {
      const d = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && dateToDateString(d) === value) return value;
    }
    if (value instanceof Date && !Number.isNaN(value.getTime())) return dateToDateString(value);
    throw this.invalid(value, "a date ('YYYY-MM-DD' or a Date)");
  }
}

/** Instants as UTC `Date`s (an ISO-8601 string is accepted). */
export class DateTimeField<I extends FieldTypeInfo = FieldTypeInfo> extends AutoNowField<I> {
  readonly internalType: InternalType = "DateTimeField";
  readonly valueKind: ValueKind = "datetime";
  now(): Date {
    return new Date();
  }
  protected cleanValue(value: unknown): unknown {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    if (typeof value === "string") {
      try {
        return parseDateTimeText(value);
      } catch {
        // fall through to the typed error
      }
    }
    throw this.invalid(value, "a Date or an ISO-8601 datetime string");
  }
}

/** Times of day as `HH:MM:SS[.ffffff]` strings. */
export class TimeField<I extends FieldTypeInfo = FieldTypeInfo> extends AutoNowField<I> {
  readonly internalType: InternalType = "TimeField";
  readonly valueKind: ValueKind = "time";
  now(): string {
    return new Date().toISOString().slice(11, 23);
  }
  protected cleanValue(value: unknown): unknown {
    if (typeof value === "string") {
      try {
        return normalizeTime(value);
      } catch {
        // fall through
      }
    }
    throw this.invalid(value, "a time string 'HH:MM[:SS[.ffffff]]'");
  }
}

export class DurationField<I extends FieldTypeInfo = FieldTypeInfo> extends Field<I> {
  readonly internalType: InternalType = "DurationField";
  readonly valueKind: ValueKind = "duration";
  protected cleanValue(value: unknown): unknown {
    if (value instanceof Duration) return value;
    throw this.invalid(value, "a Duration");
  }
}
