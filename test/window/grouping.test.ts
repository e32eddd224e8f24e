/**
 * Windows and GROUP BY: a window is computed after grouping, over the
 * groups; it adds its PARTITION BY / ORDER BY terms to GROUP BY, never
 * its own expression (Django's Window.get_group_by_cols).
 */
import { expect } from "vitest";
import { Count, DenseRank, F, Rank, RowNumber, Sum, Window } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { Customer } from "../models/ecommerce.js";
import { loadSales, Sale, windowModels } from "./models.js";

forEachDialect("window functions: grouping", { models: windowModels, fixtures: loadSales }, (t) => {
  t.case("a window over a model's aggregate annotation ranks the groups", async () => {
    const rows = await Customer.objects
      .annotate({
        spent: Sum("sales__total"),
        rank: Window({ expression: Rank(), orderBy: F("spent").desc({ nullsLast: true }) }),
      })
      .orderBy("rank")
      .valuesList("name", "rank");
    expect(rows).toEqual([
      ["Ann", 1],
      ["Bob", 2],
      ["Cid", 3],
    ]);
  });

  t.case("a window over values().annotate() groups", async () => {
    const rows = await Sale.objects
      .values("customer")
      .annotate({ n: Count("id") })
      .annotate({ rank: Window({ expression: DenseRank(), orderBy: F("n").desc() }) })
      .orderBy("customer");
    expect(rows).toEqual([
      { customer: 1, n: 3, rank: 1 },
      { customer: 2, n: 3, rank: 1 },
    ]);
  });

  t.case(
    "ordering a window by an aggregate groups the query (Django leaves it ungrouped: invalid SQL)",
    async () => {
      const rows = await Customer.objects
        .annotate({ rank: Window({ expression: Rank(), orderBy: Count("sales").desc() }) })
        .orderBy("rank", "pk")
        .valuesList("name", "rank");
      expect(rows).toEqual([
        ["Ann", 1],
        ["Bob", 1],
        ["Cid", 3],
      ]);
    },
  );

  t.case("partitioning by an aggregate annotation", async () => {
    const rows = await Customer.objects
      .annotate({
        n: Count("sales"),
        rn: Window({ expression: RowNumber(), partitionBy: F("n"), orderBy: "pk" }),
      })
      .orderBy("pk")
      .valuesList("name", "n", "rn");
    expect(rows).toEqual([
      ["Ann", 3, 1],
      ["Bob", 3, 2],
      ["Cid", 0, 1],
    ]);
  });

  t.case(
    "ORDER BY a GROUP BY key holds next to windows (MariaDB needs a guard term)",
    async (ctx) => {
      const qs = Sale.objects
        .values("customer")
        .annotate({ spent: Sum("total") })
        .annotate({ rank: Window({ expression: Rank(), orderBy: F("spent") }) })
        .orderBy("customer")
        .valuesList("customer", "rank");
      // MariaDB returns `… GROUP BY customer_id ORDER BY customer_id` in the window's order
      // unless another ORDER BY term forces the sort: Tango appends the window column.
      const guarded = ctx.features().ignoresGroupKeyOrderWithWindows;
      expect(guarded).toBe(ctx.dialect === "mysql");
      expect(qs.sql().sql.endsWith(guarded ? "ASC, `rank`" : '"customer_id" ASC')).toBe(true);
      for (let i = 0; i < 5; i++) {
        expect(await qs.all()).toEqual([
          [1, 2],
          [2, 1],
        ]);
      }
      const desc = await qs.orderBy("-customer");
      expect(desc).toEqual([
        [2, 1],
        [1, 2],
      ]);
    },
  );

  t.case("a window aggregate does not group the query (one row per sale)", async () => {
    const qs = Sale.objects.annotate({
      perCustomer: Window({ expression: Count("id"), partitionBy: "customer" }),
    });
    expect(qs.sql().sql).not.toContain("GROUP BY");
    expect(await qs.count()).toBe(6);
    expect((await qs).length).toBe(6);
  });

  t.case("GROUP BY takes the window's partition and order terms, not its expression", async () => {
    const qs = Sale.objects
      .values("customer")
      .annotate({ n: Count("id") })
      .annotate({ rn: Window({ expression: RowNumber(), orderBy: "customer" }) });
    const { sql } = qs.sql();
    expect(sql).not.toMatch(/GROUP BY .*ROW_NUMBER/);
    expect(await qs.orderBy("customer")).toEqual([
      { customer: 1, n: 3, rn: 1 },
      { customer: 2, n: 3, rn: 2 },
    ]);
  });
});
