/**
 * Common table expressions (issue 4, item 7): WITH and WITH RECURSIVE,
 * read as a model's rows (fromCte), joined (joinCte + col), and inside
 * subqueries, each as one statement.
 */
import { expect } from "vitest";
import {
  assertNumQueries,
  Concat,
  Count,
  captureQueries,
  cte,
  Exists,
  F,
  FieldError,
  Max,
  NotSupportedError,
  OuterRef,
  recursiveCte,
  Subquery,
  Value,
} from "../../src/index.js";
import { type DialectName, expectSql, forEachDialect } from "../harness/case.js";
import { cteModels, loadTree, TreeCategory } from "./models.js";

/** Descendants of the category named `name` (itself at depth 0). */
const descendants = (name: string) =>
  recursiveCte(
    "tree",
    TreeCategory.objects.filter({ name }).annotate({ depth: Value(0) }),
    (self) =>
      TreeCategory.objects
        .joinCte(self, { parent: "id" })
        .annotate({ depth: self.col("depth").add(1) }),
  );

/** Ancestors of the category named `name` (itself at depth 0). */
const ancestors = (name: string) =>
  recursiveCte("up", TreeCategory.objects.filter({ name }).annotate({ depth: Value(0) }), (self) =>
    TreeCategory.objects
      .joinCte(self, { id: "parent" })
      .annotate({ depth: self.col("depth").add(1) }),
  );

forEachDialect("cte: common table expressions", { models: cteModels, fixtures: loadTree }, (t) => {
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

  t.case("bad input is refused with FieldError, naming the choices", async () => {
    expect(() => cte("cte_category", TreeCategory.objects.all())).toThrow(
      new FieldError(
        "The CTE name 'cte_category' is the table of model TreeCategory; inside the statement it would hide that table. Choose another name.",
      ),
    );
    for (const bad of ["bad name", 'x" ; DROP TABLE cte_category; --', "1st", ""]) {
      expect(() => cte(bad, TreeCategory.objects.all())).toThrow(
        new FieldError(
          `A CTE name must be a letter or underscore followed by letters, digits or underscores (got '${bad}').`,
        ),
      );
    }
    const names = cte("names", TreeCategory.objects.values("name"));
    expect(() => TreeCategory.objects.fromCte(names)).toThrow(
      new FieldError(
        "CTE 'names' cannot be read as TreeCategory rows: it has no column id, parent_id, rank. Select the model's rows in the CTE, or read its columns with joinCte() and col().",
      ),
    );
    expect(() =>
      TreeCategory.objects
        .joinCte(names, { name: "name" })
        .annotate({ x: names.col("nmae" as "name") }),
    ).toThrow(
      new FieldError("CTE 'names' has no column 'nmae'. Columns are: name. Did you mean 'name'?"),
    );
    expect(() => TreeCategory.objects.annotate({ x: names.col("name") })).toThrow(
      new FieldError(
        "CTE 'names' is not read by this query on TreeCategory; join it with joinCte() or read it with fromCte() first.",
      ),
    );
    expect(() => TreeCategory.objects.fromCte("nope")).toThrow(
      new FieldError(
        "No CTE named 'nope' is attached to this query. Attached: none; add it with with().",
      ),
    );
    expect(() =>
      recursiveCte(
        "tree",
        TreeCategory.objects.filter({ name: "a" }).annotate({ depth: Value(0) }),
        (self) => TreeCategory.objects.joinCte(self, { parent: "id" }),
      ),
    ).toThrow(
      new FieldError(
        "The recursive step of CTE 'tree' must select the anchor's columns in the same order: expected (id, name, parent_id, rank, depth), got (id, name, parent_id, rank).",
      ),
    );
    expect(() => TreeCategory.objects.filter({ name: "a" }).fromCte(descendants("a"))).toThrow(
      FieldError,
    );
    expect(() =>
      TreeCategory.objects.fromCte(descendants("a")).union(TreeCategory.objects.all()),
    ).toThrow(NotSupportedError);
    expect(() =>
      TreeCategory.objects
        .filter({ name: "a" })
        .union(TreeCategory.objects.all())
        .with(descendants("a")),
    ).toThrow(NotSupportedError);
    await expect(
      TreeCategory.objects.fromCte(descendants("a")).update({ rank: 1 }),
    ).rejects.toThrow(
      new FieldError(
        "Cannot update or delete rows read from CTE 'tree'; filter the model instead: TreeCategory.objects.filter({ pk__in: <the fromCte() QuerySet>.values(\"pk\") }).",
      ),
    );
  });
});
