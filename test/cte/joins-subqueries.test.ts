/**
 * CTEs joined (joinCte + col), inside subqueries (pk__in, Exists,
 * Subquery), attached by name, and restricting writes — one statement each.
 */
import { expect } from "vitest";
import {
  assertNumQueries,
  Count,
  captureQueries,
  cte,
  Exists,
  F,
  OuterRef,
  Subquery,
  Value,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { cteModels, loadTree, TreeCategory } from "./models.js";
import { descendants } from "./trees.js";

forEachDialect("cte: joins and subqueries", { models: cteModels, fixtures: loadTree }, (t) => {
  t.case("the CTE as a subquery source: pk__in and Exists, one statement", async () => {
    const tree = descendants("a");
    const inTree = TreeCategory.objects.filter({
      pk__in: TreeCategory.objects.fromCte(tree).values("pk"),
    });
    const { result, queries } = await captureQueries(async () =>
      inTree.orderBy("name").valuesList("name", { flat: true }),
    );
    expect(result).toEqual(["a", "a1", "a1x", "a2"]);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/IN \(WITH RECURSIVE /);

    const flagged = await assertNumQueries(1, () =>
      TreeCategory.objects
        .annotate({
          inA: Exists(TreeCategory.objects.fromCte(tree).filter({ pk: OuterRef("pk") })),
        })
        .orderBy("name")
        .valuesList("name", "inA"),
    );
    expect(flagged.filter(([, inA]) => inA).map(([n]) => n)).toEqual(["a", "a1", "a1x", "a2"]);
    expect(flagged).toHaveLength(8);
  });

  t.case("attached once at the top, read by a subquery without repeating WITH", async () => {
    const tree = descendants("b");
    const qs = TreeCategory.objects
      .with(tree)
      .exclude({ pk__in: TreeCategory.objects.fromCte(tree).values("pk") })
      .orderBy("name");
    const sql = qs.sql().sql;
    expect(sql.match(/\bWITH\b/g)).toHaveLength(1);
    expect(sql).toMatch(/^WITH RECURSIVE /);
    expect(await qs.valuesList("name", { flat: true })).toEqual([
      "a",
      "a1",
      "a1x",
      "a2",
      "other",
      "root",
    ]);
  });

  t.case("a plain CTE joined: children per category", async () => {
    const kids = cte(
      "kids",
      TreeCategory.objects
        .filter({ parent__isnull: false })
        .values("parent")
        .annotate({ n: Count("pk") }),
    );
    const inner = TreeCategory.objects
      .joinCte(kids, { id: "parent" })
      .annotate({ kids: kids.col("n") })
      .orderBy("name");
    const sql = await assertNumQueries(1, async () => {
      expect(await inner.valuesList("name", "kids")).toEqual([
        ["a", 2],
        ["a1", 1],
        ["b", 1],
        ["root", 2],
      ]);
      return inner.sql().sql;
    });
    expect(sql).toMatch(/^WITH .kids. \(.parent., .n.\) AS \(SELECT /);
    expect(sql).toContain("INNER JOIN");
    const left = await TreeCategory.objects
      .joinCte(kids, { id: "parent" }, { type: "LEFT" })
      .filter({ name__in: ["a", "a1x"] })
      .annotate({ kids: kids.col("n") })
      .orderBy("name")
      .valuesList("name", "kids");
    expect(left).toEqual([
      ["a", 2],
      ["a1x", null],
    ]);
  });

  t.case(
    "a values() CTE read in subqueries through joinCte (Exists, Subquery, pk__in)",
    async () => {
      const kids = cte(
        "kids",
        TreeCategory.objects
          .filter({ parent__isnull: false })
          .values("parent")
          .annotate({ n: Count("pk") }),
      );
      const counted = TreeCategory.objects.joinCte(kids, { id: "parent" });
      const rows = await assertNumQueries(1, () =>
        TreeCategory.objects
          .annotate({
            hasKids: Exists(counted.filter({ pk: OuterRef("pk") })),
            kidCount: Subquery(counted.filter({ pk: OuterRef("pk") }).values({ n: kids.col("n") })),
          })
          .filter({ pk__in: counted.values("pk") })
          .orderBy("name")
          .valuesList("name", "hasKids", "kidCount"),
      );
      expect(rows).toEqual([
        ["a", true, 2],
        ["a1", true, 1],
        ["b", true, 1],
        ["root", true, 2],
      ]);
    },
  );

  t.case("subqueries inside and outside a CTE keep their own aliases", async () => {
    const leaves = cte(
      "leaves",
      TreeCategory.objects
        .alias({ hasKids: Exists(TreeCategory.objects.filter({ parent: OuterRef("pk") })) })
        .filter({ hasKids: false }),
    );
    const qs = TreeCategory.objects
      .fromCte(leaves)
      .filter({ parent__isnull: false })
      .alias({
        parentIsRoot: Exists(
          TreeCategory.objects.filter({ pk: OuterRef("parent"), parent__isnull: true }),
        ),
      })
      .filter({ parentIsRoot: false })
      .orderBy("name");
    expect(await qs.valuesList("name", { flat: true })).toEqual(["a1x", "a2", "b1"]);
    // Both EXISTS read U0: one inside the CTE body, one in the main query — separate scopes.
    expect(qs.sql().sql.match(/EXISTS\(SELECT 1 AS .a. FROM .cte_category. .?U0.? /g)).toHaveLength(
      2,
    );
  });

  t.case("with(name, qs) and by-name references", async () => {
    const rows = await TreeCategory.objects
      .withRecursive(
        "tree",
        TreeCategory.objects.filter({ name: "b" }).annotate({ depth: Value(0) }),
        (self) =>
          TreeCategory.objects
            .joinCte(self, { parent: "id" })
            .annotate({ depth: self.col("depth").add(1) }),
      )
      .fromCte("tree")
      .orderBy("name")
      .valuesList("name", "depth");
    expect(rows).toEqual([
      ["b", 0],
      ["b1", 1],
    ]);
    const top = await TreeCategory.objects
      .with("top", TreeCategory.objects.filter({ rank__gte: 5 }).values("id", "rank"))
      .joinCte("top", { id: "id" })
      .filter({ name__startswith: "b" })
      .annotate({ r: cte("top").col("rank").mul(10) })
      .orderBy("name")
      .valuesList("name", "r");
    expect(top).toEqual([
      ["b", 50],
      ["b1", 60],
    ]);
  });

  t.case("update() of the rows a CTE finds: one UPDATE", async () => {
    const tree = descendants("a");
    const { result, queries } = await captureQueries(() =>
      TreeCategory.objects
        .filter({ pk__in: TreeCategory.objects.fromCte(tree).values("pk") })
        .update({ rank: F("rank").add(100) }),
    );
    expect(result).toBe(4);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/^UPDATE /);
    expect(
      await TreeCategory.objects
        .filter({ rank__gte: 100 })
        .orderBy("name")
        .valuesList("name", "rank"),
    ).toEqual([
      ["a", 101],
      ["a1", 102],
      ["a1x", 103],
      ["a2", 104],
    ]);
    // A joined CTE restricts the rows of an update too (and batches walk them).
    const updated = await TreeCategory.objects
      .joinCte(descendants("b"), { id: "id" })
      .update({ rank: 0 }, { batchSize: 1 });
    expect(updated).toBe(2);
    expect(
      await TreeCategory.objects
        .filter({ rank: 0 })
        .orderBy("name")
        .valuesList("name", { flat: true }),
    ).toEqual(["b", "b1", "root"]);
  });

  t.case("delete() of the rows a joined CTE selects", async () => {
    // (The returned count is not asserted: deleting a parent and its child in one
    // DELETE makes MySQL/SQLite count the row their ON DELETE CASCADE removed once.)
    await TreeCategory.objects.joinCte(descendants("a1"), { id: "id" }).delete();
    expect(await TreeCategory.objects.orderBy("name").valuesList("name", { flat: true })).toEqual([
      "a",
      "a2",
      "b",
      "b1",
      "other",
      "root",
    ]);
  });
});
