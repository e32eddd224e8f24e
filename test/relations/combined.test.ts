import { expect } from "vitest";
import {
  assertNumQueries,
  Count,
  FieldError,
  Prefetch,
  prefetchRelatedObjects,
  RowNumber,
  Window,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Customer, ecommerceModels, Order } from "../models/ecommerce.js";

forEachDialect(
  "selectRelated / prefetchRelated with other QuerySet features",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("selectRelated on a grouped query (annotate of an aggregate)", async () => {
      const orders = await assertNumQueries(1, () =>
        Order.objects
          .selectRelated("customer")
          .annotate({ itemCount: Count("items") })
          .orderBy("pk")
          .slice(0, 5),
      );
      const expected = await Order.objects
        .annotate({ itemCount: Count("items") })
        .orderBy("pk")
        .slice(0, 5)
        .valuesList("customer__name", "itemCount");
      expect(orders.map((o) => [o.customer.name, o.itemCount])).toEqual(expected);
    });

    t.case("selectRelated with a window filter, distinct() and a slice", async () => {
      const latest = await assertNumQueries(1, () =>
        Order.objects
          .selectRelated("customer")
          .annotate({
            rn: Window({
              expression: RowNumber(),
              partitionBy: "customer",
              orderBy: ["-createdAt", "-pk"],
            }),
          })
          .filter({ rn: 1, customer__pk__lte: 3 })
          .orderBy("customer"),
      );
      const expected = [];
      for (const pk of [1, 2, 3]) {
        const o = await Order.objects.filter({ customer: pk }).orderBy("-createdAt", "-pk").first();
        if (o) expected.push([o.pk, (await Customer.objects.get({ pk })).name]);
      }
      expect(latest.map((o) => [o.pk, o.customer.name])).toEqual(expected);
      const distinct = await Order.objects
        .selectRelated("customer")
        .filter({ items__quantity__gte: 1, customer__pk: 3 })
        .distinct()
        .orderBy("pk");
      expect(distinct.map((o) => o.pk)).toEqual(
        await Order.objects.filter({ customer: 3 }).orderBy("pk").valuesList("pk", { flat: true }),
      );
      expect(new Set(distinct.map((o) => o.customer.pk))).toEqual(new Set([3]));
    });

    t.case("get(), first() and iterator() run the prefetch too", async () => {
      const c = await assertNumQueries(2, () =>
        Customer.objects.prefetchRelated("orders").get({ pk: 3 }),
      );
      const n = await Order.objects.filter({ customer: 3 }).count();
      expect(await assertNumQueries(0, () => c.orders.count())).toBe(n);
      const first = await assertNumQueries(2, () =>
        Customer.objects.prefetchRelated("orders").orderBy("pk").first(),
      );
      expect(first?.pk).toBe(1);
      const seen: number[] = [];
      // One read (inside the test's transaction the rows come at once, handed out in chunks),
      // then one prefetch query per chunk of 2.
      await assertNumQueries(3, async () => {
        for await (const customer of Customer.objects
          .filter({ pk__lte: 4 })
          .orderBy("pk")
          .prefetchRelated("orders")
          .iterator({ chunkSize: 2 })) {
          seen.push((await customer.orders.all()).length);
        }
      });
      expect(seen).toHaveLength(4);
    });

    t.case("prefetchRelated on a related manager's QuerySet", async () => {
      const c = await Customer.objects.get({ pk: 3 });
      const orders = await assertNumQueries(2, () =>
        c.orders.prefetchRelated("items").orderBy("pk"),
      );
      const total = await Order.objects.filter({ customer: 3 }).aggregate({ n: Count("items") });
      let n = 0;
      for (const o of orders) n += (await o.items.all()).length;
      expect(n).toBe(total.n);
    });

    t.case("a lookup seen twice with a different queryset is an error", async () => {
      await expect(
        Customer.objects
          .prefetchRelated(
            "orders",
            Prefetch("orders", { queryset: Order.objects.filter({ status: "paid" }) }),
          )
          .fetch(),
      ).rejects.toThrow(
        new FieldError(
          "'orders' lookup was already seen with a different queryset. You may need to adjust the ordering of your lookups.",
        ),
      );
    });

    t.case("a Prefetch queryset of another model is a FieldError", async () => {
      await expect(
        Customer.objects
          .prefetchRelated(Prefetch("orders", { queryset: Customer.objects.all() as never }))
          .fetch(),
      ).rejects.toThrow(
        new FieldError('Prefetch("orders") needs a QuerySet of Order, not of Customer.'),
      );
    });

    t.case("toAttr may not take a field's name", async () => {
      await expect(
        Customer.objects.prefetchRelated(Prefetch("orders", { toAttr: "email" })).fetch(),
      ).rejects.toThrow(
        new FieldError("toAttr=email conflicts with a field on the Customer model."),
      );
    });

    t.case("a sliced Prefetch queryset is sliced per owner (Django 4.2+)", async () => {
      const latest = Order.objects.orderBy("-createdAt", "-pk").slice(0, 2);
      const customers = await assertNumQueries(2, () =>
        Customer.objects
          .filter({ pk__lte: 10 })
          .orderBy("pk")
          .prefetchRelated(Prefetch("orders", { queryset: latest, toAttr: "latestOrders" })),
      );
      for (const c of customers) {
        const expected = await Order.objects
          .filter({ customer: c.pk })
          .orderBy("-createdAt", "-pk")
          .slice(0, 2)
          .valuesList("pk", { flat: true });
        expect(c.latestOrders.map((o) => o.pk)).toEqual(expected);
      }
      const second = await Customer.objects
        .filter({ pk__lte: 10 })
        .orderBy("pk")
        .prefetchRelated(
          Prefetch("orders", { queryset: Order.objects.orderBy("pk").slice(1), toAttr: "rest" }),
        );
      for (const c of second) {
        const all = await Order.objects
          .filter({ customer: c.pk })
          .orderBy("pk")
          .valuesList("pk", { flat: true });
        expect(c.rest.map((o) => o.pk)).toEqual(all.slice(1));
      }
    });

    t.case("keys beyond the parameter limit are split over several queries", async () => {
      const many = Array.from(
        { length: 30005 },
        (_, i) => new Customer({ id: i + 1, name: "", email: "" }),
      );
      await assertNumQueries(2, () => prefetchRelatedObjects(many, "orders"));
      const n = await Order.objects.count();
      let got = 0;
      for (const c of many) got += (await c.orders.all()).length;
      expect(got).toBe(n);
    });
  },
);
