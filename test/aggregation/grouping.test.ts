/**
 * Grouping semantics (article 003): what annotate()/values() group by,
 * what ordering does to the groups, WHERE vs HAVING, and the SQL shapes.
 */
import { expect } from "vitest";
import { getDatabase } from "../../src/db/database.js";
import { execute } from "../../src/db/execute.js";
import {
  AnyValue,
  Avg,
  assertNumQueries,
  Count,
  captureQueries,
  F,
  Max,
  Q,
  Sum,
} from "../../src/index.js";
import { forEachDialect, selectCount } from "../harness/case.js";
import { groupingModels, loadTeams, Member, Team } from "./models.js";

const groupByOf = (sql: string) => /GROUP BY (.*?)(?: HAVING| ORDER BY| LIMIT|\)|$)/.exec(sql)?.[1];

forEachDialect("aggregation: grouping", { models: groupingModels, fixtures: loadTeams }, (t) => {
  t.case("annotate(Count) gives one row per instance, 0 for none", async () => {
    const teams = await Team.objects.annotate({ n: Count("members") }).orderBy("name");
    expect(teams.map((x) => [x.name, x.n])).toEqual([
      ["Blues", 2],
      ["Greens", 0],
      ["Reds", 3],
    ]);
  });

  t.case("GROUP BY the primary key where the database allows it, else every column", (ctx) => {
    const qs = Team.objects.annotate({ n: Count("members") }).orderBy("name");
    const groupBy = groupByOf(qs.sql().sql);
    const pk = ctx.dialect === "mysql" ? "`aggt_team`.`id`" : '"aggt_team"."id"';
    if (ctx.features().allowsGroupBySelectedPks) expect(groupBy).toBe(pk);
    else expect(groupBy?.split(", ")).toHaveLength(3);
    // PostgreSQL collapses; SQLite and MariaDB list every selected column.
    expect(ctx.features().allowsGroupBySelectedPks).toBe(ctx.dialect === "postgres");
  });

  t.case(
    "values().annotate() groups by the values; GROUP BY refers to the select position",
    async () => {
      const qs = Member.objects.values("teamId").annotate({ n: Count("id"), best: Max("score") });
      expect(groupByOf(qs.sql().sql)).toBe("1");
      const rows = await qs.orderBy("teamId");
      expect(rows.map((r) => [r.n, r.best])).toEqual([
        [3, 90],
        [2, 70],
      ]);
    },
  );

  t.case("annotate().values() is not a GROUP BY of the values", async () => {
    const rows = await Member.objects
      .annotate({ n: Count("id") })
      .values("teamId", "n")
      .orderBy("teamId", "n");
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  t.case("Meta.ordering is dropped from a grouped query (it would split groups)", async () => {
    const qs = Member.objects.values("teamId").annotate({ n: Count("id") });
    expect(qs.sql().sql).not.toContain("ORDER BY");
    expect((await qs).map((r) => r.n).sort()).toEqual([2, 3]);
    expect(qs.ordered).toBe(false);
  });

  t.case("an explicit ordering field joins the GROUP BY; orderBy() removes it", async () => {
    const polluted = Member.objects
      .orderBy("joined")
      .values("teamId")
      .annotate({ n: Count("id") });
    expect(await polluted).toHaveLength(5);
    const cleared = polluted.orderBy();
    expect((await cleared).map((r) => r.n).sort()).toEqual([2, 3]);
  });

  t.case("ordering by the aggregate does not change the groups", async () => {
    const rows = await Member.objects
      .values("teamId")
      .annotate({ total: Sum("score") })
      .orderBy("-total");
    expect(rows.map((r) => r.total)).toEqual([140, 140]);
    const top = await Team.objects
      .annotate({ total: Sum("members__score") })
      .orderBy(F("total").desc({ nullsLast: true }), "name")
      .slice(0, 2);
    expect(top.map((x) => [x.name, x.total])).toEqual([
      ["Blues", 140],
      ["Reds", 140],
    ]);
  });

  t.case("filter() before annotate() restricts what is counted", async () => {
    const rows = await Team.objects
      .filter({ members__score__gte: 50 })
      .annotate({ n: Count("members") })
      .orderBy("name");
    expect(rows.map((x) => [x.name, x.n])).toEqual([
      ["Blues", 2],
      ["Reds", 1],
    ]);
  });

  t.case("filter() after annotate() chooses rows but counts every member", async () => {
    const rows = await Team.objects
      .annotate({ n: Count("members") })
      .filter({ members__score__gte: 50 })
      .orderBy("name");
    // A second join: each matching member multiplies the count (Django's documented behaviour).
    expect(rows.map((x) => [x.name, x.n])).toEqual([
      ["Blues", 4],
      ["Reds", 3],
    ]);
    const distinct = await Team.objects
      .annotate({ n: Count("members", { distinct: true }) })
      .filter({ members__score__gte: 50 })
      .orderBy("name");
    expect(distinct.map((x) => [x.name, x.n])).toEqual([
      ["Blues", 2],
      ["Reds", 3],
    ]);
  });

  t.case("a condition on an aggregate is HAVING, the rest WHERE", async () => {
    const qs = Team.objects.annotate({ n: Count("members") }).filter({ n__gte: 2, city: "Lyon" });
    const { sql } = qs.sql();
    expect(sql).toMatch(/WHERE .*city.* GROUP BY .* HAVING COUNT\(/);
    expect((await qs).map((x) => x.name)).toEqual(["Reds"]);
  });

  t.case("an OR mixing an aggregate and a field goes to HAVING whole", async () => {
    const qs = Team.objects
      .annotate({ n: Count("members") })
      .filter(Q({ n: 2 }).or(Q({ name: "Greens" })))
      .orderBy("name");
    expect(qs.sql().sql).not.toContain("WHERE");
    expect((await qs).map((x) => x.name)).toEqual(["Blues", "Greens"]);
  });

  t.case("exclude() on an aggregate is HAVING NOT", async () => {
    const rows = await Team.objects
      .annotate({ n: Count("members") })
      .exclude({ n__gt: 2 })
      .orderBy("name");
    expect(rows.map((x) => x.name)).toEqual(["Blues", "Greens"]);
  });

  t.case("alias() groups too and can be filtered without being selected", async () => {
    const qs = Team.objects.alias({ n: Count("members") }).filter({ n: 0 });
    expect(qs.sql().sql).not.toMatch(/AS .n./);
    expect((await qs).map((x) => x.name)).toEqual(["Greens"]);
  });

  t.case("count() and exists() of grouped rows count the groups", async () => {
    expect(
      await Member.objects
        .values("teamId")
        .annotate({ n: Count("id") })
        .count(),
    ).toBe(2);
    expect(
      await Team.objects
        .annotate({ n: Count("members") })
        .filter({ n__gt: 2 })
        .count(),
    ).toBe(1);
    expect(
      await Team.objects
        .annotate({ n: Count("members") })
        .filter({ n__gt: 3 })
        .exists(),
    ).toBe(false);
    expect(
      await Team.objects
        .annotate({ n: Count("members") })
        .filter({ n: 0 })
        .exists(),
    ).toBe(true);
  });

  t.case("aggregate() over an annotation runs over a subquery, in one query", async () => {
    const { result, queries } = await captureQueries(() =>
      Team.objects.annotate({ n: Count("members") }).aggregate({ avg: Avg("n"), most: Max("n") }),
    );
    expect(result).toEqual({ avg: 5 / 3, most: 3 });
    expect(queries).toHaveLength(1);
    expect(selectCount(queries[0].sql)).toBe(2);
  });

  t.case("aggregate() over plain rows is one SELECT without GROUP BY", async () => {
    const { result, queries } = await captureQueries(() =>
      Member.objects.filter({ active: true }).aggregate({ total: Sum("score"), n: Count("*") }),
    );
    expect(result).toEqual({ total: 240, n: 4 });
    expect(selectCount(queries[0].sql)).toBe(1);
    expect(queries[0].sql).not.toContain("GROUP BY");
  });

  t.case("aggregate() of a query that can match nothing sends no SQL", async () => {
    await assertNumQueries(0, async () => {
      expect(
        await Member.objects.none().aggregate({
          n: Count("id"),
          total: Sum("score"),
          zero: Sum("score", { default: 0 }),
        }),
      ).toEqual({ n: 0, total: null, zero: 0 });
    });
    // An expression only the database can evaluate over no rows: the query runs with a false condition.
    await assertNumQueries(1, async () => {
      expect(await Member.objects.none().aggregate({ x: Count("id").add(1) })).toEqual({ x: 1 });
    });
  });

  t.case("aggregates can refer to earlier ones in the same call", async () => {
    expect(
      await Member.objects.aggregate({ total: Sum("score"), double: Sum("score").mul(2) }),
    ).toEqual({ total: 280, double: 560 });
  });

  t.case("AnyValue picks a value per group without grouping by it", async (ctx) => {
    if (ctx.dialect === "mysql") {
      // The suite's MariaDB sessions enforce ONLY_FULL_GROUP_BY (MySQL's default), so this proves validity there.
      const res = await execute(getDatabase(), "SELECT @@SESSION.sql_mode", [], {
        returnsRows: true,
      });
      expect(String(res.rows[0][0])).toContain("ONLY_FULL_GROUP_BY");
    }
    const qs = Member.objects
      .values("teamId")
      .annotate({ n: Count("id"), city: AnyValue("team__city") })
      .orderBy("teamId");
    expect(groupByOf(qs.sql().sql)).toBe("1");
    expect((await qs).map((r) => [r.n, r.city])).toEqual([
      [3, "Lyon"],
      [2, "Paris"],
    ]);
  });

  t.case("update() and delete() of rows chosen by an aggregate use a subquery", async () => {
    const updated = await Team.objects
      .annotate({ n: Count("members") })
      .filter({ n__gte: 2 })
      .update({ city: "Nice" });
    expect(updated).toBe(2);
    expect(
      await Team.objects
        .filter({ city: "Nice" })
        .orderBy("name")
        .valuesList("name", { flat: true }),
    ).toEqual(["Blues", "Reds"]);
    const [deleted] = await Team.objects
      .annotate({ n: Count("members") })
      .filter({ n: 0 })
      .delete();
    expect(deleted).toBe(1);
    expect(await Team.objects.count()).toBe(2);
  });

  t.case("a repeated aggregate() reuses its plan, with each call's own values", async () => {
    const counts: number[] = [];
    for (const threshold of [0, 50, 100, 50]) {
      const r = await Member.objects.aggregate({
        n: Count("id", { filter: Q({ score__gte: threshold }) }),
      });
      counts.push(r.n);
    }
    expect(counts).toEqual([5, 3, 0, 3]);
    const totals: Array<number | null> = [];
    for (const name of ["Reds", "Blues", "Greens"]) {
      const r = await Member.objects.filter({ team__name: name }).aggregate({ s: Sum("score") });
      totals.push(r.s);
    }
    expect(totals).toEqual([140, 140, null]);
  });
});
