import type { FunctionWriter } from "../../compiler/compiler.js";
import type { Field } from "../../models/fields/field.js";
import type { DecimalField } from "../../models/fields/numeric.js";
import type { CharField } from "../../models/fields/scalar.js";
import { valueField } from "../values.js";
import { mysqlDatetimeFunctions } from "./datetime-functions.js";

/**
 * The type names MySQL's CAST accepts (a subset of its column types;
 * Django's cast_data_types). Booleans are tinyint(1), read as 0/1.
 */
function castTarget(field: Field): string {
  const f = valueField(field);
  switch (f.internalType) {
    case "PositiveIntegerField":
    case "PositiveSmallIntegerField":
    case "PositiveBigIntegerField":
      return "unsigned integer";
    case "AutoField":
    case "BigAutoField":
    case "SmallAutoField":
    case "IntegerField":
    case "BigIntegerField":
    case "SmallIntegerField":
    case "DurationField":
    case "BooleanField":
      return "signed integer";
    case "FloatField":
      return "double";
    case "DecimalField": {
      const d = f as DecimalField;
      return d.options?.maxDigits
        ? `decimal(${d.maxDigits}, ${d.decimalPlaces})`
        : "decimal(65, 30)";
    }
    case "CharField":
    case "EmailField":
    case "SlugField":
    case "URLField": {
      const n = (f as CharField).maxLength;
      return n ? `char(${n})` : "char";
    }
    case "UUIDField":
      return "char(32)";
    case "DateField":
      return "date";
    case "DateTimeField":
      return "datetime(6)";
    case "TimeField":
      return "time(6)";
    case "JSONField":
      return "json";
    case "BinaryField":
      return "binary";
    default:
      return "char";
  }
}

/**
 * MySQL/MariaDB's function table. Concat is CONCAT_WS('', …), which skips
 * NULLs (Django's choice); Length counts characters (CHAR_LENGTH), not bytes.
 */
export const mysqlFunctions: Record<string, FunctionWriter> = {
  Cast: ([x], node, c) => {
    const field = node.outputField!;
    // MariaDB has no CAST(… AS json): JSON_EXTRACT(x, '$') parses the text (as Django).
    if (field.internalType === "JSONField" && c.dialect.features.isMariaDB)
      return `JSON_EXTRACT(${x}, '$')`;
    return `CAST(${x} AS ${castTarget(field)})`;
  },
  Concat: (args) => `CONCAT_WS('', ${args.join(", ")})`,
  Length: ([x]) => `CHAR_LENGTH(${x})`,
  ...mysqlDatetimeFunctions,
};
