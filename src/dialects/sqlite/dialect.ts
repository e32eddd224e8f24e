import type { Compiler } from "../../compiler/compiler.js";
import type { Field, InternalType } from "../../models/fields/field.js";
import type { DecimalField } from "../../models/fields/numeric.js";
import { Decimal, decimalFromScaled, isDecimal } from "../../values/decimal.js";
import { BaseDialect, type Encoder, type ErrorKind } from "../base.js";
import type { ColumnInfo, Features, LookupSql, Reader } from "../dialect.js";
import type { CheckCompiler, SchemaEditor } from "../schema.js";
import { nullable, readerTable, valueField } from "../values.js";
import { SqliteCompiler } from "./compiler.js";
import { createSqliteDriver } from "./driver.js";
import { sqliteFeatures } from "./features.js";
import { sqliteLookup } from "./lookups.js";
import { SqliteSchemaEditor } from "./schema.js";
import { sqliteCastType, sqliteColumnType } from "./types.js";

/**
 * SQLite keeps decimals in NUMERIC columns (REAL or INTEGER), as Django does.
 * Like Django, read them with 15 significant digits and, for plain columns,
 * quantize to the field's decimal places.
 */
function decimalReader(column: ColumnInfo): Reader {
  const field = column.field ? (valueField(column.field) as DecimalField) : undefined;
  const places = column.isColumn ? field?.options?.decimalPlaces : undefined;
  const scale = places === undefined ? 0 : 10 ** places;
  return nullable((v) => {
    if (typeof v === "number" && places !== undefined) {
      // v is the double nearest to n·10^-places when it was stored from a value with that
      // many places: read n exactly (as 15 significant digits then quantizing would).
      const n = Math.round(v * scale);
      if (Math.abs(n) < 1e15 && n / scale === v) return decimalFromScaled(n, places);
    }
    const d = typeof v === "number" ? new Decimal(v.toPrecision(15)) : new Decimal(String(v));
    return places === undefined ? d : d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  });
}

/**
 * better-sqlite3 binds every JS number as a REAL; integers must travel as
 * bigint to be INTEGERs (so `population / 1000` divides as integers, as Django).
 */
function toSqliteInteger(v: unknown): unknown {
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  return v;
}

export class SqliteDialect extends BaseDialect {
  readonly name = "sqlite" as const;
  readonly displayName: string = "SQLite";
  protected readonly booleanLiterals: [string, string] = ["1", "0"];
  protected readonly readers: Record<InternalType, Reader> = readerTable({});
  protected readonly encoders: Partial<Record<InternalType, Encoder>> = {
    ...this.commonEncoders(),
    // Django formats decimals for SQLite to the field's places (ROUND_HALF_EVEN) before sending.
    DecimalField: (v, field) => {
      const d = isDecimal(v) ? v : new Decimal(String(v));
      const places = (field as DecimalField).options?.decimalPlaces;
      return (
        places === undefined ? d : d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN)
      ).toString();
    },
    BigIntegerField: (v) => toSqliteInteger(v),
    PositiveBigIntegerField: (v) => toSqliteInteger(v),
    IntegerField: (v) => toSqliteInteger(v),
    SmallIntegerField: (v) => toSqliteInteger(v),
    PositiveIntegerField: (v) => toSqliteInteger(v),
    PositiveSmallIntegerField: (v) => toSqliteInteger(v),
    AutoField: (v) => toSqliteInteger(v),
    BigAutoField: (v) => toSqliteInteger(v),
    SmallAutoField: (v) => toSqliteInteger(v),
    FloatField: (v) => v,
    UUIDField: (v) => String(v).replace(/-/g, ""),
  };

  constructor(
    features: Features = sqliteFeatures,
    readonly driver = createSqliteDriver,
  ) {
    super(features);
  }

  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  placeholder(): string {
    return "?";
  }

  override reader(column: ColumnInfo): Reader {
    if (column.field && valueField(column.field).internalType === "DecimalField")
      return decimalReader(column);
    return super.reader(column);
  }

  override encodeUntyped(value: unknown): unknown {
    if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value)))
      return toSqliteInteger(value);
    return super.encodeUntyped(value);
  }

  lookupSql(name: string, lhs: Field | undefined): LookupSql {
    return sqliteLookup(name, lhs);
  }

  columnType(field: Field): string {
    return sqliteColumnType(field);
  }

  castType(t: InternalType, field?: Field): string {
    return sqliteCastType(t, field);
  }

  override explainPrefix(): string {
    return "EXPLAIN QUERY PLAN";
  }

  override beginStatements(): string[] {
    // SQLite has one isolation level (SERIALIZABLE).
    return ["BEGIN"];
  }

  protected errorKind(e: { code?: unknown }): ErrorKind {
    const code = String(e.code ?? "");
    if (code.startsWith("SQLITE_CONSTRAINT")) return "integrity";
    if (code === "SQLITE_MISMATCH" || code === "SQLITE_TOOBIG" || code === "SQLITE_RANGE")
      return "data";
    return code ? "operational" : "other";
  }

  schemaEditor(compileCheck: CheckCompiler): SchemaEditor {
    return new SqliteSchemaEditor(this, compileCheck);
  }

  createCompiler(params?: readonly unknown[]): Compiler {
    return new SqliteCompiler(this, params);
  }

  protected clone(features: Features): SqliteDialect {
    return new SqliteDialect(features, this.driver);
  }
}
