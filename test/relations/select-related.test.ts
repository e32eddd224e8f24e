import { expect } from "vitest";
import {
  assertNumQueries,
  captureQueries,
  FieldError,
  NotSupportedError,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { ecommerceModels, Order, OrderItem } from "../models/ecommerce.js";
import {
  loadRelationFixtures,
  passportNumber,
  RnPassport,
  RnPerson,
  RnTeam,
  relationModels,
} from "./models.js";

function joinTypes(sql: string): string[] {
  return [...sql.matchAll(/(LEFT OUTER|INNER) JOIN/g)].map((m) => m[1]);
}

forEachDialect(
  "selectRelated (ecommerce)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("nested path: one query, reading order.customer needs none", async () => {
      const items = await assertNumQueries(1, () =>
        OrderItem.objects.selectRelated("order__customer", "product").orderBy("pk").slice(0, 3),
      );
      await assertNumQueries(0, () => {
        expect(items.map((i) => [i.pk, i.order.customer.name, i.product.name])).toEqual([
          [1, "Carla Rossi", "Subscription Box"],
          [2, "Ines Moreau", "Gift Card"],
          [3, "Ines Moreau", "Latte Art Pitcher"],
        ]);
        expect(items[0].order.customerId).toBe(items[0].order.customer.pk);
      });
      const { sql } = OrderItem.objects.selectRelated("order__customer", "product").sql();
      expect(joinTypes(sql)).toEqual(["INNER", "INNER", "INNER"]);
    });

    t.case("selectRelated() without names follows every non-null key", async () => {
      const item = await assertNumQueries(1, () =>
        OrderItem.objects.selectRelated().get({ pk: 2 }),
      );
      expect([item.order.customer.name, item.product.name]).toEqual(["Ines Moreau", "Gift Card"]);
    });

    t.case("a join the filter made is reused", async () => {
      const qs = Order.objects.filter({ customer__name: "Ines Moreau" }).selectRelated("customer");
      expect(joinTypes(qs.sql().sql)).toEqual(["INNER"]);
      const orders = await qs.orderBy("pk");
      expect(orders.length).toBeGreaterThan(0);
      expect(new Set(orders.map((o) => o.customer.name))).toEqual(new Set(["Ines Moreau"]));
    });

    t.case("selectRelated(null) clears; count() ignores the joins", async () => {
      const qs = OrderItem.objects.selectRelated("order").selectRelated(null);
      expect(joinTypes(qs.sql().sql)).toEqual([]);
      const { queries } = await captureQueries(() =>
        OrderItem.objects.selectRelated("order").count(),
      );
      expect(joinTypes(queries[0].sql)).toEqual([]);
    });

    t.case("only() with a related field loads just that field of the related model", async () => {
      const item = await assertNumQueries(1, () =>
        OrderItem.objects
          .selectRelated("order__customer")
          .only("quantity", "order__customer__name")
          .get({ pk: 1 }),
      );
      expect(item.order.customer.name).toBe("Carla Rossi");
      expect(() => item.order.customer.email).toThrow(/deferred/);
      expect(() => item.order.status).toThrow(/deferred/);
    });

    t.case("defer() of a related field", async () => {
      const item = await assertNumQueries(1, () =>
        OrderItem.objects
          .selectRelated("order__customer")
          .defer("order__customer__email")
          .get({ pk: 1 }),
      );
      expect(item.order.customer.name).toBe("Carla Rossi");
      expect(() => item.order.customer.email).toThrow(/deferred/);
      expect(item.order.status).toBeTypeOf("string");
    });

    t.case("deferring the key that selectRelated follows is a FieldError", async () => {
      await expect(OrderItem.objects.selectRelated("order").defer("order").fetch()).rejects.toThrow(
        new FieldError(
          "Field OrderItem.order cannot be both deferred and traversed using select_related at the same time.",
        ),
      );
      await expect(
        OrderItem.objects.selectRelated("order").only("quantity").fetch(),
      ).rejects.toThrow(FieldError);
    });

    t.case("a name that is not a relation: FieldError with the relation names", () => {
      // @ts-expect-error -- not a relation (the types say so too)
      expect(() => OrderItem.objects.selectRelated("quantity")).toThrow(
        new FieldError(
          "Non-relational field given in select_related: 'quantity'. Choices are: order, product",
        ),
      );
      // @ts-expect-error -- misspelt
      expect(() => OrderItem.objects.selectRelated("order__custmer")).toThrow(
        new FieldError(
          "Invalid field name(s) given in select_related: 'custmer'. Choices are: customer",
        ),
      );
      expect(() => OrderItem.objects.values("pk").selectRelated("order")).toThrow(TypeError);
      const union = OrderItem.objects.filter({ pk: 1 }).union(OrderItem.objects.filter({ pk: 2 }));
      expect(() => union.selectRelated("order")).toThrow(
        new NotSupportedError("Calling QuerySet.selectRelated() after union() is not supported."),
      );
      expect(() => union.prefetchRelated("order")).toThrow(
        new NotSupportedError("Calling QuerySet.prefetchRelated() after union() is not supported."),
      );
    });
  },
);

