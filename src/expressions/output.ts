import type { Field } from "../models/fields/field.js";
import type { Expression } from "./node.js";

/** Return the field a resolved expression's values are read and bound as, if known. */
export function outputFieldOf(e: Expression): Field | undefined {
  const r = e as { outputField?: Field; explicitOutput?: Field };
  return r.outputField ?? r.explicitOutput;
}
