import type { Field, InternalType } from "../models/fields/field.js";
import type { ForeignKey } from "../models/fields/relation.js";
import { canonicalUuid } from "../models/fields/scalar.js";
import { Decimal, decimalFromText, isDecimal } from "../values/decimal.js";
import { Duration } from "../values/duration.js";
import { dateToDateString, normalizeTime, parseDateTimeText } from "../values/temporal.js";
import type { ColumnInfo, Reader } from "./dialect.js";

/** Shared value readers; each dialect picks and overrides per internal type. */

export const identity: Reader = (v) => v;
export const nullable =
  (r: Reader): Reader =>
  (v) =>
    v === null || v === undefined ? null : r(v);

export const readInt: Reader = nullable((v) => (typeof v === "number" ? v : Number(v)));
export const readBigInt: Reader = nullable((v) =>
  typeof v === "bigint" ? v : BigInt(v as string | number),
);
export const readFloat: Reader = nullable((v) => (typeof v === "number" ? v : Number(v)));
export const readDecimalText: Reader = nullable((v) => decimalFromText(String(v)));
export const readBool: Reader = nullable((v) => (typeof v === "boolean" ? v : Number(v) !== 0));
export const readString: Reader = nullable((v) => (typeof v === "string" ? v : String(v)));
export const readDate: Reader = nullable((v) =>
  v instanceof Date ? dateToDateString(v) : String(v).slice(0, 10),
);
export const readDateTime: Reader = nullable((v) =>
  v instanceof Date ? v : parseDateTimeText(String(v)),
);
export const readTime: Reader = nullable((v) => normalizeTime(String(v)));
export const readMicroseconds: Reader = nullable((v) => new Duration(Number(v)));
export const readUuid: Reader = nullable((v) => canonicalUuid(String(v)));
export const readJsonText: Reader = nullable((v) => (typeof v === "string" ? JSON.parse(v) : v));
export const readBinary: Reader = nullable((v) => v);

/** The internal type whose reader applies: foreign keys read as their target field. */
export function valueField(field: Field): Field {
  let f = field;
  while (f.internalType === "ForeignKey" || f.internalType === "OneToOneField")
    f = (f as ForeignKey).targetField();
  return f;
}

export function readerTable(
  overrides: Partial<Record<InternalType, Reader>>,
): Record<InternalType, Reader> {
  return {
    AutoField: readInt,
    BigAutoField: readInt,
    SmallAutoField: readInt,
    IntegerField: readInt,
    SmallIntegerField: readInt,
    PositiveIntegerField: readInt,
    PositiveSmallIntegerField: readInt,
    BigIntegerField: readBigInt,
    PositiveBigIntegerField: readBigInt,
    FloatField: readFloat,
    DecimalField: readDecimalText,
    BooleanField: readBool,
    CharField: readString,
    TextField: readString,
    EmailField: readString,
    SlugField: readString,
    URLField: readString,
    UUIDField: readUuid,
    JSONField: readJsonText,
    DateField: readDate,
    DateTimeField: readDateTime,
    TimeField: readTime,
    DurationField: readMicroseconds,
    BinaryField: readBinary,
    ForeignKey: readInt,
    OneToOneField: readInt,
    ManyToManyField: identity,
    ...overrides,
  };
}

/** Pick the reader for a selected column (unknown output: the driver's value as is). */
export function pickReader(table: Record<InternalType, Reader>, column: ColumnInfo): Reader {
  if (!column.field) return identity;
  return table[valueField(column.field).internalType];
}

/** Escape LIKE wildcards with backslash (Django's prep_for_like_query). */
export function escapeLike(v: unknown): string {
  return String(v).replace(/\\/g, "\\\\").replace(/%/g, "\\%").replace(/_/g, "\\_");
}

/** Render a value as SQL literal text for display only (String(qs.query)). */
export function displayLiteral(value: unknown, booleans: [string, string]): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? booleans[0] : booleans[1];
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (isDecimal(value)) return value.toString();
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

export { Decimal, Duration, isDecimal };
