import type { Field } from "../../models/fields/field.js";
import { SchemaEditor } from "../schema.js";

export class MysqlSchemaEditor extends SchemaEditor {
  /** Positive integers are UNSIGNED columns. */
  override columnCheck(_f: Field): string {
    return "";
  }

  override tableSuffix(): string {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
  }

  override indexForeignKeys(): boolean {
    return false;
  }

  override dropPrologue(): string[] {
    return ["SET FOREIGN_KEY_CHECKS = 0"];
  }

  override dropEpilogue(): string[] {
    return ["SET FOREIGN_KEY_CHECKS = 1"];
  }
}
