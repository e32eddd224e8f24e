import { expect } from "vitest";
import { Abs, Ceil, Decimal, F, Floor, NotSupportedError, Round } from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { asText, column, failure, per } from "./helpers.js";
import { FnMeasure, functionModels } from "./models.js";

forEachDialect(
  "functions: Abs, Floor, Ceil, Round",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const measures = FnMeasure.objects.orderBy("pk");

    t.case("Abs keeps the argument's type", async () => {
      const rows = await measures
        .annotate({ i: Abs("n"), d: Abs("amount"), f: Abs("x"), b: Abs("big") })
        .values("i", "d", "f", "b");
      expect(rows.map((r) => r.i)).toEqual([7, 4, 0, 15]);
      expect(rows[0].d).toBeInstanceOf(Decimal);
      expect(asText(rows.map((r) => r.d))).toEqual(["12.5", "3.75", "1234.56", "0.05"]);
      expect(rows.map((r) => r.f)).toEqual([2.5, 1.25, 3.5, 0.125]);
      expect(rows.map((r) => r.b)).toEqual([5_000_000_000n, null, 2n, 9n]);
    });

    t.case("Floor and Ceil of floats and decimals", async ({ dialect }) => {
      const qs = measures.annotate({
        fx: Floor("x"),
        cx: Ceil("x"),
        fd: Floor("amount"),
        cd: Ceil("amount"),
      });
      const rows = await qs.values("fx", "cx", "fd", "cd");
      expect(rows.map((r) => r.fx)).toEqual([2, -2, 3, 0]);
      expect(rows.map((r) => r.cx)).toEqual([3, -1, 4, 1]);
      expect(asText(rows.map((r) => r.fd))).toEqual(["12", "-4", "1234", "0"]);
      expect(asText(rows.map((r) => r.cd))).toEqual(["13", "-3", "1235", "1"]);
      expectSql(qs.values("cx"), dialect, {
        sqlite:
          'SELECT CEILING("fn_measure"."x") AS "cx" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
        postgres:
          'SELECT CEILING("fn_measure"."x") AS "cx" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
        mysql:
          "SELECT CEILING(`fn_measure`.`x`) AS `cx` FROM `fn_measure` ORDER BY `fn_measure`.`id` ASC",
      });
    });

    t.case("Round decimals: halves away from zero everywhere", async () => {
      const rows = await measures
        .annotate({ r0: Round("amount"), r1: Round("amount", 1), ri: Round("n") })
        .values("r0", "r1", "ri");
      expect(rows[0].r0).toBeInstanceOf(Decimal);
      expect(asText(rows.map((r) => r.r0))).toEqual(["13", "-4", "1235", "0"]);
      expect(asText(rows.map((r) => r.r1))).toEqual(["12.5", "-3.8", "1234.6", "0.1"]);
      expect(rows.map((r) => r.ri)).toEqual([7, -4, 0, 15]);
    });

    t.case(
      "Round floats: MySQL rounds halves to even (the C library's rule)",
      async ({ dialect }) => {
        const qs = measures.annotate({ r0: Round("x"), r1: Round("x", 1) });
        const rows = await qs.values("r0", "r1");
        expect(rows.map((r) => r.r0)).toEqual(
          per(dialect, { sqlite: [3, -1, 4, 0], postgres: [3, -1, 4, 0], mysql: [2, -1, 4, 0] }),
        );
        expect(rows.map((r) => r.r1)).toEqual(
          per(dialect, {
            sqlite: [2.5, -1.3, 3.5, 0.1],
            postgres: [2.5, -1.3, 3.5, 0.1],
            mysql: [2.5, -1.2, 3.5, 0.1],
          }),
        );
        // PostgreSQL has no ROUND(double precision, integer): the float is rounded as numeric.
        expectSql(qs.values("r1"), dialect, {
          sqlite:
            'SELECT ROUND("fn_measure"."x", ?) AS "r1" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          postgres:
            'SELECT ROUND(("fn_measure"."x")::numeric, $1::integer) AS "r1" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          mysql:
            "SELECT ROUND(`fn_measure`.`x`, ?) AS `r1` FROM `fn_measure` ORDER BY `fn_measure`.`id` ASC",
        });
      },
    );

    t.case(
      "Round to a negative precision: NotSupportedError on SQLite, before any SQL",
      async ({ dialect }) => {
        const qs = measures.annotate({ v: Round("n", -1) }).values("v");
        if (dialect === "sqlite") {
          const { error, queries } = await failure(() => qs);
          expect(error).toBeInstanceOf(NotSupportedError);
          expect((error as Error).message).toBe(
            "SQLite does not support negative precision in Round(); round a scaled value " +
              "instead (Round(F('x').div(100)).mul(100)), or use PostgreSQL or MySQL",
          );
          expect(queries).toBe(0);
        } else {
          expect(await column(qs, "v")).toEqual([10, 0, 0, 20]);
        }
      },
    );

    t.case("Math functions nest and take expressions", async () => {
      const rows = await measures
        .annotate({ v: Abs(Floor(F("x").mul(2))), w: Round(F("amount").mul(F("n")), 1) })
        .values("v", "w");
      expect(rows.map((r) => r.v)).toEqual([5, 3, 7, 0]);
      expect(asText(rows.map((r) => r.w))).toEqual(["87.5", "15", "0", "0.8"]);
    });
  },
);
