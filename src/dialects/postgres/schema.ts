import type { ModelMeta } from "../../models/meta.js";
import { SchemaEditor } from "../schema.js";

export class PostgresSchemaEditor extends SchemaEditor {
  override resetSequence(meta: ModelMeta): string | null {
    const pk = meta.pk;
    if (!pk.isAutoIncrement) return null;
    const table = this.q(meta.table);
    const col = this.q(pk.column);
    return `SELECT setval(pg_get_serial_sequence(${this.dialect.literal(table)}, ${this.dialect.literal(pk.column)}), COALESCE(MAX(${col}), 1), MAX(${col}) IS NOT NULL) FROM ${table}`;
  }

  override dropTable(meta: ModelMeta): string {
    return `DROP TABLE IF EXISTS ${this.q(meta.table)} CASCADE`;
  }
}
