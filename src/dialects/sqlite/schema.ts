import type { Field } from "../../models/fields/field.js";
import { SchemaEditor } from "../schema.js";

export class SqliteSchemaEditor extends SchemaEditor {
  override primaryKeyClause(f: Field): string {
    return f.isAutoIncrement ? "PRIMARY KEY AUTOINCREMENT" : "PRIMARY KEY";
  }

  override inlineForeignKeys(): boolean {
    return true;
  }
}
