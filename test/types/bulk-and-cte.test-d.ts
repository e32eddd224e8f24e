import { describe, expectTypeOf, test } from "vitest";
import {
  BatchUpdateError,
  type Cte,
  cte,
  F,
  recursiveCte,
  type UpdateBatch,
  type UpdateProgress,
  Value,
} from "../../src/index.js";
import { TreeCategory } from "../cte/models.js";

describe("chunked update() is typed", () => {
  test("options and progress", async () => {
    const n = await TreeCategory.objects.update(
      { rank: F("rank").add(1) },
      {
        batchSize: 100,
        onProgress: (p) => {
          expectTypeOf(p).toEqualTypeOf<UpdateProgress>();
          expectTypeOf(p.totalUpdated).toEqualTypeOf<number>();
          expectTypeOf(p.batch).toEqualTypeOf<number>();
        },
      },
    );
    expectTypeOf(n).toEqualTypeOf<number>();
    // @ts-expect-error batchSize is a number
    TreeCategory.objects.update({ rank: 1 }, { batchSize: "10" });
    const e = new BatchUpdateError("x", [], null, { cause: null });
    expectTypeOf(e.applied).toEqualTypeOf<readonly UpdateBatch[]>();
    expectTypeOf(e.failed).toEqualTypeOf<UpdateBatch | null>();
  });
});

describe("CTEs are typed by their rows", () => {
  test("fromCte() rows are instances plus the CTE's extra columns", async () => {
    const tree = recursiveCte(
      "tree",
      TreeCategory.objects.filter({ name: "a" }).annotate({ depth: Value(0) }),
      (self) =>
        TreeCategory.objects
          .joinCte(self, { parent: "id" })
          .annotate({ depth: self.col("depth").add(1) }),
    );
    const rows = await TreeCategory.objects.fromCte(tree);
    expectTypeOf(rows[0].depth).toEqualTypeOf<number>();
    expectTypeOf(rows[0].name).toEqualTypeOf<string>();
    // Extra columns are annotations: filter, orderBy and values know them.
    const deep = await TreeCategory.objects
      .fromCte(tree)
      .filter({ depth__gte: 1 })
      .orderBy("-depth")
      .values("name", "depth");
    expectTypeOf(deep[0]).toEqualTypeOf<{ name: string; depth: number }>();
    // @ts-expect-error not a column of the CTE's rows
    tree.col("nope");
  });

  test("col() of a values() CTE has the column's type", () => {
    const top = cte("top", TreeCategory.objects.values("id", "rank"));
    expectTypeOf(top).toEqualTypeOf<Cte<{ id: number; rank: number }>>();
    const rows = TreeCategory.objects.joinCte(top, { id: "id" }).annotate({ r: top.col("rank") });
    expectTypeOf<Awaited<typeof rows>[number]["r"]>().toEqualTypeOf<number>();
  });
});
