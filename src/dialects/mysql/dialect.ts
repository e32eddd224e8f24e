import type { Compiler } from "../../compiler/compiler.js";
import type { Field, InternalType } from "../../models/fields/field.js";
import { BaseDialect, type Encoder, type ErrorKind } from "../base.js";
import type { Features, LookupSql, Reader } from "../dialect.js";
import type { CheckCompiler, SchemaEditor } from "../schema.js";
import { readerTable } from "../values.js";
import { MysqlCompiler } from "./compiler.js";
import { createMysqlDriver } from "./driver.js";
import { mysqlFeatures } from "./features.js";
import { mysqlLookup } from "./lookups.js";
import { MysqlSchemaEditor } from "./schema.js";
import { mysqlCastType, mysqlColumnType } from "./types.js";

export class MysqlDialect extends BaseDialect {
  readonly name = "mysql" as const;
  get displayName(): string {
    return this.features.isMariaDB ? "MariaDB" : "MySQL";
  }
  protected readonly booleanLiterals: [string, string] = ["1", "0"];
  /** JSON arrives as text (the driver's jsonStrings), on MySQL and MariaDB alike. */
  protected readonly readers: Record<InternalType, Reader> = readerTable({});
  protected readonly encoders: Partial<Record<InternalType, Encoder>> = {
    ...this.commonEncoders(),
    UUIDField: (v) => String(v).replace(/-/g, ""),
  };

  constructor(
    features: Features = mysqlFeatures,
    readonly driver = createMysqlDriver,
  ) {
    super(features);
  }

  quoteIdentifier(name: string): string {
    return `\`${name.replace(/`/g, "``")}\``;
  }

  /** MySQL string literals treat backslash as an escape character (display and DDL only). */
  override literal(value: unknown): string {
    const text = super.literal(value);
    return typeof value === "string" ? text.replace(/\\/g, "\\\\") : text;
  }

  placeholder(): string {
    return "?";
  }

  lookupSql(name: string, lhs: Field | undefined): LookupSql {
    return mysqlLookup(name, lhs, this.features.isMariaDB);
  }

  columnType(field: Field): string {
    return mysqlColumnType(field);
  }

  castType(t: InternalType, field?: Field): string {
    return mysqlCastType(t, field);
  }

  override explainPrefix(options: { analyze?: boolean; format?: string }): string {
    if (options.analyze) return this.features.isMariaDB ? "ANALYZE" : "EXPLAIN ANALYZE";
    return options.format === "json" ? "EXPLAIN FORMAT=JSON" : "EXPLAIN";
  }

  override beginStatements(isolationLevel?: string): string[] {
    return isolationLevel
      ? [`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`, "BEGIN"]
      : ["BEGIN"];
  }

  protected errorKind(e: { errno?: unknown }): ErrorKind {
    const n = Number(e.errno);
    if ([1048, 1062, 1169, 1216, 1217, 1364, 1451, 1452, 1557, 1690, 3819, 4025].includes(n))
      return "integrity";
    if ([1054, 1064, 1146, 1149, 1242, 1093, 1235, 1247].includes(n)) return "programming";
    if ([1264, 1265, 1292, 1366, 1406].includes(n)) return "data";
    // Any other server error is an OperationalError, as mysqlclient (and so Django) maps it
    // (e.g. 1055, ONLY_FULL_GROUP_BY's "isn't in GROUP BY").
    if (n >= 1000) return "operational";
    return "other";
  }

  schemaEditor(compileCheck: CheckCompiler): SchemaEditor {
    return new MysqlSchemaEditor(this, compileCheck);
  }

  createCompiler(params?: readonly unknown[]): Compiler {
    return new MysqlCompiler(this, params);
  }

  protected clone(features: Features): MysqlDialect {
    return new MysqlDialect(features, this.driver);
  }
}
