import { expect } from "vitest";
import { getDatabase } from "../../src/db/database.js";
import {
  assertNumQueries,
  captureQueries,
  closeConnections,
  configure,
  createTables,
  F,
  type QueryLogEntry,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadTeams, QsPlayer, QsTeam, qsModels } from "./models.js";

forEachDialect("seeing what runs", { models: qsModels, fixtures: loadTeams }, (t) => {
  t.case("sql() gives the statement as sent: placeholders and bound values", async (ctx) => {
    const qs = QsTeam.objects.filter({ name: "Ants", rank__gte: 1 }).orderBy("-rank");
    expectSql(qs, ctx.dialect, {
      sqlite:
        'SELECT "qs_team"."id", "qs_team"."name", "qs_team"."rank" FROM "qs_team" WHERE ("qs_team"."name" = ? AND "qs_team"."rank" >= ?) ORDER BY "qs_team"."rank" DESC',
      postgres:
        'SELECT "qs_team"."id", "qs_team"."name", "qs_team"."rank" FROM "qs_team" WHERE ("qs_team"."name" = $1 AND "qs_team"."rank" >= $2) ORDER BY "qs_team"."rank" DESC',
      mysql:
        "SELECT `qs_team`.`id`, `qs_team`.`name`, `qs_team`.`rank` FROM `qs_team` WHERE (`qs_team`.`name` = ? AND `qs_team`.`rank` >= ?) ORDER BY `qs_team`.`rank` DESC",
    });
    expect(qs.sql().params).toEqual(ctx.dialect === "sqlite" ? ["Ants", 1n] : ["Ants", 1]);
  });

  t.case("String(qs.query) shows the values inline, for reading", async () => {
    const text = String(QsTeam.objects.filter({ name: "O'Neil" }).query);
    expect(text).toContain("'O''Neil'");
    expect(text).not.toMatch(/\?|\$1/);
  });

  t.case("captureQueries returns the result and each statement with its time", async () => {
    const { result, queries } = await captureQueries(() =>
      QsPlayer.objects.filter({ score__gt: 15 }).count(),
    );
    expect(result).toBe(3);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/^SELECT COUNT\(\*\)/);
    expect(queries[0].params).toHaveLength(1);
    expect(queries[0].ms).toBeGreaterThanOrEqual(0);
  });

  t.case("an atomic update is one statement", async () => {
    const n = await assertNumQueries(1, () =>
      QsPlayer.objects.filter({ name: "ann" }).update({ score: F("score").add(1) }),
    );
    expect(n).toBe(1);
    expect((await QsPlayer.objects.get({ name: "ann" })).score).toBe(11);
  });

  t.case("assertNumQueries fails with the statements listed", async () => {
    await expect(assertNumQueries(2, () => QsPlayer.objects.count())).rejects.toThrow(
      /1 queries executed, 2 expected/,
    );
  });

  t.case("a query that can match nothing sends nothing", async () => {
    const { result, queries } = await captureQueries(async () => [
      await QsPlayer.objects.filter({ pk__in: [] }),
      await QsPlayer.objects.none().count(),
      await QsPlayer.objects.filter({ pk__in: [] }).update({ score: 0 }),
    ]);
    expect(result).toEqual([[], 0, 0]);
    expect(queries).toHaveLength(0);
  });

  t.case("the query log is opt-in", async () => {
    const seen: QueryLogEntry[] = [];
    configure({ queryLog: (e) => seen.push(e) });
    try {
      await QsTeam.objects.filter({ name: "Bees" }).exists();
    } finally {
      configure({ queryLog: false });
    }
    expect(seen.map((e) => e.sql)).toEqual([expect.stringMatching(/^SELECT 1 AS .a. FROM/)]);
    await QsTeam.objects.count();
    expect(seen).toHaveLength(1);
  });

  t.case("explain() returns the database's plan", async () => {
    const plan = await QsPlayer.objects.filter({ score__gt: 10 }).explain();
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.toLowerCase()).toMatch(/qs_player|scan|seq|all/);
  });

  t.caseWithoutTransaction("using() reads from another configured database", async () => {
    const url = getDatabase().settings.url;
    configure({ databases: { default: url, other: "sqlite::memory:" } });
    try {
      await createTables([QsTeam], { using: "other" });
      await QsTeam.objects.using("other").create({ name: "Elsewhere", rank: 9 });
      expect(await QsTeam.objects.using("other").valuesList("name", { flat: true })).toEqual([
        "Elsewhere",
      ]);
      expect(await QsTeam.objects.filter({ name: "Elsewhere" }).count()).toBe(0);
      const team = await QsTeam.objects.using("other").get({ name: "Elsewhere" });
      team.rank = 10;
      await team.save();
      expect((await QsTeam.objects.using("other").get({ name: "Elsewhere" })).rank).toBe(10);
    } finally {
      await getDatabase("other").close();
      configure({ databases: { default: url } });
    }
  });
});

forEachDialect("configuration", { models: [] }, (t) => {
  t.caseWithoutTransaction("an unknown alias names the configured ones", async () => {
    expect(() => QsTeam.objects.using("nope").sql()).toThrow(
      "The database alias 'nope' is not configured. Configured: default",
    );
  });
});

void closeConnections;