forEachDialect(
  "selectRelated (nullable keys, one-to-one)",
  { models: relationModels, fixtures: loadRelationFixtures },
  (t) => {
    t.case("a nullable key is a LEFT JOIN, and so is every join after it", async () => {
      const qs = RnPerson.objects.selectRelated("team__city").orderBy("pk");
      expect(joinTypes(qs.sql().sql)).toEqual(["LEFT OUTER", "LEFT OUTER"]);
      const people = await assertNumQueries(1, () => qs);
      expect(people.map((p) => [p.name, p.team?.name ?? null, p.team?.city.name ?? null])).toEqual([
        ["ann", "Red", "Lyon"],
        ["bob", "Red", "Lyon"],
        ["cy", null, null],
        ["dee", "Blue", "Oslo"],
      ]);
    });

    t.case("a self-referencing key, two levels (aliased self-joins)", async () => {
      const people = await assertNumQueries(1, () =>
        RnPerson.objects.selectRelated("mentor__mentor", "team").orderBy("pk"),
      );
      expect(
        people.map((p) => [
          p.name,
          p.mentor?.name ?? null,
          p.mentor?.mentor?.name ?? null,
          p.team?.name ?? null,
        ]),
      ).toEqual([
        ["ann", null, null, "Red"],
        ["bob", "ann", null, "Red"],
        ["cy", "bob", "ann", null],
        ["dee", "ann", null, "Blue"],
      ]);
      const mentors = await assertNumQueries(2, () =>
        RnPerson.objects.prefetchRelated("mentees").orderBy("pk"),
      );
      const names = [];
      for (const m of mentors) names.push((await m.mentees.all()).map((p) => p.name).sort());
      expect(names).toEqual([["bob", "dee"], ["cy"], [], []]);
    });

    t.case("one-to-one forward and reverse", async () => {
      const passports = await assertNumQueries(1, () =>
        RnPassport.objects.selectRelated("person__team").orderBy("pk"),
      );
      expect(passports.map((p) => [p.number, p.person.name, p.person.team?.name])).toEqual([
        ["P-ANN", "ann", "Red"],
        ["P-DEE", "dee", "Blue"],
      ]);
      const qs = RnPerson.objects.selectRelated("passport").orderBy("pk");
      expect(joinTypes(qs.sql().sql)).toEqual(["LEFT OUTER"]);
      const people = await assertNumQueries(1, () => qs);
      await assertNumQueries(0, () => {
        expect(people.map((p) => passportNumber(p))).toEqual(["P-ANN", null, null, "P-DEE"]);
        // The passport points back at the person it was read with.
        expect(people[0].passport.person).toBe(people[0]);
        // No passport: Django's RelatedObjectDoesNotExist, without a query.
        expect(() => people[1].passport).toThrow(
          new RnPassport.DoesNotExist("RnPerson has no passport."),
        );
      });
    });

    t.case("reverse foreign keys cannot be selected (use prefetchRelated)", () => {
      expect(() => RnTeam.objects.selectRelated("members")).toThrow(
        new FieldError(
          "Invalid field name(s) given in select_related: 'members'. Choices are: city",
        ),
      );
    });
  },
);
