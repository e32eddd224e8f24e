import { recursiveCte, Value } from "../../src/index.js";
import { TreeCategory } from "./models.js";

/** Descendants of the category named `name` (itself at depth 0). */
export const descendants = (name: string) =>
  recursiveCte(
    "tree",
    TreeCategory.objects.filter({ name }).annotate({ depth: Value(0) }),
    (self) =>
      TreeCategory.objects
        .joinCte(self, { parent: "id" })
        .annotate({ depth: self.col("depth").add(1) }),
  );

/** Ancestors of the category named `name` (itself at depth 0). */
export const ancestors = (name: string) =>
  recursiveCte("up", TreeCategory.objects.filter({ name }).annotate({ depth: Value(0) }), (self) =>
    TreeCategory.objects
      .joinCte(self, { id: "parent" })
      .annotate({ depth: self.col("depth").add(1) }),
  );
