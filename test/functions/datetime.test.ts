import { expect } from "vitest";
import {
  Extract,
  ExtractDay,
  ExtractHour,
  ExtractIsoWeekDay,
  ExtractIsoYear,
  ExtractMinute,
  ExtractMonth,
  ExtractQuarter,
  ExtractSecond,
  ExtractWeek,
  ExtractWeekDay,
  ExtractYear,
  FieldError,
  NotSupportedError,
  Now,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { column, failure } from "./helpers.js";
import { FnEvent, functionModels } from "./models.js";

forEachDialect(
  "functions: Now, Extract",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const events = FnEvent.objects.orderBy("pk");

    t.case("Now() is the database's current UTC time", async ({ dialect }) => {
      const before = Date.now();
      const [row] = await events.filter({ pk: 1 }).annotate({ now: Now() }).values("now");
      expect(row.now).toBeInstanceOf(Date);
      expect(Math.abs(row.now.getTime() - before)).toBeLessThan(5 * 60_000);
      expect(await FnEvent.objects.filter({ at__lt: Now() }).count()).toBe(4);
      expectSql(events.annotate({ now: Now() }).values("now"), dialect, {
        sqlite:
          'SELECT strftime(\'%Y-%m-%d %H:%M:%f\', \'now\') AS "now" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
        postgres:
          'SELECT STATEMENT_TIMESTAMP() AS "now" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
        mysql: "SELECT CURRENT_TIMESTAMP(6) AS `now` FROM `fn_event` ORDER BY `fn_event`.`id` ASC",
      });
    });

    t.case("every part of a datetime (UTC)", async () => {
      const rows = await events
        .annotate({
          year: ExtractYear("at"),
          isoYear: ExtractIsoYear("at"),
          month: ExtractMonth("at"),
          dayOf: ExtractDay("at"),
          week: ExtractWeek("at"),
          weekDay: ExtractWeekDay("at"),
          isoWeekDay: ExtractIsoWeekDay("at"),
          quarter: ExtractQuarter("at"),
          hour: ExtractHour("at"),
          minute: ExtractMinute("at"),
          second: ExtractSecond("at"),
        })
        .values(
          "year",
          "isoYear",
          "month",
          "dayOf",
          "week",
          "weekDay",
          "isoWeekDay",
          "quarter",
          "hour",
          "minute",
          "second",
        );
      expect(rows).toEqual([
        // Sunday 31 December 2023, 23:59:30.25
        {
          year: 2023,
          isoYear: 2023,
          month: 12,
          dayOf: 31,
          week: 52,
          weekDay: 1,
          isoWeekDay: 7,
          quarter: 4,
          hour: 23,
          minute: 59,
          second: 30,
        },
        // Monday 1 January 2024
        {
          year: 2024,
          isoYear: 2024,
          month: 1,
          dayOf: 1,
          week: 1,
          weekDay: 2,
          isoWeekDay: 1,
          quarter: 1,
          hour: 0,
          minute: 0,
          second: 0,
        },
        // Wednesday 15 May 2024
        {
          year: 2024,
          isoYear: 2024,
          month: 5,
          dayOf: 15,
          week: 20,
          weekDay: 4,
          isoWeekDay: 3,
          quarter: 2,
          hour: 13,
          minute: 45,
          second: 10,
        },
        // Monday 30 December 2024: ISO week 1 of 2025
        {
          year: 2024,
          isoYear: 2025,
          month: 12,
          dayOf: 30,
          week: 1,
          weekDay: 2,
          isoWeekDay: 1,
          quarter: 4,
          hour: 6,
          minute: 7,
          second: 8,
        },
      ]);
    });

    t.case("parts of a date and of a time", async () => {
      const rows = await events
        .annotate({
          year: ExtractYear("day"),
          week: ExtractWeek("day"),
          weekDay: ExtractWeekDay("day"),
          isoYear: Extract("day", "isoYear"),
          hour: ExtractHour("clock"),
          minute: ExtractMinute("clock"),
          second: ExtractSecond("clock"),
        })
        .values("year", "week", "weekDay", "isoYear", "hour", "minute", "second");
      expect(rows.map((r) => [r.year, r.week, r.weekDay, r.isoYear])).toEqual([
        [2023, 52, 1, 2023],
        [2024, 1, 2, 2024],
        [2024, 20, 4, 2024],
        [2024, 52, 7, 2024],
      ]);
      expect(rows.map((r) => [r.hour, r.minute, r.second])).toEqual([
        [23, 59, 30],
        [0, 0, 0],
        [13, 45, 10],
        [6, 7, 8],
      ]);
    });

    t.case("Extract SQL per dialect", ({ dialect }) => {
      expectSql(
        events.annotate({ y: ExtractYear("at"), wd: ExtractWeekDay("at") }).values("y", "wd"),
        dialect,
        {
          sqlite:
            'SELECT CAST(strftime(\'%Y\', "fn_event"."at") AS INTEGER) AS "y", (CAST(strftime(\'%w\', "fn_event"."at") AS INTEGER) + 1) AS "wd" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
          postgres:
            'SELECT EXTRACT(YEAR FROM "fn_event"."at" AT TIME ZONE \'UTC\') AS "y", (EXTRACT(DOW FROM "fn_event"."at" AT TIME ZONE \'UTC\') + 1) AS "wd" FROM "fn_event" ORDER BY "fn_event"."id" ASC',
          mysql:
            "SELECT EXTRACT(YEAR FROM `fn_event`.`at`) AS `y`, DAYOFWEEK(`fn_event`.`at`) AS `wd` FROM `fn_event` ORDER BY `fn_event`.`id` ASC",
        },
      );
    });

    t.case("Extract filters, groups and orders", async () => {
      expect(
        await FnEvent.objects
          .annotate({ year: ExtractYear("at") })
          .filter({ year: 2024 })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ).toEqual([2, 3, 4]);
      expect(
        await FnEvent.objects
          .values({ quarter: ExtractQuarter("at") })
          .annotate({ n: Extract("at", "year") })
          .orderBy("-quarter", "pk")
          .valuesList("quarter", "n"),
      ).toEqual([
        [4, 2023],
        [4, 2024],
        [2, 2024],
        [1, 2024],
      ]);
    });

    t.case(
      "Extract of a duration: PostgreSQL only, NotSupportedError elsewhere",
      async ({ dialect }) => {
        const qs = events
          .annotate({
            d: ExtractDay("span"),
            h: ExtractHour("span"),
            m: ExtractMinute("span"),
            s: ExtractSecond("span"),
          })
          .values("d", "h", "m", "s");
        if (dialect === "postgres") {
          expect(await qs).toEqual([
            { d: 1, h: 1, m: 1, s: 1 },
            { d: null, h: null, m: null, s: null },
            { d: 0, h: 1, m: 0, s: 0 },
            { d: null, h: null, m: null, s: null },
          ]);
        } else {
          const { error, queries } = await failure(() => qs);
          expect(error).toBeInstanceOf(NotSupportedError);
          expect((error as Error).message).toBe(
            dialect === "sqlite"
              ? "Extract('day') of a DurationField is not supported on SQLite (durations are stored as microseconds); divide the duration by its unit instead, or use PostgreSQL"
              : "Extract('day') of a DurationField is not supported on MySQL/MariaDB (durations are stored as microseconds); divide the duration by its unit instead, or use PostgreSQL",
          );
          expect(queries).toBe(0);
        }
      },
    );

    t.case("Extract argument checks (Django's messages)", () => {
      expect(() => events.annotate({ v: ExtractHour("day") })).toThrow(
        new FieldError("Cannot extract time component 'hour' from DateField 'day'."),
      );
      expect(() => events.annotate({ v: ExtractYear("title") })).toThrow(
        new FieldError(
          "Extract input expression must be DateField, DateTimeField, TimeField, or DurationField.",
        ),
      );
      expect(() => events.annotate({ v: ExtractYear("span") })).toThrow(
        new FieldError("Cannot extract component 'year' from DurationField 'span'."),
      );
      expect(() => events.annotate({ v: ExtractMonth("clock") })).toThrow(
        new FieldError("Cannot extract date component 'month' from TimeField 'clock'."),
      );
      expect(() => Extract("at", "fortnight" as never)).toThrow(RangeError);
      expect(() => Extract("at", undefined as never)).toThrow(
        new TypeError("lookupName must be provided"),
      );
    });

    t.case("a column of Extract values reads as numbers", async () => {
      expect(await column(events.annotate({ m: ExtractMonth("endsAt") }).values("m"), "m")).toEqual(
        [null, 1, 5, null],
      );
    });
  },
);
