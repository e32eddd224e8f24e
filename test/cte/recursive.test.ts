/**
 * Recursive CTEs (issue 4, item 7): a category tree's descendants and
 * ancestors with a depth column, read as model rows, each one statement.
 */
import { expect } from "vitest";
import { assertNumQueries, Concat, F, Max, recursiveCte, Value } from "../../src/index.js";
import { type DialectName, expectSql, forEachDialect } from "../harness/case.js";
import { cteModels, loadTree, TreeCategory } from "./models.js";
import { ancestors, descendants } from "./trees.js";

forEachDialect("cte: recursive trees", { models: cteModels, fixtures: loadTree }, (t) => {
  t.case("descendants with depth: one WITH RECURSIVE statement, model rows", async () => {
    const qs = TreeCategory.objects.fromCte(descendants("a")).orderBy("depth", "name");
    const rows = await assertNumQueries(1, () => qs.fetch());
    expect(rows.map((r) => [r.name, r.depth])).toEqual([
      ["a", 0],
      ["a1", 1],
      ["a2", 1],
      ["a1x", 2],
    ]);
    expect(rows[0]).toBeInstanceOf(TreeCategory);
    expectSql(qs, t.dialect, {
      sqlite:
        'WITH RECURSIVE "tree" ("id", "name", "parent_id", "rank", "depth") AS (SELECT "cte_category"."id", "cte_category"."name", "cte_category"."parent_id", "cte_category"."rank", ? AS "depth" FROM "cte_category" WHERE "cte_category"."name" = ? UNION ALL SELECT "cte_category"."id", "cte_category"."name", "cte_category"."parent_id", "cte_category"."rank", ("tree"."depth" + ?) AS "depth" FROM "cte_category" INNER JOIN "tree" ON ("cte_category"."parent_id" = "tree"."id")) SELECT "tree"."id", "tree"."name", "tree"."parent_id", "tree"."rank", "tree"."depth" AS "depth" FROM "tree" ORDER BY "depth" ASC, "tree"."name" ASC',
      postgres:
        'WITH RECURSIVE "tree" ("id", "name", "parent_id", "rank", "depth") AS (SELECT "cte_category"."id", "cte_category"."name", "cte_category"."parent_id", "cte_category"."rank", $1::integer AS "depth" FROM "cte_category" WHERE "cte_category"."name" = $2 UNION ALL SELECT "cte_category"."id", "cte_category"."name", "cte_category"."parent_id", "cte_category"."rank", ("tree"."depth" + $3) AS "depth" FROM "cte_category" INNER JOIN "tree" ON ("cte_category"."parent_id" = "tree"."id")) SELECT "tree"."id", "tree"."name", "tree"."parent_id", "tree"."rank", "tree"."depth" AS "depth" FROM "tree" ORDER BY "depth" ASC, "tree"."name" ASC',
      mysql:
        "WITH RECURSIVE `tree` (`id`, `name`, `parent_id`, `rank`, `depth`) AS (SELECT `cte_category`.`id`, `cte_category`.`name`, `cte_category`.`parent_id`, `cte_category`.`rank`, ? AS `depth` FROM `cte_category` WHERE `cte_category`.`name` = ? UNION ALL SELECT `cte_category`.`id`, `cte_category`.`name`, `cte_category`.`parent_id`, `cte_category`.`rank`, (`tree`.`depth` + ?) AS `depth` FROM `cte_category` INNER JOIN `tree` ON (`cte_category`.`parent_id` = `tree`.`id`)) SELECT `tree`.`id`, `tree`.`name`, `tree`.`parent_id`, `tree`.`rank`, `tree`.`depth` AS `depth` FROM `tree` ORDER BY `depth` ASC, `tree`.`name` ASC",
    });
  });

  t.case("ancestors with depth (the join the other way round)", async () => {
    const rows = await TreeCategory.objects
      .fromCte(ancestors("a1x"))
      .orderBy("-depth")
      .valuesList("name", "depth");
    expect(rows).toEqual([
      ["root", 3],
      ["a", 2],
      ["a1", 1],
      ["a1x", 0],
    ]);
  });

  t.case("a text column that grows each round (path): typed per dialect", async () => {
    // The anchor's `name` is a varchar(20); paths grow past it. MySQL/MariaDB size a
    // recursive CTE's columns from the anchor, PostgreSQL wants one type for both members.
    const paths = recursiveCte(
      "paths",
      TreeCategory.objects
        .filter({ parent__isnull: true })
        .annotate({ path: F("name"), depth: Value(0) }),
      (self) =>
        TreeCategory.objects.joinCte(self, { parent: "id" }).annotate({
          path: Concat(self.col("path"), Value(" / "), F("name")),
          depth: self.col("depth").add(1),
        }),
    );
    const qs = TreeCategory.objects.fromCte(paths).orderBy("path").valuesList("path", "depth");
    const rows = await qs;
    const widened: Record<DialectName, RegExp> = {
      sqlite: /^(?!.*CAST\().*$/, // SQLite columns have no declared size
      postgres:
        /^WITH RECURSIVE "paths" .*CAST\(.* AS text\) AS "path".* UNION ALL .*CAST\(.* AS text\) AS "path"/,
      mysql:
        /CAST\(.* AS CHAR\(4000\)\) AS `path`.* UNION ALL .*CAST\(.* AS CHAR\(4000\)\) AS `path`/,
    };
    expect(qs.sql().sql).toMatch(widened[t.dialect]);
    expect(rows).toEqual([
      ["other", 0],
      ["root", 0],
      ["root / a", 1],
      ["root / a / a1", 2],
      ["root / a / a1 / a1x", 3],
      ["root / a / a2", 2],
      ["root / b", 1],
      ["root / b / b1", 2],
    ]);
  });

  t.case("filter, count and aggregate over CTE rows", async () => {
    const tree = descendants("root");
    expect(await TreeCategory.objects.fromCte(tree).count()).toBe(7);
    expect(await TreeCategory.objects.fromCte(tree).filter({ depth__gte: 2 }).count()).toBe(4);
    expect(
      await assertNumQueries(1, () =>
        TreeCategory.objects.fromCte(tree).aggregate({ deepest: Max("depth") }),
      ),
    ).toEqual({ deepest: 3 });
    // Relations of CTE rows join as usual.
    expect(
      await TreeCategory.objects
        .fromCte(tree)
        .filter({ parent__name: "a" })
        .orderBy("name")
        .valuesList("name", { flat: true }),
    ).toEqual(["a1", "a2"]);
  });

  t.case("the other ways of reading: get, first, exists, iterator", async () => {
    const qs = TreeCategory.objects.fromCte(descendants("a"));
    const a1x = await qs.get({ name: "a1x" });
    expect([a1x.name, a1x.depth]).toEqual(["a1x", 2]);
    expect((await qs.orderBy("-depth", "name").first())?.name).toBe("a1x");
    expect(await qs.filter({ depth: 1 }).exists()).toBe(true);
    expect(await qs.filter({ depth: 5 }).exists()).toBe(false);
    const streamed: string[] = [];
    for await (const row of qs.orderBy("name").iterator({ chunkSize: 2 })) streamed.push(row.name);
    expect(streamed).toEqual(["a", "a1", "a1x", "a2"]);
  });

  t.case("a depth limit in the step (alias + filter on a CTE column)", async () => {
    const shallow = recursiveCte(
      "shallow",
      TreeCategory.objects.filter({ name: "root" }).annotate({ depth: Value(0) }),
      (self) =>
        TreeCategory.objects
          .joinCte(self, { parent: "id" })
          .alias({ parentDepth: self.col("depth") })
          .filter({ parentDepth__lt: 1 })
          .annotate({ depth: self.col("depth").add(1) }),
    );
    expect(
      await TreeCategory.objects
        .fromCte(shallow)
        .orderBy("name")
        .valuesList("name", { flat: true }),
    ).toEqual(["a", "b", "root"]);
  });
});
