import { describe, expectTypeOf, test } from "vitest";
import { Count, type Instance, Prefetch } from "../../src/index.js";
import { Author } from "../models/aggregation.js";
import { Customer, Order, OrderItem, type Product } from "../models/ecommerce.js";

describe("selectRelated / prefetchRelated types", () => {
  test("selectRelated checks its paths and keeps the row type", async () => {
    const items = await OrderItem.objects.selectRelated("order__customer", "product");
    expectTypeOf(items[0].order.customer.name).toEqualTypeOf<string>();
    expectTypeOf(items[0].product).toEqualTypeOf<Instance<typeof Product>>();
    // @ts-expect-error -- quantity is not a relation
    OrderItem.objects.selectRelated("quantity");
    // @ts-expect-error -- misspelt relation
    OrderItem.objects.selectRelated("order__custmer");
    OrderItem.objects.selectRelated(null);
    OrderItem.objects.selectRelated();
  });

  test("Prefetch toAttr adds a typed array, with the inner QuerySet's annotations", async () => {
    const paid = Order.objects.filter({ status: "paid" }).annotate({ itemCount: Count("items") });
    const customers = await Customer.objects.prefetchRelated(
      "orders",
      Prefetch("orders", { queryset: paid, toAttr: "paidOrders" }),
    );
    expectTypeOf(customers[0].paidOrders[0].itemCount).toEqualTypeOf<number>();
    expectTypeOf(customers[0].paidOrders[0].status).toEqualTypeOf<
      "pending" | "paid" | "shipped" | "returned"
    >();
    expectTypeOf(customers[0].name).toEqualTypeOf<string>();
    // Without toAttr nothing is added: the related manager reads the prefetched rows.
    const plain = await Customer.objects.prefetchRelated("orders");
    // @ts-expect-error -- no paidOrders without a toAttr
    plain[0].paidOrders;
    const orders = await plain[0].orders.all();
    expectTypeOf(orders[0].customerId).toEqualTypeOf<number>();
  });

  test("prefetchRelated checks string lookups against relation accessors", () => {
    Customer.objects.prefetchRelated("orders__items__product");
    OrderItem.objects.prefetchRelated("order__customer__orders");
    Customer.objects.prefetchRelated(
      Prefetch("orders", { queryset: Order.objects.all(), toAttr: "all" }),
      "all__items", // starts at the toAttr: checked at run time
    );
    Customer.objects.prefetchRelated(null);
    Author.objects.prefetchRelated("bookSet__publisher", "bookContactSet");
    // @ts-expect-error -- a reverse relation is prefetched by its accessor (bookSet), not its query name
    Author.objects.prefetchRelated("book");
    // @ts-expect-error -- misspelt accessor
    Customer.objects.prefetchRelated("ordres");
    // @ts-expect-error -- email is a field, not a relation
    Customer.objects.prefetchRelated("email");
    // @ts-expect-error -- the query name is not the accessor
    Order.objects.prefetchRelated("items__prodct");
  });

  test("toAttr of a forward foreign key is one row or null", async () => {
    const orders = await Order.objects.prefetchRelated(
      Prefetch("customer", { queryset: Customer.objects.all(), toAttr: "buyer" }),
    );
    expectTypeOf(orders[0].buyer).toEqualTypeOf<Instance<typeof Customer> | null>();
  });

  test("rows read through a reverse manager are typed by their model", async () => {
    const order = await Order.objects.get({ pk: 1 });
    const items = await order.items.all();
    expectTypeOf(items[0].product.name).toEqualTypeOf<string>();
  });
});
