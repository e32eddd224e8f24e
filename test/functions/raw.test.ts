import { expect } from "vitest";
import { Count, f, RawSQL, RawSqlNode } from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { column } from "./helpers.js";
import { FnMeasure, FnPerson, functionModels } from "./models.js";

forEachDialect(
  "functions: RawSQL",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const measures = FnMeasure.objects.orderBy("pk");

    t.case("parameters are bound, never written into the text", async ({ dialect }) => {
      const qs = measures
        .annotate({ v: RawSQL("n + %s", [10], { outputField: f.integer() }) })
        .values("v");
      expect(await column(qs, "v")).toEqual([17, 6, 10, 25]);
      expectSql(qs, dialect, {
        sqlite: 'SELECT (n + ?) AS "v" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
        postgres: 'SELECT (n + $1) AS "v" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
        mysql: "SELECT (n + ?) AS `v` FROM `fn_measure` ORDER BY `fn_measure`.`id` ASC",
      });
      expect(qs.sql().params).toHaveLength(1);
    });

    t.case("a hostile parameter stays a value", async () => {
      const evil = "x'); DROP TABLE fn_person; --";
      const [row] = await FnPerson.objects
        .filter({ pk: 1 })
        .annotate({ v: RawSQL("UPPER(%s)", [evil]) })
        .values("v");
      expect(row.v).toBe(evil.toUpperCase());
      expect(await FnPerson.objects.count()).toBe(4);
    });

    t.case("%% is a literal percent sign; several parameters bind in order", async () => {
      const [row] = await measures
        .filter({ pk: 1 })
        .annotate({
          pct: RawSQL("'100%%'", []),
          mid: RawSQL("CASE WHEN n BETWEEN %s AND %s THEN 1 ELSE 0 END", [5, 9], {
            outputField: f.integer(),
          }),
        })
        .values("pct", "mid");
      expect(row).toEqual({ pct: "100%", mid: 1 });
    });

    t.case("RawSQL in a filter and in GROUP BY", async () => {
      expect(
        await FnMeasure.objects
          .filter({ n__gt: RawSQL("%s", [5], { outputField: f.integer() }) })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ).toEqual([1, 4]);
      const groups = await FnMeasure.objects
        .values({
          positive: RawSQL("CASE WHEN n > %s THEN 1 ELSE 0 END", [0], { outputField: f.integer() }),
        })
        .annotate({ c: Count("id") })
        .orderBy("positive");
      expect(groups).toEqual([
        { positive: 0, c: 2 },
        { positive: 1, c: 2 },
      ]);
    });

    t.case("the placeholder count must match the parameters", () => {
      expect(() => RawSQL("n + %s", [])).toThrow(
        new TypeError("RawSQL: the SQL has 1 placeholder(s) (%s) but 0 parameter(s) were given"),
      );
      expect(RawSQL("n", [])).toBeInstanceOf(RawSqlNode);
    });
  },
);
