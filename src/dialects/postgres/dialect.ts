import type { Compiler } from "../../compiler/compiler.js";
import type { Field, InternalType } from "../../models/fields/field.js";
import { Duration } from "../../values/duration.js";
import { BaseDialect, type Encoder, type ErrorKind } from "../base.js";
import type { Features, LookupSql, Reader } from "../dialect.js";
import type { CheckCompiler, SchemaEditor } from "../schema.js";
import { identity, nullable, readerTable } from "../values.js";
import { PostgresCompiler } from "./compiler.js";
import { createPostgresDriver } from "./driver.js";
import { postgresFeatures } from "./features.js";
import { postgresLookup } from "./lookups.js";
import { createPgliteDriver } from "./pglite-driver.js";
import { PostgresSchemaEditor } from "./schema.js";
import { postgresCastType, postgresColumnType } from "./types.js";

/** Parse PostgreSQL's default interval output ("1 day 02:03:04.5", "-3 days +01:00:00", "1 mon"). */
export function parseInterval(text: string): Duration {
  let us = 0;
  const re = /(-?\d+) (year|mon|day)s?|([+-])?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[2]) {
      const n = Number(m[1]);
      const days = m[2] === "year" ? 365 * n : m[2] === "mon" ? 30 * n : n;
      us += days * 86_400_000_000;
    } else {
      const sign = m[3] === "-" ? -1 : 1;
      const frac = m[7] ? Number(m[7].padEnd(6, "0").slice(0, 6)) : 0;
      us += sign * ((Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6])) * 1_000_000 + frac);
    }
  }
  return new Duration(us);
}

export class PostgresDialect extends BaseDialect {
  readonly name = "postgres" as const;
  readonly displayName: string = "PostgreSQL";
  protected readonly booleanLiterals: [string, string] = ["true", "false"];
  protected readonly readers: Record<InternalType, Reader> = readerTable({
    JSONField: identity,
    DurationField: nullable((v) => parseInterval(String(v))),
    BooleanField: nullable((v) => v === true || v === "t" || v === "true"),
    UUIDField: nullable((v) => String(v)),
    BinaryField: identity,
  });
  protected readonly encoders: Partial<Record<InternalType, Encoder>> = {
    ...this.commonEncoders(),
    JSONField: (v) => JSON.stringify(v),
  };

  constructor(
    features: Features = postgresFeatures,
    readonly driver = createPostgresDriver,
  ) {
    super(features);
  }

  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  placeholder(index: number): string {
    return `$${index}`;
  }

  override encodeBoolean(v: boolean): unknown {
    return v;
  }

  override encodeDateTime(v: Date): unknown {
    return v.toISOString();
  }

  /**
   * Days and the rest, as psycopg sends a timedelta (`1 day 01:00:00`, not
   * `25:00:00`): PostgreSQL keeps the two apart, and ExtractDay/ExtractHour
   * of the interval read them as Django's do.
   */
  override encodeDuration(v: Duration): unknown {
    const days = Math.floor(v.microseconds / 86_400_000_000);
    return `${days} days ${v.microseconds - days * 86_400_000_000} microseconds`;
  }

  lookupSql(name: string, lhs: Field | undefined): LookupSql {
    return postgresLookup(name, lhs);
  }

  columnType(field: Field): string {
    return postgresColumnType(field);
  }

  castType(t: InternalType, field?: Field): string {
    return postgresCastType(t, field);
  }

  override explainPrefix(options: {
    analyze?: boolean;
    format?: string;
    verbose?: boolean;
  }): string {
    const opts: string[] = [];
    if (options.analyze) opts.push("ANALYZE true");
    if (options.verbose) opts.push("VERBOSE true");
    if (options.format === "json") opts.push("FORMAT JSON");
    return opts.length ? `EXPLAIN (${opts.join(", ")})` : "EXPLAIN";
  }

  protected errorKind(e: { code?: unknown }): ErrorKind {
    const code = String(e.code ?? "");
    if (code.startsWith("23")) return "integrity";
    if (code.startsWith("42") || code === "21000") return "programming";
    if (code.startsWith("22")) return "data";
    if (
      code.startsWith("40") ||
      code.startsWith("55") ||
      code.startsWith("57") ||
      code.startsWith("08")
    )
      return "operational";
    return "other";
  }

  schemaEditor(compileCheck: CheckCompiler): SchemaEditor {
    return new PostgresSchemaEditor(this, compileCheck);
  }

  createCompiler(params?: readonly unknown[]): Compiler {
    return new PostgresCompiler(this, params);
  }

  /** PostgreSQL's message with its DETAIL line, as psycopg (and so Django) shows it. */
  protected override errorMessage(error: unknown): string {
    const detail = (error as { detail?: unknown } | null)?.detail;
    const message = super.errorMessage(error);
    return typeof detail === "string" && detail ? `${message}\nDETAIL:  ${detail}` : message;
  }

  protected clone(features: Features): PostgresDialect {
    return new PostgresDialect(features, this.driver);
  }
}

/** The same dialect over PGlite (embedded PostgreSQL). */
export function pgliteDialect(): PostgresDialect {
  return new PostgresDialect(postgresFeatures, createPgliteDriver);
}
