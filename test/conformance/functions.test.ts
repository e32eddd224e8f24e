/**
 * Conformance: Django's recorded answers for database functions (Greatest,
 * Least, Coalesce, Cast, Concat, Lower, TruncMonth/TruncDate/TruncWeek,
 * ExtractYear/ExtractWeekDay), on the "aggregation" and "ecommerce" sets.
 */
import {
  Avg,
  Cast,
  Coalesce,
  Concat,
  Count,
  ExtractWeekDay,
  ExtractYear,
  F,
  f,
  Greatest,
  Least,
  Lower,
  TruncDate,
  TruncMonth,
  TruncWeek,
  Value,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { aggregationModels, Book } from "../models/aggregation.js";
import { Customer, ecommerceModels, Order, Product } from "../models/ecommerce.js";
import { expectedFor } from "./oracle.js";
import { type CaseSpec, checkCase } from "./run-case.js";

forEachDialect(
  "conformance: database functions (aggregation set)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    const groups = () =>
      Book.objects.values({ greatestPages: Greatest("pages", 600) }).annotate({
        numAuthors: Count("authors"),
        pagesPerAuthor: F("greatestPages").div(F("numAuthors")),
      });
    // MySQL/MariaDB with ONLY_FULL_GROUP_BY refuse `GREATEST(pages, ?) / COUNT(…)`
    // grouped by `GREATEST(pages, ?)` (error 1055: 'pages' isn't in GROUP BY), as
    // with Django: its AnyValue docs give this very query as the case that needs
    // AnyValue on MySQL. The AnyValue spelling is asserted in test/functions.
    const mysqlRefuses = {
      mysql: {
        error: { type: "OperationalError", message: "isn't in GROUP BY" },
        numQueries: 1,
      },
    };
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "agg-greatest-pages-per-author": () => groups().aggregate(Avg("pagesPerAuthor")),
      "agg-greatest-pages-groups": () => groups().orderBy("greatestPages"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) =>
        checkCase(ctx, id, {
          run: async () => run(),
          errorMessage: ctx.dialect !== "mysql",
          override: mysqlRefuses,
        }),
      );
    }
  },
);

forEachDialect(
  "conformance: database functions (ecommerce set)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "ec-monthly-paid-orders": () =>
        Order.objects
          .filter({ status: "paid" })
          .annotate({ month: TruncMonth("createdAt") })
          .values("month")
          .annotate({ orderCount: Count("id") })
          .orderBy("month"),
      "fn-coalesce-sale-price": () =>
        Product.objects
          .annotate({ effectivePrice: Coalesce("salePrice", "price") })
          .orderBy("pk")
          .valuesList("pk", "effectivePrice"),
      "fn-greatest-least-nulls": () =>
        Product.objects
          .annotate({ hi: Greatest("price", "salePrice"), lo: Least("price", "salePrice") })
          .orderBy("pk")
          .valuesList("pk", "hi", "lo"),
      "fn-greatest-least-coalesce": () =>
        Product.objects
          .annotate({
            hi: Greatest("price", Coalesce("salePrice", "price")),
            lo: Least("price", Coalesce("salePrice", "price")),
          })
          .orderBy("pk")
          .valuesList("pk", "hi", "lo"),
      "fn-cast-price-int": () =>
        Product.objects
          .annotate({ priceInt: Cast("price", f.integer()) })
          .orderBy("pk")
          .valuesList("pk", "price", "priceInt"),
      "fn-truncdate-busy-days": () =>
        Order.objects
          .annotate({ day: TruncDate("createdAt") })
          .values("day")
          .annotate({ n: Count("id") })
          .filter({ n__gte: 2 })
          .orderBy("day"),
      "fn-extract-year": () =>
        Order.objects
          .annotate({ year: ExtractYear("createdAt") })
          .values("year")
          .annotate({ n: Count("id") })
          .orderBy("year"),
      "fn-concat-mixed-types-error": () =>
        Customer.objects
          .annotate({ label: Concat("name", Value(" <"), "email", Value(">")) })
          .orderBy("pk")
          .valuesList("label", { flat: true }),
      "fn-concat-null-cast": () =>
        Product.objects
          .annotate({
            label: Concat("name", Value(" @ "), Cast("salePrice", f.char()), {
              outputField: f.char(),
            }),
          })
          .orderBy("pk")
          .valuesList("pk", "label")
          .slice(0, 10),
      "fn-extract-weekday": () =>
        Order.objects
          .annotate({ wd: ExtractWeekDay("createdAt") })
          .values("wd")
          .annotate({ n: Count("id") })
          .orderBy("wd"),
      "fn-trunc-week": () =>
        Order.objects
          .filter({ createdAt__lt: new Date("2024-02-01T00:00:00Z") })
          .annotate({ week: TruncWeek("createdAt") })
          .values("week")
          .annotate({ n: Count("id") })
          .orderBy("week"),
      "fn-values-list-expression": () =>
        Customer.objects.orderBy("pk").valuesList("pk", Lower("email")).slice(0, 3),
    };
    const overrides: Record<string, CaseSpec<unknown>["override"]> = {
      // MySQL's GREATEST/LEAST return NULL when an argument is NULL, as SQLite's
      // MAX()/MIN() do (Django's Greatest/Least docs); PostgreSQL skips NULLs.
      "fn-greatest-least-nulls": {
        mysql: { result: expectedFor("fn-greatest-least-nulls", "sqlite").result },
      },
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run(), override: overrides[id] }));
    }
  },
);
