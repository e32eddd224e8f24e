import { expect } from "vitest";
import { F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadTeams, QsPlayer, QsTeam, qsModels } from "./models.js";

const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name);

forEachDialect("ordering and slicing", { models: qsModels, fixtures: loadTeams }, (t) => {
  t.case("the model's default ordering applies; orderBy() clears it", async () => {
    expect(names(await QsPlayer.objects.all())).toEqual(["abe", "cat", "bob", "ann", "dan"]);
    const unordered = QsPlayer.objects.orderBy().sql().sql;
    expect(unordered).not.toContain("ORDER BY");
  });

  t.case("orderBy by field, descending, relation path, pk", async () => {
    expect(names(await QsPlayer.objects.orderBy("name"))).toEqual([
      "abe",
      "ann",
      "bob",
      "cat",
      "dan",
    ]);
    expect(names(await QsPlayer.objects.orderBy("-joinedAt"))).toEqual([
      "dan",
      "bob",
      "abe",
      "ann",
      "cat",
    ]);
    const byTeam = await QsPlayer.objects
      .filter({ team__isnull: false })
      .orderBy("team__name", "-score");
    expect(names(byTeam)).toEqual(["abe", "ann", "bob", "cat"]);
    expect(names(await QsPlayer.objects.orderBy("-pk").slice(0, 2))).toEqual(["dan", "cat"]);
  });

  t.case("ordering by a relation uses the related model's ordering", async () => {
    const rows = await QsPlayer.objects.filter({ team__isnull: false }).orderBy("team", "name");
    expect(names(rows)).toEqual(["abe", "ann", "bob", "cat"]);
  });

  t.case("NULLS FIRST / LAST are honoured on every database", async () => {
    const last = await QsTeam.objects.orderBy(F("rank").asc({ nullsLast: true }));
    expect(names(last)).toEqual(["Cats", "Ants", "Bees"]);
    const first = await QsTeam.objects.orderBy(F("rank").desc({ nullsFirst: true }));
    expect(names(first)).toEqual(["Bees", "Ants", "Cats"]);
    const lastDesc = await QsTeam.objects.orderBy(F("rank").desc({ nullsLast: true }));
    expect(names(lastDesc)).toEqual(["Ants", "Cats", "Bees"]);
  });

  t.case("reverse() flips the ordering, including the default one", async () => {
    expect(names(await QsPlayer.objects.reverse())).toEqual(["dan", "ann", "bob", "cat", "abe"]);
    expect(names(await QsPlayer.objects.orderBy("name").reverse())).toEqual([
      "dan",
      "cat",
      "bob",
      "ann",
      "abe",
    ]);
  });

  t.case("slice is Python's [start:end]; slices compose", async () => {
    const qs = QsPlayer.objects.orderBy("name");
    expect(names(await qs.slice(1, 3))).toEqual(["ann", "bob"]);
    expect(names(await qs.slice(2))).toEqual(["bob", "cat", "dan"]);
    expect(names(await qs.slice(1, 4).slice(1, 2))).toEqual(["bob"]);
    expect(await qs.slice(2, 2)).toEqual([]);
    expect(() => qs.slice(-1)).toThrow("Negative indexing is not supported.");
    expect(() => qs.slice(0, 1).filter({ name: "x" })).toThrow(
      "Cannot filter a query once a slice has been taken.",
    );
  });

  t.case("first(), last(), latest(), earliest()", async () => {
    expect((await QsPlayer.objects.first())?.name).toBe("abe");
    expect((await QsPlayer.objects.last())?.name).toBe("dan");
    expect((await QsTeam.objects.orderBy().first())?.name).toBe("Ants");
    expect((await QsPlayer.objects.latest()).name).toBe("dan");
    expect((await QsPlayer.objects.earliest()).name).toBe("cat");
    expect((await QsPlayer.objects.latest("score", "-name")).name).toBe("abe");
    expect(await QsPlayer.objects.filter({ name: "zed" }).first()).toBeNull();
    await expect(QsPlayer.objects.filter({ name: "zed" }).latest()).rejects.toBeInstanceOf(
      QsPlayer.DoesNotExist,
    );
  });

  t.case("distinct() removes duplicate rows from a join", async () => {
    const teams = await QsTeam.objects
      .filter({ players__score__gte: 10 })
      .orderBy("name")
      .valuesList("name", { flat: true });
    expect(teams).toEqual(["Ants", "Ants", "Bees", "Cats"]);
    const distinct = await QsTeam.objects
      .filter({ players__score__gte: 10 })
      .distinct()
      .orderBy("name")
      .valuesList("name", { flat: true });
    expect(distinct).toEqual(["Ants", "Bees", "Cats"]);
  });

  t.case(
    "distinct(fields) is DISTINCT ON on PostgreSQL, NotSupportedError elsewhere",
    async (ctx) => {
      const qs = QsPlayer.objects
        .filter({ team__isnull: false })
        .orderBy("teamId", "-score")
        .distinct("teamId");
      if (ctx.features().supportsDistinctOn) {
        const rows = await qs.valuesList("teamId", "name");
        expect(rows).toEqual([
          [expect.any(Number), "abe"],
          [expect.any(Number), "bob"],
          [expect.any(Number), "cat"],
        ]);
      } else {
        await expect(qs.fetch()).rejects.toThrow(
          "DISTINCT ON fields is not supported by this database backend",
        );
      }
    },
  );
});
