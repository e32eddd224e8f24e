import { expect } from "vitest";
import { F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadTeams, QsPlayer, QsTeam, qsModels } from "./models.js";

forEachDialect(
  "values, valuesList, combinators, dates",
  { models: qsModels, fixtures: loadTeams },
  (t) => {
    t.case("values() with fields, relation paths, transforms and expressions", async () => {
      const rows = await QsPlayer.objects
        .orderBy("name")
        .values("name", "team__name", "joinedAt__year");
      expect(rows[0]).toEqual({ name: "abe", team__name: "Ants", joinedAt__year: 2024 });
      expect(rows.find((r) => r.name === "dan")).toEqual({
        name: "dan",
        team__name: null,
        joinedAt__year: 2024,
      });
      const all = await QsTeam.objects.filter({ name: "Ants" }).values();
      expect(all).toEqual([{ id: expect.any(Number), name: "Ants", rank: 2 }]);
      const doubled = await QsPlayer.objects
        .filter({ name: "ann" })
        .values({ twice: F("score").mul(2) });
      expect(doubled).toEqual([{ twice: 20 }]);
    });

    t.case("valuesList(): tuples, flat, named", async () => {
      const qs = QsPlayer.objects.orderBy("name");
      expect(await qs.valuesList("name", "score").slice(0, 2)).toEqual([
        ["abe", 30],
        ["ann", 10],
      ]);
      expect(await qs.valuesList("name", { flat: true })).toEqual([
        "abe",
        "ann",
        "bob",
        "cat",
        "dan",
      ]);
      const [named] = await qs.valuesList("name", "score", { named: true });
      expect(named.name).toBe("abe");
      expect(named.score).toBe(30);
      expect([...named]).toEqual(["abe", 30]);
      expect(() => qs.valuesList("name", "score", { flat: true } as never)).toThrow(
        "'flat' is not valid when valuesList is called with more than one field.",
      );
    });

    t.case("count() and exists(), wrapped when distinct or sliced", async () => {
      expect(await QsPlayer.objects.count()).toBe(5);
      expect(await QsPlayer.objects.filter({ score__gte: 20 }).count()).toBe(3);
      expect(await QsPlayer.objects.orderBy("name").slice(1, 3).count()).toBe(2);
      expect(await QsPlayer.objects.values("score").distinct().count()).toBe(4);
      expect(await QsPlayer.objects.filter({ name: "nobody" }).exists()).toBe(false);
      expect(await QsPlayer.objects.filter({ team__name: "Cats" }).exists()).toBe(true);
      expect(await QsPlayer.objects.none().count()).toBe(0);
      expect(await QsPlayer.objects.none()).toEqual([]);
    });

    t.case("union, intersection, difference, ordered by a column", async () => {
      const low = QsPlayer.objects.filter({ score__lt: 15 }).valuesList("name", { flat: true });
      const ants = QsPlayer.objects
        .filter({ team__name: "Ants" })
        .valuesList("name", { flat: true });
      expect(await low.union(ants).orderBy("name")).toEqual(["abe", "ann", "dan"]);
      expect(await low.union(ants, { all: true }).orderBy("name")).toEqual([
        "abe",
        "ann",
        "ann",
        "dan",
      ]);
      expect(await low.intersection(ants).orderBy("name")).toEqual(["ann"]);
      expect(await ants.difference(low).orderBy("name")).toEqual(["abe"]);
      const instances = await QsPlayer.objects
        .filter({ name: "ann" })
        .union(QsPlayer.objects.filter({ name: "bob" }))
        .orderBy("-name");
      expect(instances.map((p) => p.name)).toEqual(["bob", "ann"]);
    });

    t.case("dates() and datetimes()", async () => {
      expect(await QsPlayer.objects.dates("joinedAt", "month")).toEqual([
        "2023-11-01",
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
      ]);
      expect(await QsPlayer.objects.dates("joinedAt", "year", { order: "DESC" })).toEqual([
        "2024-01-01",
        "2023-01-01",
      ]);
      expect(await QsPlayer.objects.dates("born", "year")).toEqual([
        "1985-01-01",
        "1990-01-01",
        "2001-01-01",
      ]);
      const dts = await QsPlayer.objects.datetimes("joinedAt", "day");
      expect(dts.map((d) => d.toISOString())).toEqual([
        "2023-11-30T00:00:00.000Z",
        "2024-01-05T00:00:00.000Z",
        "2024-02-10T00:00:00.000Z",
        "2024-02-20T00:00:00.000Z",
        "2024-03-01T00:00:00.000Z",
      ]);
      expect(await QsPlayer.objects.dates("joinedAt", "week")).toEqual([
        "2023-11-27",
        "2024-01-01",
        "2024-02-05",
        "2024-02-19",
        "2024-02-26",
      ]);
    });

    t.case("inBulk() maps keys to instances", async () => {
      const teams = await QsTeam.objects.all();
      const map = await QsTeam.objects.inBulk([teams[0].pk, teams[2].pk]);
      expect([...map.values()].map((x) => x.name).sort()).toEqual(
        [teams[0].name, teams[2].name].sort(),
      );
      expect((await QsTeam.objects.inBulk()).size).toBe(3);
    });

    t.case("iterator() streams in chunks", async () => {
      const seen: string[] = [];
      for await (const p of QsPlayer.objects.orderBy("name").iterator({ chunkSize: 2 }))
        seen.push(p.name);
      expect(seen).toEqual(["abe", "ann", "bob", "cat", "dan"]);
      const flat: string[] = [];
      for await (const n of QsPlayer.objects
        .orderBy("name")
        .valuesList("name", { flat: true })
        .iterator({ chunkSize: 3 }))
        flat.push(n);
      expect(flat).toEqual(seen);
    });
  },
);
