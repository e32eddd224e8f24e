import { createHash } from "node:crypto";
import type { Field } from "../models/fields/field.js";
import type { DecimalField } from "../models/fields/numeric.js";
import { ForeignKey, type OnDelete } from "../models/fields/relation.js";
import type { ModelMeta } from "../models/meta.js";
import { CheckConstraint, UniqueConstraint } from "../models/options.js";
import type { Dialect } from "./dialect.js";

/** Compiles a CHECK constraint's condition (supplied by the layer that resolves expressions). */
export type CheckCompiler = (meta: ModelMeta, constraint: CheckConstraint) => string;

/**
 * DDL for a set of models (Django's schema editor, before migrations): each
 * dialect overrides the few statements that differ. Identifiers are quoted;
 * the only literals are those of the model definitions (defaults, checks),
 * written by the dialect's literal renderer because DDL takes no parameters.
 */
export class SchemaEditor {
  constructor(
    readonly dialect: Dialect,
    readonly compileCheck: CheckCompiler,
  ) {}

  q(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }

  /** A constraint/index name: `<table>_<columns>_<hash>_<suffix>`, within the length limit. */
  name(table: string, columns: readonly string[], suffix: string): string {
    const hash = createHash("md5")
      .update([table, ...columns].join("|"))
      .digest("hex")
      .slice(0, 8);
    const max = this.dialect.features.maxIdentifierLength;
    const base = `${table}_${columns.join("_")}`;
    const tail = `_${hash}_${suffix}`;
    return `${base.slice(0, Math.max(1, max - tail.length))}${tail}`;
  }

  /** Statements that create the tables (in order), then those that link them (foreign keys, indexes). */
  createStatements(metas: readonly ModelMeta[]): { tables: string[]; after: string[] } {
    const tables: string[] = [];
    const after: string[] = [];
    for (const meta of metas) {
      tables.push(this.createTable(meta));
      after.push(...this.foreignKeys(meta), ...this.indexes(meta));
    }
    return { tables, after };
  }

  createTable(meta: ModelMeta): string {
    const lines = meta.fields.map((f) => this.columnDefinition(meta, f));
    for (const group of meta.options.uniqueTogether ?? []) {
      const cols = group.map((n) => meta.concreteField(n)!.column);
      lines.push(
        `CONSTRAINT ${this.q(this.name(meta.table, cols, "uniq"))} UNIQUE (${cols.map((c) => this.q(c)).join(", ")})`,
      );
    }
    for (const c of meta.options.constraints ?? []) {
      if (c instanceof UniqueConstraint) {
        const cols = c.fields.map((n) => meta.concreteField(n)!.column);
        lines.push(
          `CONSTRAINT ${this.q(c.name)} UNIQUE (${cols.map((x) => this.q(x)).join(", ")})`,
        );
      } else if (c instanceof CheckConstraint) {
        lines.push(`CONSTRAINT ${this.q(c.name)} CHECK (${this.compileCheck(meta, c)})`);
      }
    }
    if (this.inlineForeignKeys()) {
      for (const f of meta.fields)
        if (f instanceof ForeignKey && f.dbConstraint)
          lines.push(this.foreignKeyClause(meta, f, false));
    }
    return `CREATE TABLE ${this.q(meta.table)} (${lines.join(", ")})${this.tableSuffix()}`;
  }

  columnDefinition(_meta: ModelMeta, f: Field): string {
    const parts = [this.q(f.column), this.dialect.columnType(f)];
    parts.push(f.nullable ? "NULL" : "NOT NULL");
    if (f.primaryKey) parts.push(this.primaryKeyClause(f));
    else if (f.unique) parts.push("UNIQUE");
    if (f.options.dbDefault !== undefined)
      parts.push(`DEFAULT ${this.dialect.literal(this.dialect.encode(f.options.dbDefault, f))}`);
    const check = this.columnCheck(f);
    if (check) parts.push(check);
    return parts.join(" ");
  }

