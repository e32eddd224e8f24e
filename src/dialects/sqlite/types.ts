import type { Field, InternalType } from "../../models/fields/field.js";
import type { CharField } from "../../models/fields/scalar.js";

/** Column types for DDL (Django's data_types for SQLite: type names give column affinity). */
export function sqliteColumnType(field: Field): string {
  switch (field.internalType) {
    case "AutoField":
    case "BigAutoField":
    case "SmallAutoField":
      return "integer";
    default:
      return sqliteCastType(field.internalType, field);
  }
}

export function sqliteCastType(t: InternalType, field?: Field): string {
  switch (t) {
    case "AutoField":
    case "BigAutoField":
    case "SmallAutoField":
    case "IntegerField":
    case "ForeignKey":
    case "OneToOneField":
    case "ManyToManyField":
      return "integer";
    case "BigIntegerField":
      return "bigint";
    case "SmallIntegerField":
      return "smallint";
    case "PositiveIntegerField":
      return "integer unsigned";
    case "PositiveBigIntegerField":
      return "bigint unsigned";
    case "PositiveSmallIntegerField":
      return "smallint unsigned";
    case "FloatField":
      return "real";
    case "DecimalField":
      return "decimal";
    case "BooleanField":
      return "bool";
    case "CharField":
    case "EmailField":
    case "SlugField":
    case "URLField": {
      const n = (field as CharField | undefined)?.maxLength;
      return n ? `varchar(${n})` : "text";
    }
    case "TextField":
      return "text";
    case "UUIDField":
      return "char(32)";
    case "JSONField":
      return "text";
    case "DateField":
      return "date";
    case "DateTimeField":
      return "datetime";
    case "TimeField":
      return "time";
    case "DurationField":
      return "bigint";
    case "BinaryField":
      return "BLOB";
  }
}
