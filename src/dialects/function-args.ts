import type { Expression } from "../expressions/node.js";
import { outputFieldOf } from "../expressions/output.js";
import { isSubtype } from "../expressions/output-types.js";
import type { Field, InternalType } from "../models/fields/field.js";
import { valueField } from "./values.js";

/**
 * What the dialects' function writers ask about an argument: is it a bound
 * value (and of which type), is it text. Shared by the three tables.
 */

/** The argument as a bound value, if it is one: its value and the field it is bound as. */
export function boundValue(
  e: Expression,
): { value: unknown; field: Field | undefined } | undefined {
  if (e.kind !== "value") return undefined;
  return { value: (e as { value?: unknown }).value, field: outputFieldOf(e) };
}

/** The internal type an argument's values are read as (a foreign key as its target's). */
export function argumentType(e: Expression): InternalType | undefined {
  const field = outputFieldOf(e);
  return field ? valueField(field).internalType : undefined;
}

/** Is the argument text (CharField, TextField and their kinds)? */
export function isText(e: Expression): boolean {
  const t = argumentType(e);
  return t !== undefined && (isSubtype(t, "CharField") || t === "TextField");
}

/** Is the argument a bound decimal value (sent as text, so it must be cast back to a number)? */
export function isDecimalValue(e: Expression): boolean {
  return boundValue(e) !== undefined && argumentType(e) === "DecimalField";
}

/** A bound value argument's number (Round's precision), if it is a plain number. */
export function numberValue(e: Expression): number | undefined {
  const v = boundValue(e)?.value;
  return typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined;
}
