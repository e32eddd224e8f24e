import { expect } from "vitest";
import {
  assertNumQueries,
  Count,
  defineModel,
  FieldError,
  f,
  Prefetch,
  prefetchRelatedObjects,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Customer, ecommerceModels, Order, OrderItem } from "../models/ecommerce.js";
import {
  loadRelationFixtures,
  passportNumber,
  RnClub,
  RnPerson,
  RnTag,
  RnTeam,
  relationModels,
} from "./models.js";

/** Order count per customer pk, from an aggregate (the independent answer). */
async function orderCounts(status?: "paid"): Promise<Map<number, number>> {
  const qs = status ? Order.objects.filter({ status }) : Order.objects.all();
  const rows = await qs.values("customer").annotate({ n: Count("pk") });
  return new Map(rows.map((r) => [r.customer as number, r.n]));
}

/**
 * A symmetrical self many-to-many through a model whose two keys share one
 * reverse name (no relatedName): the prefetch path would be ambiguous.
 */
const RnFan = defineModel("RnFan", {
  name: f.char({ maxLength: 20 }),
  idols: f.manyToMany("self", { through: "RnFandom", throughFields: ["fan", "idol"] }),
});
defineModel("RnFandom", {
  fan: f.foreignKey("RnFan", { onDelete: "CASCADE" }),
  idol: f.foreignKey("RnFan", { onDelete: "CASCADE" }),
});

forEachDialect(
  "prefetchRelated (ecommerce)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("reverse foreign key: 2 queries; reading the results needs none", async () => {
      const customers = await assertNumQueries(2, () =>
        Customer.objects.prefetchRelated("orders").orderBy("pk"),
      );
      const expected = await orderCounts();
      await assertNumQueries(0, async () => {
        for (const c of customers) {
          const orders = await c.orders.all();
          expect(orders.length).toBe(expected.get(c.pk) ?? 0);
          expect(await c.orders.count()).toBe(orders.length);
          for (const o of orders) {
            expect(o.customerId).toBe(c.pk);
            expect(o.customer).toBe(c); // the back-reference is set too
          }
        }
      });
      expect(customers.length).toBe(40);
    });

    t.case(
      "a new filter on a prefetched relation queries again (article 001's gotcha)",
      async () => {
        const [c] = await Customer.objects.prefetchRelated("orders").filter({ pk: 3 });
        const all = await assertNumQueries(0, () => c.orders.all());
        const paid = await assertNumQueries(1, () => c.orders.filter({ status: "paid" }));
        expect(paid.length).toBe(all.filter((o) => o.status === "paid").length);
      },
    );

    t.case("nested lookups: one query per level", async () => {
      const customers = await assertNumQueries(4, () =>
        Customer.objects.prefetchRelated("orders__items__product").orderBy("pk"),
      );
      const itemsPerCustomer = new Map(
        (await Customer.objects.annotate({ n: Count("orders__items") }).valuesList("pk", "n")).map(
          ([pk, n]) => [pk, n],
        ),
      );
      await assertNumQueries(0, async () => {
        for (const c of customers) {
          let n = 0;
          for (const o of await c.orders.all()) {
            for (const i of await o.items.all()) {
              expect(i.product.pk).toBe(i.productId);
              n++;
            }
          }
          expect(n).toBe(itemsPerCustomer.get(c.pk));
        }
      });
    });

    t.case(
      "Prefetch with a filtered, annotated, ordered queryset and toAttr (article 001): 3 queries",
      async () => {
        const paidOrders = Order.objects
          .filter({ status: "paid" })
          .annotate({ itemCount: Count("items") })
          .orderBy("-createdAt", "pk")
          .selectRelated("customer")
          .prefetchRelated(
            Prefetch("items", { queryset: OrderItem.objects.selectRelated("product") }),
          );
        const customers = await assertNumQueries(3, () =>
          Customer.objects
            .prefetchRelated(Prefetch("orders", { queryset: paidOrders, toAttr: "paidOrders" }))
            .orderBy("pk"),
        );
        const expected = await orderCounts("paid");
        await assertNumQueries(0, async () => {
          for (const c of customers) {
            const orders = c.paidOrders;
            expect(Array.isArray(orders)).toBe(true);
            expect(orders.length).toBe(expected.get(c.pk) ?? 0);
            const times = orders.map((o) => o.createdAt.getTime());
            expect(times).toEqual([...times].sort((a, b) => b - a));
            for (const o of orders) {
              expect(o.status).toBe("paid");
              expect(o.customer.name).toBe(c.name);
              const items = await o.items.all();
              expect(items.length).toBe(o.itemCount);
              for (const i of items)
                expect(typeof (i.product as { name: unknown }).name).toBe("string");
            }
          }
        });
      },
    );

    t.case(
      "prefetch through a selectRelated result (the level already loaded is walked)",
      async () => {
        const items = await assertNumQueries(2, () =>
          OrderItem.objects
            .selectRelated("order")
            .prefetchRelated("order__customer")
            .filter({ pk__lte: 5 }),
        );
        // order came from the JOIN; only customer needed a query.
        await assertNumQueries(0, () => {
          expect(items.map((i) => i.order.customer.pk)).toEqual(
            items.map((i) => i.order.customerId),
          );
        });
      },
    );

    t.case("forward foreign key by prefetch: IN over the distinct keys", async () => {
      const orders = await assertNumQueries(2, () =>
        Order.objects.prefetchRelated("customer").filter({ pk__lte: 10 }).orderBy("pk"),
      );
      const names = await Customer.objects.inBulk(orders.map((o) => o.customerId));
      expect(orders.map((o) => o.customer.name)).toEqual(
        orders.map((o) => names.get(o.customerId)!.name),
      );
    });

    t.case("prefetchRelatedObjects() on instances already in hand", async () => {
      const customers = await Customer.objects.filter({ pk__in: [1, 2, 3] }).orderBy("pk");
      await assertNumQueries(1, () => prefetchRelatedObjects(customers, "orders"));
      const expected = await orderCounts();
      for (const c of customers) {
        expect(await assertNumQueries(0, () => c.orders.count())).toBe(expected.get(c.pk) ?? 0);
      }
    });

    t.case("a lookup that is not a relation: FieldError with the relation names", async () => {
      // @ts-expect-error -- misspelt (the types say so too)
      await expect(Customer.objects.prefetchRelated("ordres").fetch()).rejects.toThrow(
        new FieldError(
          "Cannot find 'ordres' on Customer object, 'ordres' is an invalid parameter to prefetchRelated(). Relations of Customer: orders.",
        ),
      );
      // @ts-expect-error -- name is not a relation
      await expect(Order.objects.prefetchRelated("customer__name").fetch()).rejects.toThrow(
        new FieldError(
          "'customer__name' does not resolve to an item that supports prefetching - this is an invalid parameter to prefetchRelated(). Relations of Customer: orders.",
        ),
      );
      expect(() => Prefetch("orders", { queryset: Order.objects.values("pk") as never })).toThrow(
        new TypeError("Prefetch querysets cannot use raw(), values(), and valuesList()."),
      );
      await expect(Customer.objects.prefetchRelated("orders").values("pk").fetch()).rejects.toThrow(
        TypeError,
      );
    });

    t.case("prefetchRelated(null) clears the lookups", async () => {
      await assertNumQueries(1, () =>
        Customer.objects.prefetchRelated("orders").prefetchRelated(null).fetch(),
      );
    });
  },
);