  primaryKeyClause(f: Field): string {
    return f.isAutoIncrement ? "PRIMARY KEY" : "PRIMARY KEY";
  }

  /** PositiveIntegerField & co.: `CHECK ("col" >= 0)` (MySQL uses UNSIGNED instead). */
  columnCheck(f: Field): string {
    return f.internalType.startsWith("Positive") ? `CHECK (${this.q(f.column)} >= 0)` : "";
  }

  tableSuffix(): string {
    return "";
  }

  /** SQLite declares foreign keys inside CREATE TABLE; servers add them afterwards. */
  inlineForeignKeys(): boolean {
    return false;
  }

  onDeleteAction(action: OnDelete): string {
    switch (action) {
      case "CASCADE":
        return "CASCADE";
      case "SET_NULL":
        return "SET NULL";
      case "SET_DEFAULT":
        // Applied by Tango before the DELETE (the column's default is a JS value).
        return "NO ACTION";
      default:
        // PROTECT / RESTRICT are checked by Tango first (ProtectedError); DO_NOTHING leaves it to the database.
        return "NO ACTION";
    }
  }

  foreignKeyClause(meta: ModelMeta, f: ForeignKey, named: boolean): string {
    const target = f.relatedMeta();
    const name = named
      ? `CONSTRAINT ${this.q(this.name(meta.table, [f.column], `fk_${target.table}_${f.targetField().column}`))} `
      : "";
    return `${name}FOREIGN KEY (${this.q(f.column)}) REFERENCES ${this.q(target.table)} (${this.q(f.targetField().column)}) ON DELETE ${this.onDeleteAction(f.onDelete)}`;
  }

  foreignKeys(meta: ModelMeta): string[] {
    if (this.inlineForeignKeys()) return [];
    return meta.fields
      .filter((f): f is ForeignKey => f instanceof ForeignKey && f.dbConstraint)
      .map((f) => `ALTER TABLE ${this.q(meta.table)} ADD ${this.foreignKeyClause(meta, f, true)}`);
  }

  indexes(meta: ModelMeta): string[] {
    const out: string[] = [];
    for (const f of meta.fields) {
      const wanted =
        (f.options.dbIndex || (f instanceof ForeignKey && this.indexForeignKeys())) &&
        !f.unique &&
        !f.primaryKey;
      if (wanted)
        out.push(
          `CREATE INDEX ${this.q(this.name(meta.table, [f.column], "idx"))} ON ${this.q(meta.table)} (${this.q(f.column)})`,
        );
    }
    for (const idx of meta.options.indexes ?? []) {
      const cols = idx.fields.map((n) => {
        const desc = n.startsWith("-");
        const f = meta.concreteField(desc ? n.slice(1) : n)!;
        return `${this.q(f.column)}${desc ? " DESC" : ""}`;
      });
      const name =
        idx.name ??
        this.name(
          meta.table,
          idx.fields.map((n) => n.replace(/^-/, "")),
          "idx",
        );
      out.push(`CREATE INDEX ${this.q(name)} ON ${this.q(meta.table)} (${cols.join(", ")})`);
    }
    return out;
  }

  /** Index foreign key columns (Django does; InnoDB creates them itself). */
  indexForeignKeys(): boolean {
    return true;
  }

  dropTable(meta: ModelMeta): string {
    return `DROP TABLE IF EXISTS ${this.q(meta.table)}`;
  }

  /** Statement that moves the table's id sequence past its largest id (after rows were inserted with explicit ids). */
  resetSequence(_meta: ModelMeta): string | null {
    return null;
  }

  /** Statements around dropping tables in any order (foreign-key checks off where possible). */
  dropPrologue(): string[] {
    return [];
  }

  dropEpilogue(): string[] {
    return [];
  }

  decimalPlaces(f: Field): number | undefined {
    return (f as DecimalField).options?.decimalPlaces;
  }
}
