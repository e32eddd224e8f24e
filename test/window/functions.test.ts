/**
 * Window functions over the Sale rows: each function, each aggregate as a
 * window, their SQL, and the acceptance example (running totals per customer).
 */
import { expect } from "vitest";
import {
  Avg,
  Count,
  CumeDist,
  Decimal,
  DenseRank,
  F,
  FirstValue,
  f,
  Lag,
  LastValue,
  Lead,
  Max,
  Min,
  NthValue,
  Ntile,
  PercentRank,
  Q,
  Rank,
  RowNumber,
  RowRange,
  StdDev,
  Sum,
  Value,
  Variance,
  Window,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { fixed, loadSales, Sale, windowModels } from "./models.js";

forEachDialect("window functions", { models: windowModels, fixtures: loadSales }, (t) => {
  // SQLite: a decimal window is CAST(… AS NUMERIC) so it compares with decimal values (Django's Window.as_sqlite).
  t.case("running total per customer ordered by date (acceptance)", async ({ dialect }) => {
    const qs = Sale.objects
      .annotate({
        running: Window({
          expression: Sum("total"),
          partitionBy: "customer",
          orderBy: "createdAt",
        }),
      })
      .orderBy("customer", "createdAt")
      .valuesList("pk", "customerId", "running");
    expectSql(qs, dialect, {
      sqlite:
        'SELECT "window_sale"."id" AS "pk", "window_sale"."customer_id" AS "customerId", CAST(SUM("window_sale"."total") OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" ASC) AS NUMERIC) AS "running" FROM "window_sale" ORDER BY "window_sale"."customer_id" ASC, "window_sale"."created_at" ASC',
      postgres:
        'SELECT "window_sale"."id" AS "pk", "window_sale"."customer_id" AS "customerId", SUM("window_sale"."total") OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" ASC) AS "running" FROM "window_sale" ORDER BY "window_sale"."customer_id" ASC, "window_sale"."created_at" ASC',
      mysql:
        "SELECT `window_sale`.`id` AS `pk`, `window_sale`.`customer_id` AS `customerId`, SUM(`window_sale`.`total`) OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` ASC) AS `running` FROM `window_sale` ORDER BY `window_sale`.`customer_id` ASC, `window_sale`.`created_at` ASC",
    });
    const rows = await qs;
    expect(rows[0][2]).toBeInstanceOf(Decimal);
    expect(fixed(rows)).toEqual([
      [1, 1, "10.00"],
      [3, 1, "30.25"],
      [4, 1, "38.00"],
      [2, 2, "5.50"],
      [5, 2, "11.00"],
      [6, 2, "23.00"],
    ]);
  });

  t.case("the running total on model instances and values() rows", async () => {
    const running = Window({
      expression: Sum("total"),
      partitionBy: "customer",
      orderBy: "createdAt",
    });
    const sales = await Sale.objects.annotate({ running }).orderBy("customer", "createdAt");
    expect(sales.map((s) => [s.pk, s.running?.toFixed(2)])).toEqual([
      [1, "10.00"],
      [3, "30.25"],
      [4, "38.00"],
      [2, "5.50"],
      [5, "11.00"],
      [6, "23.00"],
    ]);
    const rows = await Sale.objects
      .annotate({ running })
      .orderBy("pk")
      .values("customer__name", "running");
    expect(rows.map((r) => [r.customer__name, r.running?.toFixed(2)])).toEqual([
      ["Ann", "10.00"],
      ["Bob", "5.50"],
      ["Ann", "30.25"],
      ["Ann", "38.00"],
      ["Bob", "11.00"],
      ["Bob", "23.00"],
    ]);
  });

  t.case(
    "ranking functions: RowNumber, Rank, DenseRank, PercentRank, CumeDist, Ntile",
    async () => {
      const byTotal = { orderBy: "total" } as const;
      const rows = await Sale.objects
        .annotate({
          rn: Window({ expression: RowNumber(), orderBy: ["total", "pk"] }),
          rank: Window({ expression: Rank(), ...byTotal }),
          dense: Window({ expression: DenseRank(), ...byTotal }),
          pct: Window({ expression: PercentRank(), ...byTotal }),
          cume: Window({ expression: CumeDist(), ...byTotal }),
          quartile: Window({ expression: Ntile(4), orderBy: ["total", "pk"] }),
        })
        .orderBy("total", "pk")
        .valuesList("pk", "rn", "rank", "dense", "pct", "cume", "quartile");
      expect(fixed(rows)).toEqual([
        [2, 1, 1, 1, 0, "0.3333", 1],
        [5, 2, 1, 1, 0, "0.3333", 1],
        [4, 3, 3, 2, "0.4000", "0.5000", 2],
        [1, 4, 4, 3, "0.6000", "0.6667", 2],
        [6, 5, 5, 4, "0.8000", "0.8333", 3],
        [3, 6, 6, 5, 1, 1, 4],
      ]);
    },
  );

  t.case("Lag and Lead: offset, default, per partition", async () => {
    const w = { partitionBy: "customer", orderBy: "createdAt" } as const;
    const rows = await Sale.objects
      .annotate({
        prev: Window({ expression: Lag("total"), ...w }),
        next: Window({ expression: Lead("total"), ...w }),
        prev2: Window({ expression: Lag("total", { offset: 2 }), ...w }),
        prev0: Window({ expression: Lag("total", { default: 0 }), ...w }),
        next0: Window({ expression: Lead("total", { offset: 2, default: F("total") }), ...w }),
      })
      .orderBy("customer", "createdAt")
      .valuesList("pk", "prev", "next", "prev2", "prev0", "next0");
    expect(fixed(rows)).toEqual([
      [1, null, "20.25", null, "0.00", "7.75"],
      [3, "10.00", "7.75", null, "10.00", "20.25"],
      [4, "20.25", null, "10.00", "20.25", "7.75"],
      [2, null, "5.50", null, "0.00", "12.00"],
      [5, "5.50", "12.00", null, "5.50", "5.50"],
      [6, "5.50", null, "5.50", "5.50", "12.00"],
    ]);
  });

  t.case(
    "a Lag default applies only where the row does not exist (NULL values stay NULL)",
    async (ctx) => {
      const { dialect } = ctx;
      const qs = Sale.objects
        .annotate({
          prevNote: Window({
            expression: Lag("note", { default: Value("-") }),
            partitionBy: "customer",
            orderBy: "createdAt",
          }),
        })
        .orderBy("customer", "createdAt")
        .valuesList("pk", "note", "prevNote");
      // MariaDB's LAG takes no default: Tango writes an exact CASE over a one-row frame there.
      expect(ctx.features().supportsLagLeadDefault).toBe(!ctx.features().isMariaDB);
      expectSql(qs, dialect, {
        sqlite:
          'SELECT "window_sale"."id" AS "pk", "window_sale"."note" AS "note", LAG("window_sale"."note", ?, ?) OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" ASC) AS "prevNote" FROM "window_sale" ORDER BY "window_sale"."customer_id" ASC, "window_sale"."created_at" ASC',
        postgres:
          'SELECT "window_sale"."id" AS "pk", "window_sale"."note" AS "note", LAG("window_sale"."note", $1::integer, $2::varchar) OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" ASC) AS "prevNote" FROM "window_sale" ORDER BY "window_sale"."customer_id" ASC, "window_sale"."created_at" ASC',
        mysql:
          "SELECT `window_sale`.`id` AS `pk`, `window_sale`.`note` AS `note`, CASE WHEN COUNT(*) OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` ASC ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) = 0 THEN ? ELSE LAG(`window_sale`.`note`, ?) OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` ASC) END AS `prevNote` FROM `window_sale` ORDER BY `window_sale`.`customer_id` ASC, `window_sale`.`created_at` ASC",
      });
      expect(await qs).toEqual([
        [1, "a", "-"],
        [3, "b", "a"],
        [4, null, "b"],
        [2, null, "-"],
        [5, "c", null],
        [6, "d", "c"],
      ]);
    },
  );

  t.case("FirstValue, LastValue (default and full frame), NthValue", async () => {
    const w = { partitionBy: "customer", orderBy: "createdAt" } as const;
    const rows = await Sale.objects
      .annotate({
        first: Window({ expression: FirstValue("total"), ...w }),
        lastSoFar: Window({ expression: LastValue("total"), ...w }),
        last: Window({
          expression: LastValue("total"),
          ...w,
          frame: RowRange({ start: null, end: null }),
        }),
        second: Window({ expression: NthValue("total", 2), ...w }),
      })
      .orderBy("customer", "createdAt")
      .valuesList("pk", "first", "lastSoFar", "last", "second");
    expect(fixed(rows)).toEqual([
      [1, "10.00", "10.00", "7.75", null],
      [3, "10.00", "20.25", "7.75", "20.25"],
      [4, "10.00", "7.75", "7.75", "20.25"],
      [2, "5.50", "5.50", "12.00", null],
      [5, "5.50", "5.50", "12.00", "5.50"],
      [6, "5.50", "12.00", "12.00", "5.50"],
    ]);
  });

  t.case("every aggregate as a window: Count, Sum, Avg, Max, Min, StdDev, Variance", async () => {
    const p = { partitionBy: "customer" } as const;
    const rows = await Sale.objects
      .annotate({
        n: Window({ expression: Count("id"), ...p }),
        withNote: Window({ expression: Count("id", { filter: Q({ note__isnull: false }) }), ...p }),
        sumTotal: Window({ expression: Sum("total"), ...p }),
        avgQty: Window({ expression: Avg("quantity"), ...p }),
        maxTotal: Window({ expression: Max("total"), ...p }),
        minTotal: Window({ expression: Min("total"), ...p }),
        sd: Window({ expression: StdDev("quantity"), ...p }),
        varSamp: Window({ expression: Variance("quantity", { sample: true }), ...p }),
      })
      .orderBy("pk")
      .valuesList(
        "pk",
        "n",
        "withNote",
        "sumTotal",
        "avgQty",
        "maxTotal",
        "minTotal",
        "sd",
        "varSamp",
      )
      .slice(0, 2); // LIMIT applies after the windows (a WHERE on pk would run before them)
    expect(fixed(rows)).toEqual([
      [1, 3, 2, "38.00", "1.6667", "20.25", "7.75", "0.9428", "1.3333"],
      [2, 3, 2, "23.00", "2.6667", "12.00", "5.50", "0.9428", "1.3333"],
    ]);
  });

  t.case(
    "sliding frames: StdDev over ROWS 1 PRECEDING (SQLite needs an inverse step)",
    async () => {
      const rows = await Sale.objects
        .annotate({
          sd: Window({
            expression: StdDev("quantity"),
            orderBy: "pk",
            frame: RowRange({ start: -1, end: 0 }),
          }),
          nextTotal: Window({
            expression: Sum("total", { default: 0 }),
            orderBy: "pk",
            frame: RowRange({ start: 1, end: 1 }),
          }),
        })
        .orderBy("pk")
        .valuesList("pk", "sd", "nextTotal");
      expect(fixed(rows)).toEqual([
        [1, 0, "5.50"],
        [2, "0.5000", "20.25"],
        [3, "0.5000", "7.75"],
        [4, 1, "5.50"],
        [5, "1.5000", "12.00"],
        [6, 1, "0.00"],
      ]);
    },
  );

  t.case(
    "an aggregate's default applies outside OVER: COALESCE(SUM(…) OVER (…), ?)",
    async ({ dialect }) => {
      const qs = Sale.objects
        .annotate({
          next: Window({
            expression: Sum("total", { default: 0 }),
            orderBy: "pk",
            frame: RowRange({ start: 1, end: 1 }),
          }),
        })
        .valuesList("next");
      expectSql(qs, dialect, {
        sqlite:
          'SELECT COALESCE(CAST(SUM("window_sale"."total") OVER (ORDER BY "window_sale"."id" ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS NUMERIC), CAST(? AS NUMERIC)) AS "next" FROM "window_sale"',
        postgres:
          'SELECT COALESCE(SUM("window_sale"."total") OVER (ORDER BY "window_sale"."id" ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING), $1::numeric) AS "next" FROM "window_sale"',
        mysql:
          "SELECT COALESCE(SUM(`window_sale`.`total`) OVER (ORDER BY `window_sale`.`id` ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING), CAST(? AS DECIMAL(65, 30))) AS `next` FROM `window_sale`",
      });
    },
  );

  t.case("a window without partition or order covers every row", async () => {
    const rows = await Sale.objects
      .annotate({ all: Window({ expression: Count("*") }), share: F("total") })
      .filter({ customer: 1 })
      .orderBy("pk")
      .valuesList("pk", "all");
    // WHERE runs before the window: it counts the customer's rows only.
    expect(rows).toEqual([
      [1, 3],
      [3, 3],
      [4, 3],
    ]);
  });

  t.case("orderBy terms: names, '-name', expressions with nulls placement", async () => {
    const rows = await Sale.objects
      .annotate({
        byNote: Window({
          expression: RowNumber(),
          orderBy: [F("note").asc({ nullsLast: true }), "-pk"],
        }),
        byNoteNullsFirst: Window({
          expression: RowNumber(),
          orderBy: [F("note").desc({ nullsFirst: true }), "pk"],
        }),
      })
      .orderBy("pk")
      .valuesList("pk", "byNote", "byNoteNullsFirst");
    expect(rows).toEqual([
      [1, 1, 6],
      [2, 6, 1],
      [3, 2, 5],
      [4, 5, 2],
      [5, 3, 4],
      [6, 4, 3],
    ]);
  });

  t.case("an explicit outputField changes how the window's value is read", async () => {
    const [row] = await Sale.objects
      .annotate({
        n: Window({
          expression: Sum("quantity"),
          outputField: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
        }),
      })
      .orderBy("pk")
      .valuesList("n");
    expect(row[0]).toBeInstanceOf(Decimal);
    expect(String(row[0])).toBe("13");
  });
});
