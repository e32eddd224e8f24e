/**
 * Filtering on window functions (Django 4.2+'s QUALIFY emulation): the
 * query is wrapped, the inner one computes the window columns with the
 * WHERE/HAVING parts, the outer one filters them, orders and slices.
 */
import { expect } from "vitest";
import {
  Count,
  captureQueries,
  Decimal,
  F,
  Max,
  NotSupportedError,
  Q,
  RowNumber,
  Sum,
  Window,
} from "../../src/index.js";
import { expectSql, forEachDialect, selectCount } from "../harness/case.js";
import { Customer } from "../models/ecommerce.js";
import { fixed, loadSales, Sale, windowModels } from "./models.js";

/** Each customer's sales numbered from the latest. */
const latestFirst = () =>
  Window({ expression: RowNumber(), partitionBy: "customer", orderBy: "-createdAt" });

forEachDialect(
  "window functions: filtering (QUALIFY emulation)",
  { models: windowModels, fixtures: loadSales },
  (t) => {
    t.case("filter on a window annotation: the latest sale per customer", async ({ dialect }) => {
      const qs = Sale.objects.annotate({ rn: latestFirst() }).filter({ rn: 1 }).orderBy("customer");
      expectSql(qs, dialect, {
        sqlite:
          'SELECT "col1", "col2", "col3", "col4", "col5", "col6", "rn" FROM (SELECT "window_sale"."id" AS "col1", "window_sale"."customer_id" AS "col2", "window_sale"."total" AS "col3", "window_sale"."quantity" AS "col4", "window_sale"."created_at" AS "col5", "window_sale"."note" AS "col6", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "rn" FROM "window_sale") "qualify" WHERE "rn" = ? ORDER BY "col2" ASC',
        postgres:
          'SELECT "col1", "col2", "col3", "col4", "col5", "col6", "rn" FROM (SELECT "window_sale"."id" AS "col1", "window_sale"."customer_id" AS "col2", "window_sale"."total" AS "col3", "window_sale"."quantity" AS "col4", "window_sale"."created_at" AS "col5", "window_sale"."note" AS "col6", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "rn" FROM "window_sale") "qualify" WHERE "rn" = $1 ORDER BY "col2" ASC',
        mysql:
          "SELECT `col1`, `col2`, `col3`, `col4`, `col5`, `col6`, `rn` FROM (SELECT `window_sale`.`id` AS `col1`, `window_sale`.`customer_id` AS `col2`, `window_sale`.`total` AS `col3`, `window_sale`.`quantity` AS `col4`, `window_sale`.`created_at` AS `col5`, `window_sale`.`note` AS `col6`, ROW_NUMBER() OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` DESC) AS `rn` FROM `window_sale`) `qualify` WHERE `rn` = ? ORDER BY `col2` ASC",
      });
      const sales = await qs;
      expect(sales.map((s) => [s.pk, s.customerId, s.rn, s.total.toFixed(2)])).toEqual([
        [4, 1, 1, "7.75"],
        [6, 2, 1, "12.00"],
      ]);
    });

    t.case(
      "WHERE parts stay inside (before the window), window parts go outside",
      async ({ dialect }) => {
        const qs = Sale.objects
          .annotate({ rn: latestFirst() })
          .filter({ rn: 1, note__isnull: false })
          .orderBy("pk")
          .valuesList("pk", "rn");
        const { sql } = qs.sql();
        expect(selectCount(sql)).toBe(2);
        expectSql(qs, dialect, {
          sqlite:
            'SELECT "pk", "rn" FROM (SELECT "window_sale"."id" AS "pk", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "rn" FROM "window_sale" WHERE "window_sale"."note" IS NOT NULL) "qualify" WHERE "rn" = ? ORDER BY "pk" ASC',
          postgres:
            'SELECT "pk", "rn" FROM (SELECT "window_sale"."id" AS "pk", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "rn" FROM "window_sale" WHERE "window_sale"."note" IS NOT NULL) "qualify" WHERE "rn" = $1 ORDER BY "pk" ASC',
          mysql:
            "SELECT `pk`, `rn` FROM (SELECT `window_sale`.`id` AS `pk`, ROW_NUMBER() OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` DESC) AS `rn` FROM `window_sale` WHERE `window_sale`.`note` IS NOT NULL) `qualify` WHERE `rn` = ? ORDER BY `pk` ASC",
        });
        // Ann's latest sale (4) has no note: her latest noted sale (3) is numbered 1.
        expect(await qs).toEqual([
          [3, 1],
          [6, 1],
        ]);
      },
    );

    t.case(
      "a window in filter() without annotate(): alias(), and a window on the right-hand side",
      async () => {
        const viaAlias = await Sale.objects
          .alias({ rn: latestFirst() })
          .filter({ rn__lte: 2 })
          .orderBy("pk")
          .valuesList("pk", { flat: true });
        expect(viaAlias).toEqual([3, 4, 5, 6]);
        const latest = Sale.objects
          .filter({ createdAt: Window({ expression: Max("createdAt"), partitionBy: "customer" }) })
          .orderBy("pk");
        const { sql } = latest.sql();
        expect(selectCount(sql)).toBe(2);
        expect(sql).toContain("qual0");
        expect((await latest).map((s) => s.pk)).toEqual([4, 6]);
      },
    );

    t.case(
      "a masked window (alias, or not in values()) is selected inside as qualN, not returned",
      async ({ dialect }) => {
        const qs = Sale.objects
          .annotate({ rn: latestFirst() })
          .filter({ rn: 1 })
          .orderBy("total")
          .valuesList("pk", { flat: true });
        expectSql(qs, dialect, {
          sqlite:
            'SELECT "pk" FROM (SELECT "window_sale"."id" AS "pk", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "qual0", "window_sale"."total" AS "qual1" FROM "window_sale") "qualify" WHERE "qual0" = ? ORDER BY "qual1" ASC',
          postgres:
            'SELECT "pk" FROM (SELECT "window_sale"."id" AS "pk", ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "qual0", "window_sale"."total" AS "qual1" FROM "window_sale") "qualify" WHERE "qual0" = $1 ORDER BY "qual1" ASC',
          mysql:
            "SELECT `pk` FROM (SELECT `window_sale`.`id` AS `pk`, ROW_NUMBER() OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` DESC) AS `qual0`, `window_sale`.`total` AS `qual1` FROM `window_sale`) `qualify` WHERE `qual0` = ? ORDER BY `qual1` ASC",
        });
        expect(await qs).toEqual([4, 6]);
      },
    );

    t.case("OR of a window condition and a plain one is evaluated outside, whole", async () => {
      const qs = Sale.objects
        .annotate({ rn: latestFirst() })
        .filter(Q({ rn: 1 }).or(Q({ note: "a" })))
        .orderBy("pk")
        .valuesList("pk", "rn");
      expect(qs.sql().sql).toMatch(/WHERE \(.rn. = .{1,2} OR .qual0. = .{1,2}\)/);
      expect(await qs).toEqual([
        [1, 3],
        [4, 1],
        [6, 1],
      ]);
    });

    t.case("exclude() on a window annotation", async () => {
      const rows = await Sale.objects
        .annotate({ rn: latestFirst() })
        .exclude({ rn: 1 })
        .orderBy("pk")
        .valuesList("pk", { flat: true });
      expect(rows).toEqual([1, 2, 3, 5]);
    });

    t.case("ordering and slicing happen outside, after the window filter", async () => {
      const qs = Sale.objects
        .annotate({ rn: latestFirst() })
        .filter({ rn__lte: 2 })
        .orderBy("-rn", "-total")
        .slice(0, 3)
        .valuesList("pk", "rn");
      const { sql } = qs.sql();
      expect(sql).toMatch(/["`]qualify["`] WHERE .* ORDER BY .* LIMIT 3$/);
      expect(await qs).toEqual([
        [3, 2],
        [5, 2],
        [6, 1],
      ]);
      const reversed = await Sale.objects
        .annotate({ rn: latestFirst() })
        .filter({ rn: 1 })
        .orderBy("pk")
        .reverse()
        .valuesList("pk", { flat: true });
      expect(reversed).toEqual([6, 4]);
      const first = await Sale.objects
        .annotate({ rn: latestFirst() })
        .filter({ rn: 2 })
        .orderBy("pk")
        .first();
      expect(first?.pk).toBe(3);
      const got = await Sale.objects.annotate({ rn: latestFirst() }).get({ rn: 1, customer: 2 });
      expect(got.pk).toBe(6);
    });

    t.case(
      "ordering by a window annotation (selected or not) and by a window expression",
      async () => {
        const byRn = await Sale.objects
          .annotate({ rn: latestFirst() })
          .orderBy("rn", "pk")
          .valuesList("pk", "rn");
        expect(byRn).toEqual([
          [4, 1],
          [6, 1],
          [3, 2],
          [5, 2],
          [1, 3],
          [2, 3],
        ]);
        const byAlias = await Sale.objects
          .alias({ rn: latestFirst() })
          .orderBy("rn", "-pk")
          .valuesList("pk", { flat: true });
        expect(byAlias).toEqual([6, 4, 5, 3, 2, 1]);
        const byExpression = await Sale.objects
          .orderBy(Window({ expression: Sum("total"), partitionBy: "customer" }).desc(), "pk")
          .valuesList("pk", { flat: true });
        expect(byExpression).toEqual([1, 3, 4, 2, 5, 6]);
      },
    );

    t.case(
      "count(), exists() and aggregate() of a window-filtered QuerySet run one query",
      async ({ dialect }) => {
        const qs = Sale.objects.annotate({ rn: latestFirst() }).filter({ rn: 1 });
        const { result, queries } = await captureQueries(async () => [
          await qs.count(),
          await qs.exists(),
          await qs.aggregate({ total: Sum("total"), n: Count("id") }),
          await qs.filter({ rn: 5 }).exists(),
        ]);
        expect(result[0]).toBe(2);
        expect(result[1]).toBe(true);
        const agg = result[2] as { total: { toFixed(n: number): string }; n: number };
        expect([agg.total.toFixed(2), agg.n]).toEqual(["19.75", 2]);
        expect(result[3]).toBe(false);
        expect(queries).toHaveLength(4);
        // COUNT(*) over the outer query itself: two SELECTs, not three.
        const count = queries[0].sql;
        expect(selectCount(count)).toBe(2);
        expectSql({ sql: () => ({ sql: count }) }, dialect, {
          sqlite:
            'SELECT COUNT(*) AS "__count" FROM (SELECT ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "qual0" FROM "window_sale") "qualify" WHERE "qual0" = ?',
          postgres:
            'SELECT COUNT(*) AS "__count" FROM (SELECT ROW_NUMBER() OVER (PARTITION BY "window_sale"."customer_id" ORDER BY "window_sale"."created_at" DESC) AS "qual0" FROM "window_sale") "qualify" WHERE "qual0" = $1',
          mysql:
            "SELECT COUNT(*) AS `__count` FROM (SELECT ROW_NUMBER() OVER (PARTITION BY `window_sale`.`customer_id` ORDER BY `window_sale`.`created_at` DESC) AS `qual0` FROM `window_sale`) `qualify` WHERE `qual0` = ?",
        });
        expect(selectCount(queries[2].sql)).toBe(3);
      },
    );

    t.case("aggregate() over a window annotation wraps a subquery", async () => {
      const running = Window({
        expression: Sum("total"),
        partitionBy: "customer",
        orderBy: "createdAt",
      });
      const { result, queries } = await captureQueries(() =>
        Sale.objects.annotate({ running }).aggregate({ best: Max("running"), n: Count("running") }),
      );
      expect([result.best?.toFixed(2), result.n]).toEqual(["38.00", 6]);
      expect(queries).toHaveLength(1);
      expect(selectCount(queries[0].sql)).toBe(2);
    });

    t.case("values() with window annotations, grouped and not", async () => {
      const rows = await Sale.objects
        .values("customer")
        .annotate({ rn: latestFirst() })
        .filter({ rn: 1 })
        .orderBy("customer");
      expect(rows).toEqual([
        { customer: 1, rn: 1 },
        { customer: 2, rn: 1 },
      ]);
      const grouped = await Sale.objects
        .values("customer")
        .annotate({ n: Count("id"), spent: Sum("total") })
        .annotate({ rank: Window({ expression: RowNumber(), orderBy: F("spent").desc() }) })
        .orderBy("rank");
      expect(grouped.map((r) => [r.customer, r.n, r.spent?.toFixed(2), r.rank])).toEqual([
        [1, 3, "38.00", 1],
        [2, 3, "23.00", 2],
      ]);
    });

    t.case(
      "a grouped query filtered on its aggregate and on a window: HAVING inside, window outside",
      async () => {
        const qs = Customer.objects
          .annotate({
            spent: Sum("sales__total"),
            rank: Window({
              expression: RowNumber(),
              orderBy: F("spent").desc({ nullsLast: true }),
            }),
          })
          .filter({ spent__isnull: false, rank__gte: 2 })
          .orderBy("pk");
        const { sql } = qs.sql();
        expect(selectCount(sql)).toBe(2);
        expect(sql).toMatch(/HAVING .*\) "?qualify"?|HAVING .*\) `qualify`/);
        // Cid (no sales) is removed by HAVING before ranking: Bob is second.
        expect((await qs).map((c) => [c.name, c.spent?.toFixed(2), c.rank])).toEqual([
          ["Bob", "23.00", 2],
        ]);
      },
    );

    t.case(
      "comparing a decimal window with a value (SQLite: CAST AS NUMERIC, as Django)",
      async ({ dialect }) => {
        const qs = Sale.objects
          .annotate({
            running: Window({
              expression: Sum("total"),
              partitionBy: "customer",
              orderBy: "createdAt",
            }),
          })
          .filter({ running__gt: new Decimal("20") })
          .orderBy("pk")
          .valuesList("pk", "running");
        if (dialect === "sqlite")
          expect(qs.sql().sql).toContain('CAST(SUM("window_sale"."total") OVER');
        else expect(qs.sql().sql).not.toContain("CAST");
        expect(fixed(await qs)).toEqual([
          [3, "30.25"],
          [4, "38.00"],
          [6, "23.00"],
        ]);
      },
    );

    t.case("OR of a window condition and an aggregate condition goes outside whole", async () => {
      const rows = await Customer.objects
        .annotate({
          n: Count("sales"),
          rank: Window({ expression: RowNumber(), orderBy: "-pk" }),
        })
        .filter(Q({ rank: 1 }).or(Q({ n__gt: 2 })))
        .orderBy("pk")
        .valuesList("name", "n", "rank");
      expect(rows).toEqual([
        ["Ann", 3, 3],
        ["Bob", 3, 2],
        ["Cid", 0, 1],
      ]);
    });

    t.case(
      "Django's NotImplementedError: OR of a window and a row condition in a grouped query",
      async () => {
        const qs = Customer.objects
          .annotate({ n: Count("sales"), rank: Window({ expression: RowNumber(), orderBy: "pk" }) })
          .filter(Q({ rank: 1 }).or(Q({ name: "Bob" })));
        const message =
          "Heterogeneous disjunctive predicates against window functions are not implemented when performing conditional aggregation.";
        await expect(qs.then((r) => r)).rejects.toThrow(NotSupportedError);
        expect(() => qs.sql()).toThrow(message);
        // Without the aggregate the same OR is fine: it is evaluated outside.
        const plain = await Customer.objects
          .annotate({ rank: Window({ expression: RowNumber(), orderBy: "pk" }) })
          .filter(Q({ rank: 1 }).or(Q({ name: "Bob" })))
          .orderBy("pk")
          .valuesList("name", { flat: true });
        expect(plain).toEqual(["Ann", "Bob"]);
      },
    );

    t.case("only() and distinct() through the wrapping", async () => {
      const only = await Sale.objects
        .only("id", "total")
        .annotate({ rn: latestFirst() })
        .filter({ rn: 1 })
        .orderBy("pk");
      expect(only.map((s) => [s.pk, s.total.toFixed(2)])).toEqual([
        [4, "7.75"],
        [6, "12.00"],
      ]);
      const distinct = await Sale.objects
        .annotate({
          rank: Window({ expression: RowNumber(), partitionBy: "customer", orderBy: "total" }),
        })
        .filter({ rank__lte: 2 })
        .values("customer")
        .distinct()
        .orderBy("customer");
      // DISTINCT applies to the rows the window filter keeps (outside), not to inner rows with rank.
      expect(distinct).toEqual([{ customer: 1 }, { customer: 2 }]);
    });

    t.case(
      "distinct(fields) runs after the window filter (PostgreSQL only)",
      async ({ dialect }) => {
        const qs = Sale.objects
          .annotate({ rn: latestFirst() })
          .filter({ rn__lte: 2 })
          .orderBy("customer", "-total")
          .distinct("customer")
          .valuesList("pk", { flat: true });
        if (dialect !== "postgres") {
          await expect(qs.then((r) => r)).rejects.toThrow(NotSupportedError);
          return;
        }
        expect(qs.sql().sql).toMatch(
          /^SELECT DISTINCT ON \("qual\d"\) "pk" FROM \(SELECT .* "qualify" WHERE/,
        );
        expect(await qs).toEqual([3, 6]);
      },
    );

    t.case("a window-filtered QuerySet as __in subquery, and in update() / delete()", async () => {
      const latest = Sale.objects.annotate({ rn: latestFirst() }).filter({ rn: 1 });
      // total__gt is a WHERE condition: it runs before the window (Ann's latest sale over 10 is sale 3).
      const customers = await Customer.objects
        .filter({ sales__in: latest.filter({ total__gt: 10 }) })
        .orderBy("pk")
        .valuesList("name", { flat: true });
      expect(customers).toEqual(["Ann", "Bob"]);
      const updated = await latest.update({ note: "latest" });
      expect(updated).toBe(2);
      expect(
        await Sale.objects
          .filter({ note: "latest" })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ).toEqual([4, 6]);
      const [deleted] = await Sale.objects
        .annotate({ rn: latestFirst() })
        .filter({ rn__gt: 1 })
        .delete();
      expect(deleted).toBe(4);
      expect(await Sale.objects.orderBy("pk").valuesList("pk", { flat: true })).toEqual([4, 6]);
    });

    t.case("union of window-filtered QuerySets", async () => {
      const first = Sale.objects.annotate({ rn: latestFirst() }).filter({ rn: 1 }).valuesList("pk");
      const third = Sale.objects.annotate({ rn: latestFirst() }).filter({ rn: 3 }).valuesList("pk");
      const rows = await first.union(third).orderBy("pk");
      expect(rows).toEqual([[1], [2], [4], [6]]);
    });

    t.case("the filter value is a bound parameter, reused with other values", async () => {
      const base = Sale.objects.annotate({ rn: latestFirst() });
      const one = base.filter({ rn: 1 });
      const two = base.filter({ rn: 2 });
      expect(one.sql().params.map(Number)).toEqual([1]);
      expect(two.sql().sql).toBe(one.sql().sql);
      expect(await one.orderBy("pk").valuesList("pk", { flat: true })).toEqual([4, 6]);
      expect(await two.orderBy("pk").valuesList("pk", { flat: true })).toEqual([3, 5]);
      expect(String(two.query)).toMatch(/.rn. = 2$/);
    });

    t.case("arithmetic over a window, filtered on and selected by values()", async () => {
      const otherQty = Window({ expression: Sum("quantity"), partitionBy: "customer" }).sub(
        F("quantity"),
      );
      const rows = await Sale.objects
        .annotate({ otherQty })
        .filter({ otherQty__lt: 5 })
        .orderBy("otherQty", "pk")
        .valuesList("pk", "otherQty");
      expect(rows).toEqual([
        [3, 2],
        [1, 4],
        [4, 4],
        [5, 4],
      ]);
      const others = Window({ expression: Sum("total"), partitionBy: "customer" }).sub(F("total"));
      const selected = await Sale.objects.values({ others }).orderBy("pk");
      expect(selected.map((r) => (r.others as Decimal).toFixed(2))).toEqual([
        "28.00",
        "17.50",
        "17.75",
        "30.25",
        "17.50",
        "11.00",
      ]);
    });
  },
);
