import { describe, expectTypeOf, test } from "vitest";
import {
  AnyValue,
  Avg,
  Coalesce,
  Count,
  CumeDist,
  Decimal,
  DenseRank,
  F,
  FirstValue,
  Lag,
  LastValue,
  Lead,
  Max,
  NthValue,
  Ntile,
  PercentRank,
  Rank,
  RowNumber,
  RowRange,
  Sum,
  Value,
  ValueRange,
  Window,
  WindowFrameExclusion,
} from "../../src/index.js";
import { Order, OrderItem, Product } from "../models/ecommerce.js";
import { Sale } from "../window/models.js";

describe("window annotations are typed", () => {
  test("ranking functions are numbers", async () => {
    const rows = await Order.objects.annotate({
      rn: Window({ expression: RowNumber(), partitionBy: "customer", orderBy: "-createdAt" }),
      rank: Window({ expression: Rank(), orderBy: F("createdAt").desc() }),
      dense: Window({ expression: DenseRank() }),
      pct: Window({ expression: PercentRank() }),
      cume: Window({ expression: CumeDist() }),
      tile: Window({ expression: Ntile(4) }),
    });
    expectTypeOf(rows[0].rn).toEqualTypeOf<number>();
    expectTypeOf(rows[0].rank).toEqualTypeOf<number>();
    expectTypeOf(rows[0].dense).toEqualTypeOf<number>();
    expectTypeOf(rows[0].pct).toEqualTypeOf<number>();
    expectTypeOf(rows[0].cume).toEqualTypeOf<number>();
    expectTypeOf(rows[0].tile).toEqualTypeOf<number>();
  });

  test("a windowed aggregate has the aggregate's type on the model", async () => {
    const rows = await Sale.objects.annotate({
      running: Window({ expression: Sum("total"), partitionBy: "customer", orderBy: "createdAt" }),
      n: Window({ expression: Count("id"), partitionBy: "customer" }),
      avgQty: Window({ expression: Avg("quantity") }),
      best: Window({ expression: Max("total", { default: 0 }) }),
    });
    expectTypeOf(rows[0].running).toEqualTypeOf<Decimal | null>();
    expectTypeOf(rows[0].n).toEqualTypeOf<number>();
    expectTypeOf(rows[0].avgQty).toEqualTypeOf<number | null>();
    expectTypeOf(rows[0].best).toEqualTypeOf<Decimal>();
  });

  test("value functions read their source's type", async () => {
    const rows = await Product.objects.annotate({
      prev: Window({ expression: Lag("price"), orderBy: "pk" }),
      prevOr0: Window({ expression: Lag("price", { default: 0 }), orderBy: "pk" }),
      next: Window({ expression: Lead("name", { offset: 2 }), orderBy: "pk" }),
      first: Window({ expression: FirstValue("name"), orderBy: "pk" }),
      lastSale: Window({ expression: LastValue("salePrice"), orderBy: "pk" }),
      second: Window({ expression: NthValue("stock", 2), orderBy: "pk" }),
      expr: Window({ expression: Lag(new Value<string>("x")), orderBy: "pk" }),
    });
    expectTypeOf(rows[0].prev).toEqualTypeOf<Decimal | null>();
    expectTypeOf(rows[0].prevOr0).toEqualTypeOf<Decimal>();
    expectTypeOf(rows[0].next).toEqualTypeOf<string | null>();
    expectTypeOf(rows[0].first).toEqualTypeOf<string>();
    expectTypeOf(rows[0].lastSale).toEqualTypeOf<Decimal | null>();
    expectTypeOf(rows[0].second).toEqualTypeOf<number | null>();
    expectTypeOf(rows[0].expr).toEqualTypeOf<string | null>();
  });

  test("values() rows and filters on window annotations", async () => {
    const qs = OrderItem.objects.annotate({
      rn: Window({ expression: RowNumber(), partitionBy: "order", orderBy: "-price" }),
      running: Window({ expression: Sum("price"), partitionBy: "order", orderBy: "pk" }),
    });
    const rows = await qs
      .filter({ rn: 1, running__gt: new Decimal("10") })
      .values("pk", "rn", "running");
    expectTypeOf(rows[0]).toEqualTypeOf<{ pk: number; rn: number; running: Decimal | null }>();
    qs.orderBy("-rn", "running");
    // @ts-expect-error rn is a number
    qs.filter({ rn: "first" });
    const aliased = OrderItem.objects.alias({ rn: Window({ expression: RowNumber() }) });
    aliased.filter({ rn__lte: 3 });
  });

  test("only window functions and aggregates (not AnyValue) stand over a window", () => {
    // @ts-expect-error a field reference is not a window function
    Window({ expression: F("price") });
    // @ts-expect-error a plain function is not a window function
    Window({ expression: Coalesce("price", 0) });
    // @ts-expect-error AnyValue is not window-compatible (Django)
    Window({ expression: AnyValue("price") });
    // @ts-expect-error a window over a window
    Window({ expression: Window({ expression: RowNumber() }) });
  });

  test("frames", () => {
    Window({ expression: Sum("price"), frame: RowRange({ start: -2, end: 0 }) });
    Window({ expression: Sum("price"), frame: ValueRange({ start: null, end: 0 }) });
    Window({
      expression: Sum("price"),
      frame: RowRange({ exclusion: WindowFrameExclusion.CURRENT_ROW }),
    });
    // @ts-expect-error exclusion is one of WindowFrameExclusion's values
    RowRange({ exclusion: "ROW" });
    // @ts-expect-error a frame is RowRange() or ValueRange()
    Window({ expression: Sum("price"), frame: "ROWS" });
  });
});
