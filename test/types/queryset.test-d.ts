import { describe, expectTypeOf, test } from "vitest";
import { type Decimal, F, type Instance, Q, Value } from "../../src/index.js";
import { Author, Book, type Publisher, type Store } from "../models/aggregation.js";
import { Customer, Order, OrderItem, Product } from "../models/ecommerce.js";

describe("instances are typed from the model definition", () => {
  test("fields, pk, foreign key ids and relations", () => {
    type O = Instance<typeof Order>;
    expectTypeOf<O["status"]>().toEqualTypeOf<"pending" | "paid" | "shipped" | "returned">();
    expectTypeOf<O["createdAt"]>().toEqualTypeOf<Date>();
    expectTypeOf<O["id"]>().toEqualTypeOf<number>();
    expectTypeOf<O["pk"]>().toEqualTypeOf<number>();
    expectTypeOf<O["customerId"]>().toEqualTypeOf<number>();
    expectTypeOf<O["customer"]["email"]>().toEqualTypeOf<string>();
    type P = Instance<typeof Product>;
    expectTypeOf<P["price"]>().toEqualTypeOf<Decimal>();
    expectTypeOf<P["salePrice"]>().toEqualTypeOf<Decimal | null>();
    expectTypeOf<Instance<typeof Book>["pubdate"]>().toEqualTypeOf<string>();
    expectTypeOf<Instance<typeof Store>["fridayNightClosing"]>().toEqualTypeOf<string>();
  });

  test("reverse relations and many-to-many are managers", () => {
    type C = Instance<typeof Customer>;
    expectTypeOf<C>().toHaveProperty("orders");
    type Pub = Instance<typeof Publisher>;
    expectTypeOf<Pub>().toHaveProperty("bookSet");
    expectTypeOf<Instance<typeof Book>>().toHaveProperty("authors");
  });

  test("create() requires the required fields and checks their types", () => {
    void Customer.objects.create({ name: "A", email: "a@x.org" });
    // @ts-expect-error email is required
    void Customer.objects.create({ name: "A" });
    // @ts-expect-error name is a string
    void Customer.objects.create({ name: 5, email: "a@x.org" });
    void Product.objects.create({ name: "Mug", price: "12.99" });
    // @ts-expect-error status must be one of its choices
    void Order.objects.create({ customerId: 1, status: "lost" });
  });
});

describe("filter keys are checked: fields, lookups, transforms, relation paths", () => {
  test("valid keys", () => {
    Order.objects.filter({ status: "paid" });
    Order.objects.filter({ status__in: ["paid", "shipped"] });
    Order.objects.filter({ createdAt__year__gte: 2024, createdAt__date: "2024-01-01" });
    Order.objects.filter({ customer__email__icontains: "@example.com" });
    Order.objects.filter({ customer: 3 });
    Order.objects.filter({ customerId: 3, pk__in: [1, 2] });
    OrderItem.objects.filter({ order__customer__name__startswith: "A" });
    OrderItem.objects.filter({ price__gt: F("product__price") });
    Customer.objects.filter({ orders__status: "paid" });
    Customer.objects.filter({ orders__items__product__name: "Mug" });
    Product.objects.filter({ orderItems__isnull: true, salePrice__isnull: false });
    Book.objects.filter({
      authors__age__lt: 30,
      publisher__name: "Apress",
      store__name__icontains: "books",
    });
    Author.objects.filter({ book__rating__gt: 4, friends__name: "x" });
    Order.objects.filter(Q({ status: "returned" }).or(Q({ status: "pending" })));
  });

  test("a wrong field, lookup or value type is a compile error", () => {
    // @ts-expect-error no field 'titel'
    Order.objects.filter({ titel: "x" });
    // @ts-expect-error no lookup 'containz'
    Order.objects.filter({ status__containz: "x" });
    // @ts-expect-error 'year' applies to dates, not strings
    Order.objects.filter({ status__year: 2024 });
    // @ts-expect-error Customer has no field 'nmae'
    Order.objects.filter({ customer__nmae: "x" });
    // @ts-expect-error isnull takes a boolean
    Order.objects.filter({ customer__isnull: 1 });
    // @ts-expect-error pages is a number
    Book.objects.filter({ pages: "many" });
    // @ts-expect-error two hops, then a wrong field
    OrderItem.objects.filter({ order__customer__emial: "x" });
  });

  test("orderBy names are checked", () => {
    Order.objects.orderBy("-createdAt", "customer__name", "?");
    // @ts-expect-error unknown ordering field
    Order.objects.orderBy("-craetedAt");
  });
});

describe("values() and valuesList() rows are typed", () => {
  test("values", async () => {
    const rows = await Order.objects.values("id", "status", "customer__email", "createdAt__year");
    expectTypeOf(rows).toEqualTypeOf<
      {
        id: number;
        status: "pending" | "paid" | "shipped" | "returned";
        customer__email: string;
        createdAt__year: number;
      }[]
    >();
    const all = await Product.objects.values();
    expectTypeOf(all[0].price).toEqualTypeOf<Decimal>();
    expectTypeOf(all[0].salePrice).toEqualTypeOf<Decimal | null>();
    expectTypeOf(all[0].id).toEqualTypeOf<number>();
    // @ts-expect-error unknown name
    Order.objects.values("statuz");
  });

  test("valuesList", async () => {
    const flat = await Customer.objects.valuesList("email", { flat: true });
    expectTypeOf(flat).toEqualTypeOf<string[]>();
    const tuples = await Book.objects.valuesList("pk", "rating", "publisher__name");
    expectTypeOf(tuples).toEqualTypeOf<[number, number, string][]>();
    const named = await Book.objects.valuesList("pk", "rating", { named: true });
    expectTypeOf(named[0].rating).toEqualTypeOf<number>();
    expectTypeOf(named[0][0]).toEqualTypeOf<number>();
  });

  test("annotations add typed properties and filter keys", async () => {
    const qs = OrderItem.objects.annotate({
      doubled: F("quantity").mul(2),
      label: new Value<string>("x"),
    });
    const items = await qs;
    expectTypeOf(items[0].label).toEqualTypeOf<string>();
    qs.filter({ label__icontains: "x" });
  });

  test("get/first/last return instances", async () => {
    expectTypeOf(await Order.objects.get({ pk: 1 })).toEqualTypeOf<Instance<typeof Order>>();
    expectTypeOf(await Order.objects.first()).toEqualTypeOf<Instance<typeof Order> | null>();
    expectTypeOf(await Order.objects.count()).toEqualTypeOf<number>();
  });
});
