import { expect } from "vitest";
import {
  Cast,
  Coalesce,
  Decimal,
  F,
  FieldError,
  f,
  Greatest,
  Least,
  NullIf,
  Sum,
  Value,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { asText, column, per } from "./helpers.js";
import { FnEvent, FnMeasure, functionModels } from "./models.js";

forEachDialect(
  "functions: Coalesce, Greatest, Least, NullIf, Cast",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const measures = FnMeasure.objects.orderBy("pk");

    t.case("Coalesce takes the first non-NULL argument, typed as its arguments", async () => {
      const rows = await measures.annotate({ v: Coalesce("maybe", "n") }).values("v");
      expect(rows.map((r) => r.v)).toEqual([3, -4, 0, 20]);
      const money = await column(
        measures.annotate({ v: Coalesce("discount", "amount") }).values("v"),
        "v",
      );
      expect(money[0]).toBeInstanceOf(Decimal);
      expect(asText(money)).toEqual(["10", "-3.75", "1300", "0.05"]);
    });

    t.case("Coalesce with a value, NULLs everywhere, three arguments", async () => {
      const zero = await column(
        measures.annotate({ v: Coalesce("maybe", Value(0)) }).values("v"),
        "v",
      );
      expect(zero).toEqual([3, 0, 0, 20]);
      const allNull = await column(
        measures.annotate({ v: Coalesce("maybe", Value(null)) }).values("v"),
        "v",
      );
      expect(allNull).toEqual([3, null, 0, 20]);
      const three = await column(
        measures
          .annotate({ v: Coalesce("discount", Value(null), Value(new Decimal("-1"))) })
          .values("v"),
        "v",
      );
      expect(asText(three)).toEqual(["10", "-1", "1300", "0.05"]);
    });

    t.case("Coalesce of mixed types needs outputField (Django's FieldError)", async () => {
      expect(() => measures.annotate({ v: Coalesce("maybe", "amount") })).toThrow(
        new FieldError(
          "Expression contains mixed types: IntegerField, DecimalField. You must set outputField.",
        ),
      );
      expect(() => measures.annotate({ v: Coalesce("maybe", "big") })).toThrow(
        "Expression contains mixed types: IntegerField, BigIntegerField. You must set outputField.",
      );
      const rows = await column(
        measures.annotate({ v: Coalesce("maybe", "x", { outputField: f.float() }) }).values("v"),
        "v",
      );
      expect(rows).toEqual([3, -1.25, 0, 20]);
    });

    t.case("Coalesce needs two arguments (Django's message)", () => {
      expect(() => Coalesce("maybe")).toThrow(
        new TypeError("Coalesce must take at least two expressions"),
      );
    });

    t.case("Coalesce in a filter and around an aggregate", async () => {
      const pks = await FnMeasure.objects
        .filter({ n__lt: Coalesce("maybe", Value(0)) })
        .orderBy("pk")
        .valuesList("pk", { flat: true });
      expect(pks).toEqual([2, 4]);
      expect(await FnMeasure.objects.aggregate({ total: Coalesce(Sum("maybe"), 0) })).toEqual({
        total: 23,
      });
      expect(
        await FnMeasure.objects
          .filter({ n__gt: 100 })
          .aggregate({ total: Coalesce(Sum("maybe"), 0) }),
      ).toEqual({ total: 0 });
    });

    t.case(
      "Greatest/Least with a NULL argument: NULL on SQLite and MySQL, ignored on PostgreSQL",
      async ({ dialect }) => {
        const qs = measures.annotate({ hi: Greatest("n", "maybe"), lo: Least("n", "maybe") });
        const rows = await qs.values("hi", "lo");
        expect(rows.map((r) => r.hi)).toEqual(
          per(dialect, {
            sqlite: [7, null, 0, 20],
            mysql: [7, null, 0, 20],
            postgres: [7, -4, 0, 20],
          }),
        );
        expect(rows.map((r) => r.lo)).toEqual(
          per(dialect, {
            sqlite: [3, null, 0, 15],
            mysql: [3, null, 0, 15],
            postgres: [3, -4, 0, 15],
          }),
        );
        expectSql(qs.values("hi"), dialect, {
          sqlite:
            'SELECT MAX("fn_measure"."n", "fn_measure"."maybe") AS "hi" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          postgres:
            'SELECT GREATEST("fn_measure"."n", "fn_measure"."maybe") AS "hi" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          mysql:
            "SELECT GREATEST(`fn_measure`.`n`, `fn_measure`.`maybe`) AS `hi` FROM `fn_measure` ORDER BY `fn_measure`.`id` ASC",
        });
      },
    );

    t.case("Greatest/Least over a Coalesce are portable", async () => {
      const rows = await measures
        .annotate({
          hi: Greatest("amount", Coalesce("discount", "amount")),
          lo: Least("amount", Coalesce("discount", "amount")),
        })
        .values("hi", "lo");
      expect(asText(rows.map((r) => r.hi))).toEqual(["12.5", "-3.75", "1300", "0.05"]);
      expect(asText(rows.map((r) => r.lo))).toEqual(["10", "-3.75", "1234.56", "0.05"]);
    });

    t.case("Greatest compares a decimal value as a number, not as text", async () => {
      const rows = await column(
        measures.annotate({ v: Greatest("amount", Value(new Decimal("100"))) }).values("v"),
        "v",
      );
      expect(asText(rows)).toEqual(["100", "100", "1234.56", "100"]);
      const floor = await column(
        measures.annotate({ v: Least("amount", Value(new Decimal("5.5"))) }).values("v"),
        "v",
      );
      expect(asText(floor)).toEqual(["5.5", "-3.75", "5.5", "0.05"]);
    });

    t.case("Greatest of values only, and of many arguments", async () => {
      const [row] = await measures
        .filter({ pk: 1 })
        .annotate({ v: Greatest(Value(9), Value(10), Value(2)), w: Least(F("n"), 5, F("maybe")) })
        .values("v", "w");
      // 10, not '9' (text): PostgreSQL gets typed parameters.
      expect(row).toEqual({ v: 10, w: 3 });
    });

    t.case("Greatest of dates and datetimes", async ({ dialect }) => {
      const rows = await FnEvent.objects
        .orderBy("pk")
        .annotate({ last: Greatest("at", "endsAt") })
        .values("last");
      const iso = rows.map((r) => (r.last ? r.last.toISOString() : null));
      expect(iso).toEqual(
        per(dialect, {
          sqlite: [null, "2024-01-01T02:30:00.000Z", "2024-05-16T08:00:00.000Z", null],
          mysql: [null, "2024-01-01T02:30:00.000Z", "2024-05-16T08:00:00.000Z", null],
          postgres: [
            "2023-12-31T23:59:30.250Z",
            "2024-01-01T02:30:00.000Z",
            "2024-05-16T08:00:00.000Z",
            "2024-12-30T06:07:08.000Z",
          ],
        }),
      );
    });

    t.case("Greatest/Least argument checks (Django's messages)", () => {
      expect(() => Greatest("n")).toThrow(
        new TypeError("Greatest must take at least two expressions"),
      );
      expect(() => Least("n")).toThrow(new TypeError("Least must take at least two expressions"));
      expect(() => measures.annotate({ v: Greatest("n", "x") })).toThrow(
        "Expression contains mixed types: IntegerField, FloatField. You must set outputField.",
      );
    });

    t.case("Greatest of mixed types with outputField", async () => {
      const rows = await column(
        measures.annotate({ v: Greatest("n", "x", { outputField: f.float() }) }).values("v"),
        "v",
      );
      expect(rows).toEqual([7, -1.25, 3.5, 15]);
    });

    t.case("NullIf: NULL when equal, else the first", async () => {
      expect(
        await column(measures.annotate({ v: NullIf("maybe", Value(0)) }).values("v"), "v"),
      ).toEqual([3, null, null, 20]);
      const money = await column(
        measures.annotate({ v: NullIf("amount", "discount") }).values("v"),
        "v",
      );
      expect(asText(money)).toEqual(["12.5", "-3.75", "1234.56", null]);
      expect(() => measures.annotate({ v: NullIf("n", "amount") })).toThrow(
        "Expression contains mixed types: IntegerField, DecimalField. You must set outputField.",
      );
    });

    t.case(
      "Cast a decimal to an integer: SQLite truncates, PostgreSQL and MySQL round",
      async ({ dialect }) => {
        const qs = measures.annotate({ v: Cast("amount", f.integer()) }).values("v");
        expect(await column(qs, "v")).toEqual(
          per(dialect, {
            sqlite: [12, -3, 1234, 0],
            postgres: [13, -4, 1235, 0],
            mysql: [13, -4, 1235, 0],
          }),
        );
        expectSql(qs, dialect, {
          sqlite:
            'SELECT CAST("fn_measure"."amount" AS integer) AS "v" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          postgres:
            'SELECT ("fn_measure"."amount")::integer AS "v" FROM "fn_measure" ORDER BY "fn_measure"."id" ASC',
          mysql:
            "SELECT CAST(`fn_measure`.`amount` AS signed integer) AS `v` FROM `fn_measure` ORDER BY `fn_measure`.`id` ASC",
        });
      },
    );

    t.case("Cast to text, float, decimal and boolean", async () => {
      const rows = await measures
        .annotate({
          text: Cast("n", f.char()),
          float: Cast("n", f.float()),
          money: Cast("n", f.decimal({ maxDigits: 10, decimalPlaces: 2 })),
          flag: Cast("maybe", f.boolean()),
          parsed: Cast(Value("42"), f.integer()),
        })
        .values("text", "float", "money", "flag", "parsed");
      expect(rows.map((r) => r.text)).toEqual(["7", "-4", "0", "15"]);
      expect(rows.map((r) => r.float)).toEqual([7, -4, 0, 15]);
      expect(rows[0].money).toBeInstanceOf(Decimal);
      expect(asText(rows.map((r) => r.money))).toEqual(["7", "-4", "0", "15"]);
      expect(rows.map((r) => r.flag)).toEqual([true, null, false, true]);
      expect(rows.map((r) => r.parsed)).toEqual([42, 42, 42, 42]);
    });

    t.case("Cast between dates, datetimes and JSON", async () => {
      const rows = await FnEvent.objects
        .orderBy("pk")
        .annotate({
          date: Cast("at", f.date()),
          midnight: Cast("day", f.dateTime()),
          json: Cast(Value('{"a": [1, 2]}'), f.json()),
        })
        .values("date", "midnight", "json");
      expect(rows.map((r) => r.date)).toEqual([
        "2023-12-31",
        "2024-01-01",
        "2024-05-15",
        "2024-12-30",
      ]);
      expect(rows.map((r) => r.midnight.toISOString())).toEqual([
        "2023-12-31T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-15T00:00:00.000Z",
        "2024-12-28T00:00:00.000Z",
      ]);
      expect(rows[0].json).toEqual({ a: [1, 2] });
    });

    t.case("Cast to a short char: SQLite keeps the whole text", async ({ dialect }) => {
      const rows = await column(
        FnEvent.objects
          .orderBy("pk")
          .annotate({ v: Cast("title", f.char({ maxLength: 3 })) })
          .values("v"),
        "v",
      );
      expect(rows).toEqual(
        per(dialect, {
          sqlite: ["eve", "new year", "spring", "late"],
          postgres: ["eve", "new", "spr", "lat"],
          mysql: ["eve", "new", "spr", "lat"],
        }),
      );
    });

    t.case("Cast needs an output field", () => {
      expect(() => Cast("n", undefined as never)).toThrow(TypeError);
    });
  },
);
