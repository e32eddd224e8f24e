import { expect } from "vitest";
import {
  Coalesce,
  Count,
  FieldError,
  f,
  Substr,
  Trunc,
  TruncDate,
  TruncDay,
  TruncHour,
  TruncMinute,
  TruncMonth,
  TruncQuarter,
  TruncSecond,
  TruncTime,
  TruncWeek,
  TruncYear,
  Value,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { FnEvent, functionModels } from "./models.js";

const iso = (values: readonly (Date | null)[]) => values.map((d) => (d ? d.toISOString() : null));

forEachDialect(
  "functions: Trunc and its kinds",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const events = FnEvent.objects.orderBy("pk");

    t.case("a datetime truncated to each kind stays a UTC datetime", async () => {
      const rows = await events
        .annotate({
          year: TruncYear("at"),
          quarter: TruncQuarter("at"),
          month: TruncMonth("at"),
          week: TruncWeek("at"),
          dayOf: TruncDay("at"),
          hour: TruncHour("at"),
          minute: TruncMinute("at"),
          second: TruncSecond("at"),
        })
        .values("year", "quarter", "month", "week", "dayOf", "hour", "minute", "second");
      const col = (k: keyof (typeof rows)[number]) => iso(rows.map((r) => r[k]));
      expect(col("year")).toEqual([
        "2023-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
      ]);
      expect(col("quarter")).toEqual([
        "2023-10-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-04-01T00:00:00.000Z",
        "2024-10-01T00:00:00.000Z",
      ]);
      expect(col("month")).toEqual([
        "2023-12-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-01T00:00:00.000Z",
        "2024-12-01T00:00:00.000Z",
      ]);
      // Weeks start on Monday.
      expect(col("week")).toEqual([
        "2023-12-25T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-13T00:00:00.000Z",
        "2024-12-30T00:00:00.000Z",
      ]);
      expect(col("dayOf")).toEqual([
        "2023-12-31T00:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-15T00:00:00.000Z",
        "2024-12-30T00:00:00.000Z",
      ]);
      expect(col("hour")).toEqual([
        "2023-12-31T23:00:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-15T13:00:00.000Z",
        "2024-12-30T06:00:00.000Z",
      ]);
      expect(col("minute")).toEqual([
        "2023-12-31T23:59:00.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-15T13:45:00.000Z",
        "2024-12-30T06:07:00.000Z",
      ]);
      expect(col("second")).toEqual([
        "2023-12-31T23:59:30.000Z",
        "2024-01-01T00:00:00.000Z",
        "2024-05-15T13:45:10.000Z",
        "2024-12-30T06:07:08.000Z",
      ]);
    });

    t.case("dates truncate to dates, times to times", async () => {
      const rows = await events
        .annotate({
          year: TruncYear("day"),
          quarter: TruncQuarter("day"),
          month: TruncMonth("day"),
          week: TruncWeek("day"),
          hour: TruncHour("clock"),
          minute: TruncMinute("clock"),
        })
        .values("year", "quarter", "month", "week", "hour", "minute");
      expect(rows).toEqual([
        {
          year: "2023-01-01",
          quarter: "2023-10-01",
          month: "2023-12-01",
          week: "2023-12-25",
          hour: "23:00:00",
          minute: "23:59:00",
        },
        {
          year: "2024-01-01",
          quarter: "2024-01-01",
          month: "2024-01-01",
          week: "2024-01-01",
          hour: "00:00:00",
          minute: "00:00:00",
        },
        {
          year: "2024-01-01",
          quarter: "2024-04-01",
          month: "2024-05-01",
          week: "2024-05-13",
          hour: "13:00:00",
          minute: "13:45:00",
        },
        {
          year: "2024-01-01",
          quarter: "2024-10-01",
          month: "2024-12-01",
          week: "2024-12-23",
          hour: "06:00:00",
          minute: "06:07:00",
        },
      ]);
    });

    t.case("TruncDate and TruncTime take a datetime's date and time", async () => {
      const rows = await events
        .annotate({ date: TruncDate("at"), time: TruncTime("at"), ends: TruncDate("endsAt") })
        .values("date", "time", "ends");
      expect(rows).toEqual([
        { date: "2023-12-31", time: "23:59:30.250000", ends: null },
        { date: "2024-01-01", time: "00:00:00", ends: "2024-01-01" },
        { date: "2024-05-15", time: "13:45:10", ends: "2024-05-16" },
        { date: "2024-12-30", time: "06:07:08", ends: null },
      ]);
    });

    t.case("an explicit outputField truncates a datetime to a date or a time", async () => {
      const rows = await events
        .annotate({
          month: Trunc("at", "month", { outputField: f.date() }),
          hour: Trunc("at", "hour", { outputField: f.time() }),
        })
        .values("month", "hour");
      expect(rows).toEqual([
        { month: "2023-12-01", hour: "23:00:00" },
        { month: "2024-01-01", hour: "00:00:00" },
        { month: "2024-05-01", hour: "13:00:00" },
        { month: "2024-12-01", hour: "06:00:00" },
      ]);
    });

    t.case("TruncMonth SQL per dialect", ({ dialect }) => {
      expectSql(events.annotate({ m: TruncMonth("at") }).values("m"), dialect, {
        sqlite:
          'SELECT strftime(\'%Y-%m-01 00:00:00\', "fn_event"."at") AS "m" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
        postgres:
          'SELECT DATE_TRUNC(\'month\', "fn_event"."at" AT TIME ZONE \'UTC\') AS "m" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
        mysql:
          "SELECT CAST(DATE_FORMAT(`fn_event`.`at`, '%Y-%m-01 00:00:00') AS DATETIME(6)) AS `m` FROM `fn_event` ORDER BY `fn_event`.`id` ASC",
      });
    });

    t.case(
      "values({ year: TruncYear(...) }).annotate(Count) groups by the expression",
      async ({ dialect }) => {
        const qs = FnEvent.objects
          .values({ year: TruncYear("at") })
          .annotate({ n: Count("id") })
          .orderBy("year");
        const rows = await qs;
        expect(rows.map((r) => [r.year.toISOString(), r.n])).toEqual([
          ["2023-01-01T00:00:00.000Z", 1],
          ["2024-01-01T00:00:00.000Z", 3],
        ]);
        expectSql(qs, dialect, {
          sqlite:
            'SELECT strftime(\'%Y-01-01 00:00:00\', "fn_event"."at") AS "year", COUNT("fn_event"."id") AS "n" FROM "fn_event" GROUP BY 1 ORDER BY "year" ASC',
          postgres:
            'SELECT DATE_TRUNC(\'year\', "fn_event"."at" AT TIME ZONE \'UTC\') AS "year", COUNT("fn_event"."id") AS "n" FROM "fn_event" GROUP BY 1 ORDER BY "year" ASC',
          mysql:
            "SELECT CAST(DATE_FORMAT(`fn_event`.`at`, '%Y-01-01 00:00:00') AS DATETIME(6)) AS `year`, COUNT(`fn_event`.`id`) AS `n` FROM `fn_event` GROUP BY 1 ORDER BY `year` ASC",
        });
      },
    );

    t.case("a truncated datetime compares equal to a datetime value", async () => {
      // SQLite keeps datetimes as text: the truncation is written in the stored form.
      expect(
        await FnEvent.objects
          .annotate({ month: TruncMonth("at") })
          .filter({ month: new Date("2024-05-01T00:00:00Z") })
          .valuesList("pk", { flat: true }),
      ).toEqual([3]);
      expect(
        await FnEvent.objects
          .annotate({ week: TruncWeek("at") })
          .filter({ week__gte: new Date("2024-01-01T00:00:00Z") })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ).toEqual([2, 3, 4]);
      expect(
        await FnEvent.objects
          .filter({ day__gte: TruncDate("at") })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ).toEqual([1, 2, 3]);
    });

    t.case("a quarter of an expression with parameters binds in order", async () => {
      // The truncated value is written twice on SQLite and MySQL: its parameter is
      // bound twice, in text order, before the parameters that follow it.
      const fallback = Value(new Date("2020-08-15T00:00:00Z"));
      const rows = await events
        .annotate({ q: TruncQuarter(Coalesce("endsAt", fallback)), s: Substr("title", 1, 2) })
        .values("q", "s");
      expect(rows.map((r) => [r.q.toISOString(), r.s])).toEqual([
        ["2020-07-01T00:00:00.000Z", "ev"],
        ["2024-01-01T00:00:00.000Z", "ne"],
        ["2024-04-01T00:00:00.000Z", "sp"],
        ["2020-07-01T00:00:00.000Z", "la"],
      ]);
    });

    t.case("Trunc argument checks (Django's messages)", () => {
      expect(() => events.annotate({ v: TruncHour("day") })).toThrow(
        new FieldError("Cannot truncate DateField 'day' to DateTimeField."),
      );
      expect(() =>
        events.annotate({ v: Trunc("day", "month", { outputField: f.dateTime() }) }),
      ).toThrow(new FieldError("Cannot truncate DateField 'day' to DateTimeField."));
      expect(() => events.annotate({ v: TruncTime("day") })).toThrow(
        new FieldError("Cannot truncate DateField 'day' to TimeField."),
      );
      expect(() => events.annotate({ v: TruncMonth("clock") })).toThrow(
        new FieldError("Cannot truncate TimeField 'clock' to DateTimeField."),
      );
      expect(() => events.annotate({ v: TruncDate("clock") })).toThrow(
        new FieldError("Cannot truncate TimeField 'clock' to DateField."),
      );
      expect(() => events.annotate({ v: TruncMonth("title") })).toThrow(
        new TypeError("'title' isn't a DateField, TimeField, or DateTimeField."),
      );
      expect(() =>
        events.annotate({ v: Trunc("at", "month", { outputField: f.integer() }) }),
      ).toThrow(
        new FieldError("outputField must be either DateField, TimeField, or DateTimeField"),
      );
      expect(() => Trunc("at", "fortnight" as never)).toThrow(RangeError);
    });
  },
);
