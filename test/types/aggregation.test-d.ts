import { describe, expectTypeOf, test } from "vitest";
import {
  AnyValue,
  Avg,
  Count,
  type Decimal,
  type Duration,
  F,
  Max,
  Min,
  Q,
  StdDev,
  Sum,
  Variance,
} from "../../src/index.js";
import { Author, Book, Publisher, Store } from "../models/aggregation.js";
import { Customer, Order, OrderItem, Product } from "../models/ecommerce.js";

describe("aggregate() resolves to a typed object", () => {
  test("named aggregates take the field's type; empty input gives null unless default", async () => {
    const r = await Book.objects.aggregate({
      avgPrice: Avg("price"),
      maxPrice: Max("price"),
      minPages: Min("pages"),
      sumPages: Sum("pages"),
      n: Count("id"),
      all: Count("*"),
      avgRating: Avg("rating"),
      avgPages: Avg("pages"),
      latest: Max("pubdate"),
      sd: StdDev("rating", { sample: true }),
      variance: Variance("price"),
      anyName: AnyValue("name"),
    });
    expectTypeOf(r.avgPrice).toEqualTypeOf<Decimal | null>();
    expectTypeOf(r.maxPrice).toEqualTypeOf<Decimal | null>();
    expectTypeOf(r.minPages).toEqualTypeOf<number | null>();
    expectTypeOf(r.sumPages).toEqualTypeOf<number | null>();
    expectTypeOf(r.n).toEqualTypeOf<number>();
    expectTypeOf(r.all).toEqualTypeOf<number>();
    expectTypeOf(r.avgRating).toEqualTypeOf<number | null>();
    expectTypeOf(r.avgPages).toEqualTypeOf<number | null>();
    expectTypeOf(r.latest).toEqualTypeOf<string | null>();
    expectTypeOf(r.sd).toEqualTypeOf<number | null>();
    expectTypeOf(r.variance).toEqualTypeOf<Decimal | null>();
    expectTypeOf(r.anyName).toEqualTypeOf<string | null>();
  });

  test("a default removes null", async () => {
    const r = await Book.objects.aggregate({
      total: Sum("price", { default: 0 }),
      avg: Avg("pages", { default: 0 }),
    });
    expectTypeOf(r.total).toEqualTypeOf<Decimal>();
    expectTypeOf(r.avg).toEqualTypeOf<number>();
  });

  test("relation paths and datetimes", async () => {
    const r = await Store.objects.aggregate({
      youngest: Min("books__authors__age"),
      opened: Max("originalOpening"),
    });
    expectTypeOf(r.youngest).toEqualTypeOf<number | null>();
    expectTypeOf(r.opened).toEqualTypeOf<Date | null>();
    const p = await Publisher.objects.aggregate({ total: Sum("duration") });
    expectTypeOf(p.total).toEqualTypeOf<Duration | null>();
  });

  test("positional aggregates are keyed as in Django", async () => {
    const r = await Book.objects.aggregate(Avg("price"), Count("authors"));
    expectTypeOf(r).toEqualTypeOf<{ price__avg: Decimal | null; authors__count: number }>();
  });

  test("aggregating an annotation uses the annotation's type", async () => {
    const r = await Book.objects.annotate({ numAuthors: Count("authors") }).aggregate({
      avg: Avg("numAuthors"),
      most: Max("numAuthors"),
    });
    expectTypeOf(r.avg).toEqualTypeOf<number | null>();
    expectTypeOf(r.most).toEqualTypeOf<number | null>();
  });
});

describe("annotate() adds typed properties", () => {
  test("on instances", async () => {
    const rows = await Publisher.objects.annotate({
      numBooks: Count("book"),
      avgPrice: Avg("book__price"),
    });
    expectTypeOf(rows[0].numBooks).toEqualTypeOf<number>();
    expectTypeOf(rows[0].avgPrice).toEqualTypeOf<Decimal | null>();
    expectTypeOf(rows[0].name).toEqualTypeOf<string>();
  });

  test("on values() rows, and values() of an annotation", async () => {
    const rows = await Order.objects.values("status").annotate({ n: Count("id") });
    expectTypeOf(rows[0]).toEqualTypeOf<
      { status: "pending" | "paid" | "shipped" | "returned" } & { n: number }
    >();
    const named = await Customer.objects
      .annotate({ spent: Sum("orders__items__price") })
      .values("name", "spent");
    expectTypeOf(named[0].spent).toEqualTypeOf<Decimal | null>();
  });

  test("positional annotate", async () => {
    const rows = await Book.objects.annotate(Count("authors")).valuesList("pk", "authors__count");
    expectTypeOf(rows[0]).toEqualTypeOf<[number, number]>();
  });

  test("annotations can be filtered and ordered on, with lookups typed by their value", () => {
    Publisher.objects.annotate({ numBooks: Count("book") }).filter({ numBooks__gt: 1 });
    Publisher.objects.annotate({ numBooks: Count("book") }).orderBy("-numBooks");
    Product.objects.alias({ sold: Sum("orderItems__quantity") }).filter({ sold__gte: 10 });
    // A decimal annotation (Decimal | null) takes what a decimal field takes: numbers, strings, Decimals.
    Customer.objects.annotate({ spent: Sum("orders__items__price") }).filter({ spent__gt: 20 });
    Customer.objects
      .annotate({ spent: Sum("orders__items__price") })
      .filter({ spent__gte: "19.99" });
    // @ts-expect-error a count is a number
    Publisher.objects.annotate({ numBooks: Count("book") }).filter({ numBooks__gt: "many" });
    // @ts-expect-error not an annotation or field
    Publisher.objects.annotate({ numBooks: Count("book") }).filter({ numBookz__gt: 1 });
  });

  test("conditional aggregates and expressions as sources", async () => {
    const rows = await Author.objects.annotate({
      high: Count("book", { filter: Q({ book__rating__gte: 4.5 }) }),
      revenue: Sum(F<number>("book__pages")),
    });
    expectTypeOf(rows[0].high).toEqualTypeOf<number>();
    expectTypeOf(rows[0].revenue).toEqualTypeOf<number | null>();
    const items = await OrderItem.objects.aggregate({ q: Sum("quantity") });
    expectTypeOf(items.q).toEqualTypeOf<number | null>();
  });
});

describe("bad aggregate arguments do not compile", () => {
  test("Count takes no default; Max takes no distinct", () => {
    // @ts-expect-error Count is never null, so it takes no default (a TypeError in Django)
    Count("id", { default: 0 });
    // @ts-expect-error Max does not allow distinct
    Max("price", { distinct: true });
  });
});
