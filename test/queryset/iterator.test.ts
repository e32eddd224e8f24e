import { expect } from "vitest";
import { forEachDialect } from "../harness/case.js";
import { loadTeams, QsPlayer, qsModels } from "./models.js";

forEachDialect(
  "iterator() with other queries in the loop",
  { models: qsModels, fixtures: loadTeams },
  (t) => {
    t.case("inside a transaction", async () => {
      const seen: string[] = [];
      for await (const p of QsPlayer.objects.orderBy("name").iterator({ chunkSize: 2 })) {
        seen.push(`${p.name}:${await QsPlayer.objects.filter({ score__gte: p.score }).count()}`);
      }
      expect(seen).toEqual(["abe:2", "ann:4", "bob:3", "cat:2", "dan:5"]);
    });

    t.caseWithoutTransaction(
      "outside a transaction (a connection of its own where the database has several)",
      async () => {
        const seen: string[] = [];
        for await (const p of QsPlayer.objects.orderBy("name").iterator({ chunkSize: 2 })) {
          seen.push(`${p.name}:${await QsPlayer.objects.filter({ score__gte: p.score }).count()}`);
        }
        expect(seen).toEqual(["abe:2", "ann:4", "bob:3", "cat:2", "dan:5"]);
      },
    );
  },
);
