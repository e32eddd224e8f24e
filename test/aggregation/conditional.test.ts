/**
 * Conditional aggregation: `Count("members", { filter: Q(...) })` is
 * `FILTER (WHERE …)` where the database has it (PostgreSQL, SQLite) and
 * `CASE WHEN … THEN … ELSE NULL END` inside the aggregate elsewhere
 * (MySQL/MariaDB), chosen by the supportsAggregateFilterClause feature.
 */
import { expect } from "vitest";
import { Avg, Count, Q, Sum } from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { groupingModels, loadTeams, Member, Team } from "./models.js";

forEachDialect("aggregation: conditional", { models: groupingModels, fixtures: loadTeams }, (t) => {
  t.case("the filter is FILTER (WHERE …) or CASE WHEN, by feature", async (ctx) => {
    const qs = Member.objects.aggregate({ high: Count("id", { filter: Q({ score__gte: 50 }) }) });
    expect(await qs).toEqual({ high: 3 });
    const sqlQs = Member.objects.values("teamId").annotate({
      high: Count("id", { filter: Q({ score__gte: 50 }) }),
    });
    expectSql(sqlQs, ctx.dialect, {
      sqlite:
        'SELECT "aggt_member"."team_id" AS "teamId", COUNT("aggt_member"."id") FILTER (WHERE "aggt_member"."score" >= ?) AS "high" FROM "aggt_member" GROUP BY 1',
      postgres:
        'SELECT "aggt_member"."team_id" AS "teamId", COUNT("aggt_member"."id") FILTER (WHERE "aggt_member"."score" >= $1) AS "high" FROM "aggt_member" GROUP BY 1',
      mysql:
        "SELECT `aggt_member`.`team_id` AS `teamId`, COUNT(CASE WHEN `aggt_member`.`score` >= ? THEN `aggt_member`.`id` ELSE NULL END) AS `high` FROM `aggt_member` GROUP BY 1",
    });
    expect(ctx.features().supportsAggregateFilterClause).toBe(ctx.dialect !== "mysql");
  });

  t.case("several conditional counts over one join", async () => {
    const rows = await Team.objects
      .annotate({
        strong: Count("members", { filter: Q({ members__score__gte: 50 }) }),
        weak: Count("members", { filter: Q({ members__score__lt: 50 }) }),
        inactive: Count("members", { filter: Q({ members__active: false }) }),
      })
      .orderBy("name")
      .valuesList("name", "strong", "weak", "inactive");
    expect(rows).toEqual([
      ["Blues", 2, 0, 0],
      ["Greens", 0, 0, 0],
      ["Reds", 1, 2, 1],
    ]);
  });

  t.case("filter with distinct, default and OR conditions", async () => {
    const r = await Member.objects.aggregate({
      distinctHigh: Count("score", { distinct: true, filter: Q({ score__gte: 50 }) }),
      lowSum: Sum("score", { filter: Q({ score__lt: 50 }).or(Q({ active: false })), default: 0 }),
      none: Sum("score", { filter: Q({ score__gt: 1000 }), default: 0 }),
      avgActive: Avg("score", { filter: Q({ active: true }) }),
    });
    expect(r).toEqual({ distinctHigh: 2, lowSum: 50, none: 0, avgActive: 60 });
  });

  t.case("the filter's parameters bind in text order (positional placeholders)", async () => {
    // The CASE WHEN form puts the condition before the value; both forms must bind right.
    const r = await Member.objects.aggregate({
      a: Sum("score", { filter: Q({ name__in: ["Ann", "Dee"] }), default: 1 }),
      b: Count("id", { filter: Q({ joined__gte: "2024-02-01", score__lte: 40 }) }),
    });
    expect(r).toEqual({ a: 160, b: 2 });
  });
});
