import type { Compiler } from "../compiler/compiler.js";
import type { DriverFactory } from "../db/driver.js";
import {
  DatabaseError,
  DataError,
  IntegrityError,
  OperationalError,
  ProgrammingError,
  TangoError,
} from "../errors.js";
import type { Field, InternalType } from "../models/fields/field.js";
import { Decimal, isDecimal } from "../values/decimal.js";
import { Duration } from "../values/duration.js";
import { dateTimeToSqlText } from "../values/temporal.js";
import type { ColumnInfo, Dialect, DialectName, Features, LookupSql, Reader } from "./dialect.js";
import type { CheckCompiler, SchemaEditor } from "./schema.js";
import { displayLiteral, escapeLike, pickReader, valueField } from "./values.js";

export { escapeLike };

export type Encoder = (value: unknown, field: Field) => unknown;

export type ErrorKind = "integrity" | "programming" | "operational" | "data" | "other";

const ERROR_CLASSES: Record<ErrorKind, typeof DatabaseError> = {
  integrity: IntegrityError,
  programming: ProgrammingError,
  operational: OperationalError,
  data: DataError,
  other: DatabaseError,
};

const PATTERN_LOOKUPS: Record<string, (v: string) => string> = {
  contains: (v) => `%${escapeLike(v)}%`,
  icontains: (v) => `%${escapeLike(v)}%`,
  startswith: (v) => `${escapeLike(v)}%`,
  istartswith: (v) => `${escapeLike(v)}%`,
  endswith: (v) => `%${escapeLike(v)}`,
  iendswith: (v) => `%${escapeLike(v)}`,
};

/** Wildcard form of a lookup for an expression right-hand side (`LIKE '%' || x || '%'`). */
export function patternTemplate(
  lookup: string,
  concat: (parts: string[]) => string,
  escapeOperand: (operand: string) => string,
): string | undefined {
  const x = escapeOperand("%s");
  const parts: Record<string, string[]> = {
    contains: ["'%'", x, "'%'"],
    icontains: ["'%'", x, "'%'"],
    startswith: [x, "'%'"],
    istartswith: [x, "'%'"],
    endswith: ["'%'", x],
    iendswith: ["'%'", x],
  };
  const p = parts[lookup];
  return p ? concat(p) : undefined;
}

/**
 * Escape LIKE wildcards in a column used as a pattern (Django's pattern_esc),
 * for dialects whose string literals take a backslash as is.
 */
export function escapeLikeSql(operand: string): string {
  return `REPLACE(REPLACE(REPLACE(${operand}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
}

export function patternPrepare(lookup: string): ((v: unknown) => unknown) | undefined {
  const fn = PATTERN_LOOKUPS[lookup];
  return fn ? (v) => fn(String(v)) : undefined;
}

/**
 * Behaviour every dialect shares; each dialect's folder supplies only its
 * differences (tables and hooks), never a copy of the whole thing.
 */
export abstract class BaseDialect implements Dialect {
  abstract readonly name: DialectName;
  abstract readonly displayName: string;
  abstract readonly driver: DriverFactory;
  readonly features: Features;
  protected abstract readonly readers: Record<InternalType, Reader>;
  protected abstract readonly encoders: Partial<Record<InternalType, Encoder>>;
  protected abstract readonly booleanLiterals: [string, string];

  constructor(features: Features) {
    this.features = features;
  }

  abstract quoteIdentifier(name: string): string;
  abstract placeholder(index: number): string;
  abstract lookupSql(lookupName: string, lhsField: Field | undefined): LookupSql;
  abstract columnType(field: Field): string;
  abstract castType(internalType: InternalType, field?: Field): string;
  abstract createCompiler(params?: readonly unknown[]): Compiler;
  abstract schemaEditor(compileCheck: CheckCompiler): SchemaEditor;
  protected abstract clone(features: Features): Dialect;

  explainPrefix(options: { analyze?: boolean; format?: string; verbose?: boolean }): string {
    return options.analyze ? "EXPLAIN ANALYZE" : "EXPLAIN";
  }

  beginStatements(isolationLevel?: string): string[] {
    return isolationLevel ? [`BEGIN ISOLATION LEVEL ${isolationLevel}`] : ["BEGIN"];
  }

  /** Map a driver error to a kind; dialects read their driver's codes. */
  protected abstract errorKind(error: {
    code?: unknown;
    errno?: unknown;
    message?: string;
  }): ErrorKind;

  translateError(error: unknown, sql: string): Error {
    if (error instanceof TangoError) return error;
    const e = (error ?? {}) as { code?: unknown; errno?: unknown; message?: string };
    const message = this.errorMessage(error);
    const Kind = ERROR_CLASSES[this.errorKind(e)];
    const out = new Kind(message, { cause: error });
    Object.defineProperty(out, "sql", { value: sql, enumerable: false });
    return out;
  }

  /** The text of a driver error, as the database wrote it. */
  protected errorMessage(error: unknown): string {
    return (error as { message?: string } | null)?.message ?? String(error);
  }

  withFeatures(features: Partial<Features>): Dialect {
    return this.clone({ ...this.features, ...features });
  }

  literal(value: unknown): string {
    return displayLiteral(value, this.booleanLiterals);
  }

  inlineParams(sql: string, params: readonly unknown[]): string {
    let i = 0;
    if (this.placeholder(1) === "?") return sql.replace(/\?/g, () => this.literal(params[i++]));
    return sql.replace(/\$(\d+)/g, (_, n) => this.literal(params[Number(n) - 1]));
  }

  reader(column: ColumnInfo): Reader {
    return pickReader(this.readers, column);
  }

  encode(value: unknown, field: Field | undefined): unknown {
    if (value === null || value === undefined) return null;
    if (field) {
      const f = valueField(field);
      const enc = this.encoders[f.internalType];
      if (enc) return enc(value, f);
    }
    return this.encodeUntyped(value);
  }

  /** Encode by JavaScript type (a Value() with no output field). */
  encodeUntyped(value: unknown): unknown {
    if (typeof value === "boolean") return this.encodeBoolean(value);
    if (value instanceof Date) return this.encodeDateTime(value);
    if (isDecimal(value)) return value.toString();
    if (value instanceof Duration) return this.encodeDuration(value);
    if (value instanceof Uint8Array) return toBuffer(value);
    if (typeof value === "object") return JSON.stringify(value);
    return value;
  }

  encodeBoolean(v: boolean): unknown {
    return v ? 1 : 0;
  }

  encodeDateTime(v: Date): unknown {
    return dateTimeToSqlText(v);
  }

  encodeDuration(v: Duration): unknown {
    return v.microseconds;
  }

  /** Shared encoders for types no dialect treats specially. */
  protected commonEncoders(): Partial<Record<InternalType, Encoder>> {
    return {
      BooleanField: (v) => this.encodeBoolean(Boolean(v)),
      DateTimeField: (v) => (v instanceof Date ? this.encodeDateTime(v) : v),
      DurationField: (v) => (v instanceof Duration ? this.encodeDuration(v) : v),
      JSONField: (v) => JSON.stringify(v),
      DecimalField: (v) =>
        isDecimal(v) ? v.toString() : typeof v === "number" ? new Decimal(String(v)).toString() : v,
      BigIntegerField: (v) => (typeof v === "bigint" ? v.toString() : v),
      PositiveBigIntegerField: (v) => (typeof v === "bigint" ? v.toString() : v),
      BinaryField: (v) => (v instanceof Uint8Array ? toBuffer(v) : v),
    };
  }
}

function toBuffer(v: Uint8Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
