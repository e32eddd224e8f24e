import { expect } from "vitest";
import {
  Case,
  Decimal,
  ExpressionWrapper,
  F,
  FieldError,
  f,
  Q,
  Value,
  When,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { ecommerceModels, OrderItem, Product } from "../models/ecommerce.js";

forEachDialect(
  "expressions: F arithmetic, Value, ExpressionWrapper, Case",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("F arithmetic infers Django's output types", async () => {
      const [row] = await OrderItem.objects
        .filter({ pk: 1 })
        .annotate({
          lineTotal: F("quantity").mul(F("price")),
          doubled: F("quantity").mul(2),
          negated: F("quantity").neg(),
          power: F("quantity").pow(2),
          remainder: F("quantity").mod(2),
        })
        .values("quantity", "price", "lineTotal", "doubled", "negated", "power", "remainder");
      const q = row.quantity as number;
      expect(row.lineTotal).toBeInstanceOf(Decimal);
      expect((row.lineTotal as Decimal).equals((row.price as Decimal).mul(q))).toBe(true);
      expect(row.doubled).toBe(q * 2);
      expect(row.negated).toBe(-q);
      expect(Number(row.power)).toBe(q * q);
      expect(row.remainder).toBe(q % 2);
    });

    t.case(
      "mixing types without an output field is Django's FieldError, raised at annotate()",
      async () => {
        expect(() => Product.objects.annotate({ x: F("name").add(F("price")) })).toThrow(
          FieldError,
        );
        expect(() => Product.objects.annotate({ x: F("name").add(F("price")) })).toThrow(
          "Cannot infer type of '+' expression involving these types: CharField, DecimalField. You must set outputField.",
        );
        expect(() =>
          Product.objects.annotate({
            x: Case(When({ stock__lt: 10 }, F("name")), { default: F("price") }),
          }),
        ).toThrow(
          "Expression contains mixed types: CharField, DecimalField. You must set outputField.",
        );
      },
    );

    t.case("ExpressionWrapper sets the output field", async () => {
      const rows = await OrderItem.objects
        .filter({ order: 1 })
        .annotate({
          lineTotal: ExpressionWrapper(
            F("quantity").mul(F("price")),
            f.decimal({ maxDigits: 12, decimalPlaces: 2 }),
          ),
          asFloat: ExpressionWrapper(F("price").mul(1), f.float()),
        })
        .orderBy("pk")
        .values("lineTotal", "asFloat", "price", "quantity");
      for (const r of rows) {
        expect(
          (r.lineTotal as Decimal).equals((r.price as Decimal).mul(r.quantity as number)),
        ).toBe(true);
        expect(typeof r.asFloat).toBe("number");
      }
    });

    t.case("Value() as an annotation and in filters", async () => {
      const [row] = await Product.objects
        .filter({ pk: 1 })
        .annotate({
          label: Value("on sale"),
          one: Value(1),
          price2: F("price").add(Value(new Decimal("1.25"))),
        })
        .values("label", "one", "price", "price2");
      expect(row.label).toBe("on sale");
      expect(row.one).toBe(1);
      expect((row.price2 as Decimal).equals((row.price as Decimal).add("1.25"))).toBe(true);
    });

    t.case("a computed decimal compares with a decimal value as a number", async () => {
      // SQLite: decimals are bound as text and a computed value has no affinity, so
      // `(price * 2) > '100'` would compare a number with text (always false) without the CAST.
      const prices = await Product.objects.valuesList("price", { flat: true });
      const expected = prices.filter((p) => (p as Decimal).mul(2).gt(100)).length;
      expect(expected).toBeGreaterThan(0);
      const doubled = Product.objects.annotate({ p2: F("price").mul(2) });
      expect(await doubled.filter({ p2__gt: 100 }).count()).toBe(expected);
      expect(await doubled.filter({ p2__gt: new Decimal("100") }).count()).toBe(expected);
      const wrapped = Product.objects.annotate({
        p2: ExpressionWrapper(F("price").mul(2), f.decimal({ maxDigits: 12, decimalPlaces: 2 })),
      });
      expect(await wrapped.filter({ p2__gt: 100 }).count()).toBe(expected);
      // A computed decimal on the right of a value compares as a number too.
      const above = prices.filter((p) => new Decimal(5).lt((p as Decimal).sub(45))).length;
      const fives = Product.objects.annotate({ five: Value(new Decimal("5")) });
      expect(await fives.filter({ five__lt: F("price").sub(45) }).count()).toBe(above);
    });

    t.case("Case/When picks a branch per row; an update with Case is one statement", async () => {
      const tiers = await Product.objects
        .annotate({
          tier: Case(When({ price__gte: 100 }, "premium"), When(Q({ price__gte: 20 }), "mid"), {
            default: "budget",
          }),
        })
        .orderBy("pk")
        .valuesList("price", "tier");
      for (const [price, tier] of tiers) {
        const p = Number(price);
        expect(tier).toBe(p >= 100 ? "premium" : p >= 20 ? "mid" : "budget");
      }
      const before = await Product.objects.orderBy("pk").valuesList("stock", { flat: true });
      const n = await Product.objects.update({
        stock: Case(When({ stock__lt: 10 }, F("stock").add(100)), {
          default: F("stock"),
          outputField: f.integer(),
        }),
      });
      expect(n).toBe(before.length);
      const after = await Product.objects.orderBy("pk").valuesList("stock", { flat: true });
      expect(after).toEqual(before.map((s) => (s < 10 ? s + 100 : s)));
    });
  },
);