forEachDialect(
  "prefetchRelated (many-to-many, one-to-one)",
  { models: relationModels, fixtures: loadRelationFixtures },
  (t) => {
    t.case("many-to-many with an auto through table, both directions", async () => {
      const people = await assertNumQueries(2, () =>
        RnPerson.objects.prefetchRelated("tags").orderBy("pk"),
      );
      const labels = await assertNumQueries(0, async () => {
        const out: string[][] = [];
        for (const p of people) out.push((await p.tags.all()).map((t) => t.label).sort());
        return out;
      });
      expect(labels).toEqual([["x", "y"], ["x"], [], []]);
      const tags = await assertNumQueries(2, () =>
        RnTag.objects.prefetchRelated("people").orderBy("pk"),
      );
      const names = [];
      for (const tag of tags) names.push((await tag.people.all()).map((p) => p.name).sort());
      expect(names).toEqual([["ann", "bob"], ["ann"]]);
    });

    t.case("a symmetrical self many-to-many: 2 queries, the rows of friends.all()", async () => {
      const people = await assertNumQueries(2, () =>
        RnPerson.objects.prefetchRelated("friends").orderBy("pk"),
      );
      const prefetched = await assertNumQueries(0, async () => {
        const out: string[][] = [];
        for (const p of people) out.push((await p.friends.all()).map((f) => f.name).sort());
        return out;
      });
      expect(prefetched).toEqual([["bob", "cy"], ["ann"], ["ann"], ["cy"]]);
      // The related manager without prefetching, person by person.
      const fresh = await RnPerson.objects.orderBy("pk");
      const direct: string[][] = [];
      for (const p of fresh) direct.push((await p.friends.all()).map((f) => f.name).sort());
      expect(prefetched).toEqual(direct);
    });

    t.case("a symmetrical self many-to-many with Prefetch(queryset, toAttr), nested", async () => {
      const people = await assertNumQueries(3, () =>
        RnPerson.objects
          .prefetchRelated(
            Prefetch("friends", {
              queryset: RnPerson.objects.exclude({ name: "cy" }).orderBy("-name"),
              toAttr: "pals",
            }),
            "pals__friends",
          )
          .orderBy("pk"),
      );
      expect(people.map((p) => p.pals.map((f) => f.name))).toEqual([["bob"], ["ann"], ["ann"], []]);
      const palsOfPals = await assertNumQueries(0, async () => {
        const out: string[][] = [];
        for (const p of people) {
          for (const pal of p.pals) out.push((await pal.friends.all()).map((f) => f.name).sort());
        }
        return out;
      });
      expect(palsOfPals).toEqual([["ann"], ["bob", "cy"], ["bob", "cy"]]);
      // The same as each person's manager, filtered and ordered as the Prefetch queryset.
      for (const p of people) {
        const direct = await p.friends.exclude({ name: "cy" }).orderBy("-name");
        expect(p.pals.map((f) => f.pk)).toEqual(direct.map((f) => f.pk));
      }
      // Sliced: each person's first friend by name.
      const first = await assertNumQueries(2, () =>
        RnPerson.objects
          .prefetchRelated(
            Prefetch("friends", {
              queryset: RnPerson.objects.orderBy("name").slice(0, 1),
              toAttr: "firstFriend",
            }),
          )
          .orderBy("pk"),
      );
      expect(first.map((p) => p.firstFriend.map((f) => f.name))).toEqual([
        ["bob"],
        ["ann"],
        ["ann"],
        ["cy"],
      ]);
    });

    t.case("a symmetrical through model whose keys share a reverse name: FieldError", async () => {
      await expect(
        prefetchRelatedObjects([new RnFan({ id: 1, name: "x" })], "idols"),
      ).rejects.toThrow(
        new FieldError(
          "prefetchRelated() of RnFan.idols: the reverse query name 'rnFandom' of RnFandom.idol is " +
            "shared with another relation to RnFan; give RnFandom.idol its own relatedName.",
        ),
      );
    });

    t.case("a write through a prefetched manager drops the prefetched rows (Django)", async () => {
      const [ann] = await RnPerson.objects.prefetchRelated("tags", "mentees").orderBy("pk");
      const labelsOf = async () => (await ann.tags.all()).map((t) => t.label).sort();
      expect(await assertNumQueries(0, labelsOf)).toEqual(["x", "y"]);
      await ann.tags.create({ label: "z" });
      expect(await assertNumQueries(1, labelsOf)).toEqual(["x", "y", "z"]);
      const z = await RnTag.objects.get({ label: "z" });
      await ann.tags.remove(z);
      expect(await assertNumQueries(1, labelsOf)).toEqual(["x", "y"]);
      const menteesBefore = (await assertNumQueries(0, () => ann.mentees.all())).length;
      await ann.mentees.create({ name: "eve" });
      const after = await assertNumQueries(1, () => ann.mentees.all());
      expect(after.length).toBe(menteesBefore + 1);
      expect(after.map((p) => p.name)).toContain("eve");
    });

    t.case("many-to-many with an explicit through model, filtered with toAttr", async () => {
      const clubs = await assertNumQueries(2, () =>
        RnClub.objects
          .prefetchRelated(
            Prefetch("members", { queryset: RnPerson.objects.orderBy("-name"), toAttr: "roster" }),
          )
          .orderBy("pk"),
      );
      expect(clubs.map((c) => c.roster.map((p) => p.name))).toEqual([["bob", "ann"], ["dee"]]);
      const people = await assertNumQueries(2, () =>
        RnPerson.objects.prefetchRelated("clubs").orderBy("pk"),
      );
      const clubNames = [];
      for (const p of people) clubNames.push((await p.clubs.all()).map((c) => c.name));
      expect(clubNames).toEqual([["chess"], ["chess"], [], ["golf"]]);
    });

    t.case("a sliced many-to-many Prefetch keeps the first rows per owner", async () => {
      const tags = await assertNumQueries(2, () =>
        RnTag.objects.orderBy("pk").prefetchRelated(
          Prefetch("people", {
            queryset: RnPerson.objects.orderBy("-name").slice(0, 1),
            toAttr: "last",
          }),
        ),
      );
      expect(tags.map((t) => t.last.map((p) => p.name))).toEqual([["bob"], ["ann"]]);
    });

    t.case("toAttr on a forward key stores the row or null", async () => {
      const people = await assertNumQueries(2, () =>
        RnPerson.objects
          .prefetchRelated(
            Prefetch("team", {
              queryset: RnTeam.objects.filter({ name: "Red" }),
              toAttr: "redTeam",
            }),
          )
          .orderBy("pk"),
      );
      expect(people.map((p) => p.redTeam?.name ?? null)).toEqual(["Red", "Red", null, null]);
    });

    t.case("reverse one-to-one and a nullable key", async () => {
      const people = await assertNumQueries(3, () =>
        RnPerson.objects.prefetchRelated("passport", "team").orderBy("pk"),
      );
      expect(people.map((p) => [passportNumber(p), p.team?.name ?? null])).toEqual([
        ["P-ANN", "Red"],
        [null, "Red"],
        [null, null],
        ["P-DEE", "Blue"],
      ]);
      const teams = await assertNumQueries(3, () =>
        RnTeam.objects.prefetchRelated("members__passport").orderBy("pk"),
      );
      const numbers = [];
      for (const team of teams)
        numbers.push((await team.members.all()).map((m) => passportNumber(m)).sort());
      expect(numbers).toEqual([["P-ANN", null], ["P-DEE"]]);
    });
  },
);
