import { describe, expectTypeOf, test } from "vitest";
import {
  Abs,
  Avg,
  Cast,
  Coalesce,
  Concat,
  Count,
  type Decimal,
  Extract,
  ExtractYear,
  F,
  f,
  Greatest,
  Least,
  Length,
  Lower,
  Max,
  Min,
  Now,
  NullIf,
  RawSQL,
  Round,
  Substr,
  Sum,
  TruncDate,
  TruncMonth,
  TruncTime,
  Upper,
  Value,
} from "../../src/index.js";
import { FnEvent, FnMeasure, FnPerson } from "../functions/models.js";
import { Book } from "../models/aggregation.js";
import { Order, Product } from "../models/ecommerce.js";

describe("database functions are typed from their arguments and the model", () => {
  test("text functions", async () => {
    const [row] = await Book.objects.annotate({
      lower: Lower("name"),
      upper: Upper(F("name")),
      len: Length("name"),
      sub: Substr("name", 1, 3),
      label: Concat("name", Value("!")),
    });
    expectTypeOf(row.lower).toEqualTypeOf<string>();
    expectTypeOf(row.upper).toEqualTypeOf<string | null>();
    expectTypeOf(row.len).toEqualTypeOf<number>();
    expectTypeOf(row.sub).toEqualTypeOf<string>();
    expectTypeOf(row.label).toEqualTypeOf<string>();
    // A nullable field gives a nullable result.
    const [p] = await FnPerson.objects.annotate({ a: Lower("alias"), n: Length("alias") });
    expectTypeOf(p.a).toEqualTypeOf<string | null>();
    expectTypeOf(p.n).toEqualTypeOf<number | null>();
    // Choices do not survive Upper: the result is any string.
    const [o] = await Order.objects.annotate({ s: Upper("status") }).values("s");
    expectTypeOf(o.s).toEqualTypeOf<string>();
  });

  test("comparison functions", async () => {
    const [row] = await Product.objects.annotate({
      effective: Coalesce("salePrice", "price"),
      maybe: Coalesce("salePrice", Value(null)),
      hi: Greatest("price", "salePrice"),
      lo: Least("price", "price"),
      off: NullIf("salePrice", "price"),
      whole: Cast("price", f.integer()),
      text: Cast("salePrice", f.char()),
    });
    expectTypeOf(row.effective).toEqualTypeOf<Decimal>();
    expectTypeOf(row.maybe).toEqualTypeOf<Decimal | null>();
    expectTypeOf(row.hi).toEqualTypeOf<Decimal | null>();
    expectTypeOf(row.lo).toEqualTypeOf<Decimal>();
    expectTypeOf(row.off).toEqualTypeOf<Decimal | null>();
    expectTypeOf(row.whole).toEqualTypeOf<number>();
    expectTypeOf(row.text).toEqualTypeOf<string | null>();
  });

  test("Coalesce over aggregates and values", async () => {
    const totals = await Book.objects.aggregate({
      pages: Coalesce(Sum("pages"), 0),
      price: Coalesce(Avg("price"), 0, {
        outputField: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
      }),
    });
    expectTypeOf(totals.pages).toEqualTypeOf<number>();
    expectTypeOf(totals.price).toEqualTypeOf<Decimal>();
    const [pub] = await Book.objects.values("publisher").annotate({
      most: Greatest(Max("pages"), Min("pages")),
      name: Lower(Max("name")),
      either: Coalesce(Max("pages"), Min("pages")),
    });
    expectTypeOf(pub.most).toEqualTypeOf<number | null>();
    expectTypeOf(pub.name).toEqualTypeOf<string | null>();
    expectTypeOf(pub.either).toEqualTypeOf<number | null>();
  });

  test("math functions keep the field's type", async () => {
    const [row] = await FnMeasure.objects.annotate({
      a: Abs("amount"),
      r: Round("x", 1),
      m: Abs("maybe"),
      b: Abs("big"),
    });
    expectTypeOf(row.a).toEqualTypeOf<Decimal>();
    expectTypeOf(row.r).toEqualTypeOf<number>();
    expectTypeOf(row.m).toEqualTypeOf<number | null>();
    expectTypeOf(row.b).toEqualTypeOf<bigint | null>();
  });

  test("date functions", async () => {
    const [row] = await FnEvent.objects.annotate({
      month: TruncMonth("at"),
      dayMonth: TruncMonth("day"),
      ends: TruncMonth("endsAt"),
      date: TruncDate("at"),
      time: TruncTime("at"),
      year: ExtractYear("at"),
      week: Extract("day", "week"),
      now: Now(),
    });
    expectTypeOf(row.month).toEqualTypeOf<Date>();
    expectTypeOf(row.dayMonth).toEqualTypeOf<string>();
    expectTypeOf(row.ends).toEqualTypeOf<Date | null>();
    expectTypeOf(row.date).toEqualTypeOf<string>();
    expectTypeOf(row.time).toEqualTypeOf<string>();
    expectTypeOf(row.year).toEqualTypeOf<number>();
    expectTypeOf(row.week).toEqualTypeOf<number>();
    expectTypeOf(row.now).toEqualTypeOf<Date>();
  });

  test("values({ name: function }) rows and later references", async () => {
    const rows = await Order.objects
      .values({ month: TruncMonth("createdAt") })
      .annotate({ n: Count("id") })
      .orderBy("month");
    expectTypeOf(rows[0].month).toEqualTypeOf<Date>();
    expectTypeOf(rows[0].n).toEqualTypeOf<number>();
  });

  test("RawSQL is unknown unless typed", async () => {
    const [row] = await Book.objects.annotate({
      raw: RawSQL("pages + %s", [1]),
      typed: RawSQL("pages + %s", [1], { outputField: f.integer() }),
      told: RawSQL<number>("pages + %s", [1]),
    });
    expectTypeOf(row.raw).toEqualTypeOf<unknown>();
    expectTypeOf(row.typed).toEqualTypeOf<number | null>();
    expectTypeOf(row.told).toEqualTypeOf<number>();
  });

  test("wrong arguments are compile errors", () => {
    // @ts-expect-error a Trunc kind is one of Django's
    TruncMonth("at", "fortnight");
    // @ts-expect-error an Extract part is one of Django's (camelCase) lookup names
    Extract("at", "week_day");
    // @ts-expect-error Cast needs the field to cast to
    Cast("price");
  });
});
