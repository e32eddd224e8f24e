import { describe, expectTypeOf, test } from "vitest";
import {
  type Decimal,
  Exists,
  Max,
  OuterRef,
  Subquery,
  SubqueryAggregate,
  SubqueryCount,
} from "../../src/index.js";
import { Customer, Order, OrderItem } from "../models/ecommerce.js";

describe("subqueries are typed by the column they select", () => {
  test("Subquery of values(x) is x's type or null", async () => {
    const latest = Order.objects
      .filter({ customer: OuterRef("pk") })
      .orderBy("-createdAt")
      .values("createdAt")
      .slice(0, 1);
    const rows = await Customer.objects.annotate({ lastOrderAt: Subquery(latest) });
    expectTypeOf(rows[0].lastOrderAt).toEqualTypeOf<Date | null>();
    const flat = OrderItem.objects
      .filter({ order__customer: OuterRef("pk") })
      .valuesList("price", { flat: true })
      .slice(0, 1);
    const priced = await Customer.objects.annotate({ somePrice: Subquery(flat) });
    expectTypeOf(priced[0].somePrice).toEqualTypeOf<Decimal | null>();
  });

  test("Exists is a boolean; helpers are numbers or the field's type", async () => {
    const rows = await Customer.objects.annotate({
      hasOrders: Exists(Order.objects.filter({ customer: OuterRef("pk") })),
      orderCount: SubqueryCount("orders"),
      firstOrder: SubqueryAggregate("orders__createdAt", Max),
    });
    expectTypeOf(rows[0].hasOrders).toEqualTypeOf<boolean>();
    expectTypeOf(rows[0].orderCount).toEqualTypeOf<number>();
    expectTypeOf(rows[0].firstOrder).toEqualTypeOf<Date | null>();
    Customer.objects.annotate({ n: SubqueryCount("orders") }).filter({ n__gt: 2 });
  });
});
