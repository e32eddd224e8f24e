import { FieldError } from "../errors.js";
import type { Field, InternalType } from "../models/fields/field.js";
import {
  BigIntegerField,
  DecimalField,
  type DecimalOptions,
  FloatField,
  IntegerField,
} from "../models/fields/numeric.js";
import { BinaryField, BooleanField, CharField, JSONField } from "../models/fields/scalar.js";
import { DateField, DateTimeField, DurationField, TimeField } from "../models/fields/temporal.js";
import { isDecimal } from "../values/decimal.js";
import { Duration } from "../values/duration.js";
import type { ArithmeticOp } from "./combinable.js";

/**
 * Django's field class hierarchy, for its "is an instance of" checks when
 * inferring output fields (EmailField is a CharField; DateTimeField is a DateField).
 */
const PARENT: Partial<Record<InternalType, InternalType>> = {
  AutoField: "IntegerField",
  SmallAutoField: "SmallIntegerField",
  BigAutoField: "BigIntegerField",
  BigIntegerField: "IntegerField",
  SmallIntegerField: "IntegerField",
  PositiveIntegerField: "IntegerField",
  PositiveBigIntegerField: "BigIntegerField",
  PositiveSmallIntegerField: "SmallIntegerField",
  EmailField: "CharField",
  SlugField: "CharField",
  URLField: "CharField",
  DateTimeField: "DateField",
  OneToOneField: "ForeignKey",
};

/** Is a field of type `t` an instance of type `base` (Python's isinstance over the hierarchy)? */
export function isSubtype(t: InternalType, base: InternalType): boolean {
  for (let cur: InternalType | undefined = t; cur; cur = PARENT[cur]) if (cur === base) return true;
  return false;
}

/** A fresh, unbound output field of an internal type (for inferred expression outputs). */
export function outputFieldOfType(t: InternalType): Field {
  switch (t) {
    case "IntegerField":
    case "SmallIntegerField":
    case "PositiveIntegerField":
    case "PositiveSmallIntegerField":
    case "AutoField":
    case "SmallAutoField":
      return new IntegerField(t);
    case "BigIntegerField":
    case "PositiveBigIntegerField":
    case "BigAutoField":
      return new BigIntegerField(t);
    case "FloatField":
      return new FloatField();
    case "DecimalField":
      return new DecimalField({} as DecimalOptions);
    case "BooleanField":
      return new BooleanField();
    case "DateField":
      return new DateField();
    case "DateTimeField":
      return new DateTimeField();
    case "TimeField":
      return new TimeField();
    case "DurationField":
      return new DurationField();
    case "JSONField":
      return new JSONField();
    case "BinaryField":
      return new BinaryField();
    default:
      return new CharField(t === "TextField" ? "TextField" : "CharField");
  }
}

/** Output field of a plain JS value (Django's Value._resolve_output_field). */
export function fieldForValue(v: unknown): Field | undefined {
  if (typeof v === "string") return outputFieldOfType("CharField");
  if (typeof v === "boolean") return outputFieldOfType("BooleanField");
  if (typeof v === "number")
    return outputFieldOfType(Number.isInteger(v) ? "IntegerField" : "FloatField");
  if (typeof v === "bigint") return outputFieldOfType("BigIntegerField");
  if (isDecimal(v)) return outputFieldOfType("DecimalField");
  if (v instanceof Date) return outputFieldOfType("DateTimeField");
  if (v instanceof Duration) return outputFieldOfType("DurationField");
  if (v instanceof Uint8Array) return outputFieldOfType("BinaryField");
  return undefined;
}

type Rule = [InternalType, InternalType, InternalType];
const NUMERIC: InternalType[] = ["IntegerField", "FloatField", "DecimalField"];
const same: Rule[] = NUMERIC.map((t) => [t, t, t]);
const mixed: Rule[] = [
  ["IntegerField", "DecimalField", "DecimalField"],
  ["DecimalField", "IntegerField", "DecimalField"],
  ["IntegerField", "FloatField", "FloatField"],
  ["FloatField", "IntegerField", "FloatField"],
];
const temporalAdd: Rule[] = [
  ["DateField", "DurationField", "DateTimeField"],
  ["DateTimeField", "DurationField", "DateTimeField"],
  ["TimeField", "DurationField", "TimeField"],
  ["DurationField", "DateField", "DateTimeField"],
  ["DurationField", "DateTimeField", "DateTimeField"],
  ["DurationField", "TimeField", "TimeField"],
];
const temporalSub: Rule[] = [
  ...temporalAdd,
  ["DurationField", "DurationField", "DurationField"],
  ["DateField", "DateField", "DurationField"],
  ["DateTimeField", "DateTimeField", "DurationField"],
  ["TimeField", "TimeField", "DurationField"],
];

/** Django's _connector_combinations: which operand types give which result, per operator. */
const COMBINATIONS: Record<ArithmeticOp, Rule[]> = {
  "+": [...same, ...mixed, ...temporalAdd, ["DurationField", "DurationField", "DurationField"]],
  "-": [...same, ...mixed, ...temporalSub],
  "*": [...same, ...mixed],
  "/": [...same, ...mixed],
  "%": [...same, ...mixed],
  "^": same,
};

/** Return the output field of `lhs op rhs`, or throw Django's "Cannot infer type" FieldError. */
export function combinedOutputField(
  op: ArithmeticOp,
  lhs: Field | undefined,
  rhs: Field | undefined,
): Field {
  // NULL on one side takes the other side's type (numeric only, as Django).
  if (!lhs && rhs && NUMERIC.some((t) => isSubtype(rhs.internalType, t))) return rhs;
  if (!rhs && lhs && NUMERIC.some((t) => isSubtype(lhs.internalType, t))) return lhs;
  if (lhs && rhs) {
    for (const [a, b, out] of COMBINATIONS[op]) {
      if (isSubtype(typeOf(lhs), a) && isSubtype(typeOf(rhs), b)) {
        return out === typeOf(lhs) ? lhs : out === typeOf(rhs) ? rhs : outputFieldOfType(out);
      }
    }
  }
  throw new FieldError(
    `Cannot infer type of '${op}' expression involving these types: ${lhs ? fieldClassName(lhs) : "NoneType"}, ` +
      `${rhs ? fieldClassName(rhs) : "NoneType"}. You must set outputField.`,
  );
}

/** A relation column combines as its target's type. */
function typeOf(f: Field): InternalType {
  return f.internalType === "ForeignKey" || f.internalType === "OneToOneField"
    ? "IntegerField"
    : f.internalType;
}

export function fieldClassName(f: Field): string {
  return f.internalType;
}

/**
 * Django's BaseExpression._resolve_output_field: every source must be an
 * instance of the first source's class, else "mixed types".
 */
export function commonOutputField(sources: readonly (Field | undefined)[]): Field | undefined {
  const known = sources.filter((s): s is Field => s !== undefined);
  if (known.length === 0) return undefined;
  const first = known[0];
  for (const s of known.slice(1)) {
    if (!isSubtype(first.internalType, s.internalType)) {
      throw new FieldError(
        `Expression contains mixed types: ${fieldClassName(first)}, ${fieldClassName(s)}. You must set outputField.`,
      );
    }
  }
  return first;
}
