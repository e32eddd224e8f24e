/**
 * Conformance: Django's recorded answers on the "aggregation" data set
 * (books, authors, publishers, stores), for the non-aggregate QuerySet API.
 */
import { F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Author, aggregationModels, Book, Publisher, Store } from "../models/aggregation.js";
import { checkCase } from "./run-case.js";

forEachDialect(
  "conformance: aggregation set (queryset API)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    t.case("agg-count-baloneypress", (ctx) =>
      checkCase(ctx, "agg-count-baloneypress", {
        run: () => Book.objects.filter({ publisher__name: "BaloneyPress" }).count(),
      }),
    );

    t.case("agg-count-apress", (ctx) =>
      checkCase(ctx, "agg-count-apress", {
        run: () => Book.objects.filter({ publisher__name: "Apress" }).count(),
      }),
    );

    t.case("agg-decimal-div-int", (ctx) =>
      checkCase(ctx, "agg-decimal-div-int", {
        run: async () =>
          Book.objects
            .annotate({ pricePerPage: F("price").div(F("pages")) })
            .orderBy("pk")
            .valuesList("pk", "pricePerPage"),
      }),
    );

    t.case("agg-f-annotate-mixed-arith", (ctx) =>
      checkCase(ctx, "agg-f-annotate-mixed-arith", {
        run: async () =>
          Book.objects
            .annotate({ score: F("rating").mul(2).add(F("pages").div(100)) })
            .orderBy("pk")
            .valuesList("pk", "score"),
      }),
    );

    t.case("qs-exists-false", (ctx) =>
      checkCase(ctx, "qs-exists-false", {
        run: () => Book.objects.filter({ rating__gt: 5 }).exists(),
      }),
    );

    t.case("qs-first-default-pk", (ctx) =>
      checkCase(ctx, "qs-first-default-pk", { run: () => Book.objects.first() }),
    );

    t.case("qs-last-default-pk", (ctx) =>
      checkCase(ctx, "qs-last-default-pk", { run: () => Book.objects.last() }),
    );

    t.case("qs-first-empty", (ctx) =>
      checkCase(ctx, "qs-first-empty", {
        run: () => Book.objects.filter({ pages__gt: 5000 }).first(),
      }),
    );

    t.case("qs-get", (ctx) =>
      checkCase(ctx, "qs-get", { run: () => Book.objects.get({ isbn: "159059725" }) }),
    );

    t.case("qs-get-multiple", (ctx) =>
      checkCase(ctx, "qs-get-multiple", {
        run: () => Book.objects.get({ rating: 4.0 }),
        errorClass: Book.MultipleObjectsReturned,
      }),
    );

    t.case("qs-count-distinct-values", (ctx) =>
      checkCase(ctx, "qs-count-distinct-values", {
        run: () => Book.objects.values("publisher").distinct().count(),
      }),
    );

    t.case("qs-join-distinct", (ctx) =>
      checkCase(ctx, "qs-join-distinct", {
        run: async () =>
          Author.objects
            .filter({ book__rating__gte: 4 })
            .distinct()
            .orderBy("pk")
            .valuesList("pk", { flat: true }),
      }),
    );

    t.case("qs-values-list-flat", (ctx) =>
      checkCase(ctx, "qs-values-list-flat", {
        run: async () => Book.objects.orderBy("pk").valuesList("name", { flat: true }),
      }),
    );

    t.case("qs-values-list-named", (ctx) =>
      checkCase(ctx, "qs-values-list-named", {
        run: async () => {
          const rows = await Book.objects.orderBy("pk").valuesList("pk", "rating", { named: true });
          // Named rows read by name too (Django's namedtuple).
          const byName = rows.map((r) => {
            const named = r as { pk: unknown; rating: unknown };
            return [named.pk, named.rating];
          });
          return { rows, byName };
        },
        serialize: ({ rows, byName }) => {
          const s = JSON.stringify;
          return s(rows) === s(byName) ? rows : { rows, byName };
        },
      }),
    );

    t.case("qs-dates-month-desc", (ctx) =>
      checkCase(ctx, "qs-dates-month-desc", {
        run: () => Book.objects.dates("pubdate", "month", { order: "DESC" }),
      }),
    );

    t.case("qs-datetimes-store-year", (ctx) =>
      checkCase(ctx, "qs-datetimes-store-year", {
        run: () => Store.objects.datetimes("originalOpening", "year"),
      }),
    );

    t.case("qs-no-select-related-n-plus-1", (ctx) =>
      checkCase(ctx, "qs-no-select-related-n-plus-1", {
        // Django loads b.publisher implicitly; Tango never does: fetchRelated() is the explicit load.
        run: async () => {
          const out: Array<[string, string]> = [];
          for (const b of await Book.objects.orderBy("pk")) {
            await b.fetchRelated("publisher");
            out.push([b.name, b.publisher.name]);
          }
          return out;
        },
      }),
    );

    t.case("qs-only-deferred-access", (ctx) =>
      checkCase(ctx, "qs-only-deferred-access", {
        // Django loads a deferred field on access; Tango loads it explicitly with refreshFromDb().
        run: async () => {
          const out: unknown[] = [];
          for (const b of await Book.objects.only("name").orderBy("pk")) {
            await b.refreshFromDb({ fields: ["price"] });
            out.push([b.name, b.price]);
          }
          return out;
        },
      }),
    );

    t.case("qs-defer-no-access", (ctx) =>
      checkCase(ctx, "qs-defer-no-access", {
        run: async () => Book.objects.defer("isbn", "pages", "name").orderBy("pk"),
      }),
    );

    t.case("qs-defer-access", (ctx) =>
      checkCase(ctx, "qs-defer-access", {
        run: async () => {
          const out: number[] = [];
          for (const b of await Book.objects.defer("pages").orderBy("pk")) {
            await b.refreshFromDb({ fields: ["pages"] });
            out.push(b.pages);
          }
          return out;
        },
      }),
    );

    t.case("agg-multivalued-single-filter", (ctx) =>
      checkCase(ctx, "agg-multivalued-single-filter", {
        run: async () =>
          Publisher.objects
            .filter({ book__rating__gt: 4, book__pages__lt: 400 })
            .orderBy("pk")
            .valuesList("name", { flat: true }),
      }),
    );

    t.case("agg-exclude-multivalued", (ctx) =>
      checkCase(ctx, "agg-exclude-multivalued", {
        run: async () =>
          Author.objects
            .exclude({ book__rating__gt: 4 })
            .orderBy("pk")
            .valuesList("name", { flat: true }),
      }),
    );
  },
);
