import type { Field, InternalType } from "../../models/fields/field.js";
import type { DecimalField } from "../../models/fields/numeric.js";
import type { CharField } from "../../models/fields/scalar.js";

/** Column types for DDL (Django's data_types for MySQL). */
export function mysqlColumnType(field: Field): string {
  switch (field.internalType) {
    case "AutoField":
      return "integer AUTO_INCREMENT";
    case "BigAutoField":
      return "bigint AUTO_INCREMENT";
    case "SmallAutoField":
      return "smallint AUTO_INCREMENT";
    case "PositiveIntegerField":
      return "integer UNSIGNED";
    case "PositiveBigIntegerField":
      return "bigint UNSIGNED";
    case "PositiveSmallIntegerField":
      return "smallint UNSIGNED";
    case "SmallIntegerField":
      return "smallint";
    case "TextField":
      return "longtext";
    case "JSONField":
      return "json";
    case "DateTimeField":
      return "datetime(6)";
    case "TimeField":
      return "time(6)";
    case "BinaryField":
      return "longblob";
    default:
      return mysqlCastType(field.internalType, field);
  }
}

/** Type names for CAST(x AS …): MySQL's CAST accepts only a few. */
export function mysqlCastType(t: InternalType, field?: Field): string {
  switch (t) {
    case "AutoField":
    case "IntegerField":
    case "PositiveIntegerField":
    case "SmallAutoField":
    case "SmallIntegerField":
    case "PositiveSmallIntegerField":
      return "integer";
    case "BigAutoField":
    case "BigIntegerField":
    case "PositiveBigIntegerField":
    case "ForeignKey":
    case "OneToOneField":
    case "ManyToManyField":
      return "bigint";
    case "FloatField":
      return "double precision";
    case "DecimalField": {
      const d = field as DecimalField | undefined;
      return d?.options?.maxDigits
        ? `numeric(${d.maxDigits}, ${d.decimalPlaces})`
        : "numeric(65, 30)";
    }
    case "BooleanField":
      return "bool";
    case "CharField":
    case "EmailField":
    case "SlugField":
    case "URLField": {
      const n = (field as CharField | undefined)?.maxLength;
      return n ? `varchar(${n})` : "longtext";
    }
    case "TextField":
      return "longtext";
    case "UUIDField":
      return "char(32)";
    case "JSONField":
      return "json";
    case "DateField":
      return "date";
    case "DateTimeField":
      return "datetime(6)";
    case "TimeField":
      return "time(6)";
    case "DurationField":
      return "bigint";
    case "BinaryField":
      return "longblob";
  }
}
