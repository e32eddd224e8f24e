import type { Dialect } from "../dialects/dialect.js";
import {
  flatReader,
  modelReader,
  objectReader,
  type RowReader,
  tupleReader,
} from "../loading/hydrate.js";
import type { SelectPlan } from "../query/plan.js";

/** What each row of a QuerySet becomes. */
export type RowShape =
  | { readonly kind: "model" }
  | { readonly kind: "values"; readonly names: readonly string[] }
  | {
      readonly kind: "valuesList";
      readonly names: readonly string[];
      readonly flat: boolean;
      readonly named: boolean;
    };

export const MODEL_ROWS: RowShape = Object.freeze({ kind: "model" });

/** Return the row reader for a shape over a planned select. */
export function rowReader(shape: RowShape, dialect: Dialect, plan: SelectPlan): RowReader {
  switch (shape.kind) {
    case "model":
      return modelReader(dialect, plan);
    case "values":
      return objectReader(dialect, plan, shape.names);
    case "valuesList":
      if (shape.flat) return flatReader(dialect, plan);
      return tupleReader(dialect, plan, shape.names, shape.named);
  }
}
