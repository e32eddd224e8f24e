/**
 * Conformance: Django's recorded answers for aggregate()/annotate() on the
 * "aggregation" data set (Django's own tests/aggregation data).
 */
import { Avg, Coalesce, Count, f, Max, Min, Q, StdDev, Sum, Variance } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Author, aggregationModels, Book, Item, Publisher, Store } from "../models/aggregation.js";
import { checkCase } from "./run-case.js";

forEachDialect(
  "conformance: aggregation set (aggregate/annotate)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "agg-publisher-num-books": () =>
        Publisher.objects.annotate({ numBooks: Count("book") }).orderBy("pk"),
      "agg-publisher-above-below-4": () =>
        Publisher.objects
          .annotate({
            above_4: Count("book", { filter: Q({ book__rating__gt: 4 }) }),
            below_4: Count("book", { filter: Q({ book__rating__lte: 4 }) }),
          })
          .orderBy("pk")
          .valuesList("name", "above_4", "below_4"),
      "agg-top5-publishers": () =>
        Publisher.objects
          .annotate({ numBooks: Count("book") })
          .orderBy("-numBooks", "pk")
          .slice(0, 5),
      "agg-avg-price": () => Book.objects.aggregate(Avg("price")),
      "agg-annotate-num-authors": () =>
        Book.objects
          .annotate({ numAuthors: Count("authors") })
          .orderBy("pk")
          .valuesList("pk", "numAuthors"),
      // Django's overcount, asked for explicitly: Tango's default computes each to-many
      // aggregate separately (test/subqueries/separate-aggregates.test.ts).
      "agg-multijoin-overcount": () =>
        Book.objects
          .aggregateJoins("shared")
          .annotate(Count("authors"), Count("store"))
          .orderBy("pk")
          .valuesList("pk", "authors__count", "store__count"),
      "agg-store-counts-distinct-vs-rows": () =>
        Store.objects
          .annotate({
            nBooks: Count("books", { distinct: true }),
            nAuthors: Count("books__authors", { distinct: true }),
            nRows: Count("books__authors"),
          })
          .orderBy("pk")
          .valuesList("name", "nBooks", "nAuthors", "nRows"),
      "agg-store-min-max-price": () =>
        Store.objects
          .annotate({ minPrice: Min("books__price"), maxPrice: Max("books__price") })
          .orderBy("pk")
          .valuesList("name", "minPrice", "maxPrice"),
      "agg-store-youngest-author": () =>
        Store.objects.aggregate({ youngestAge: Min("books__authors__age") }),
      "agg-author-aggregate-avg-rating": () =>
        Author.objects.aggregate({ averageRating: Avg("book__rating") }),
      "agg-startswith-django-annotate": () =>
        Book.objects
          .filter({ name__startswith: "Django" })
          .annotate({ numAuthors: Count("authors") })
          .orderBy("pk"),
      "agg-contains-django-annotate": () =>
        Book.objects
          .filter({ name__contains: "Django" })
          .annotate({ numAuthors: Count("authors") })
          .orderBy("pk")
          .valuesList("name", "numAuthors"),
      "agg-author-highly-rated-gte7": () =>
        Author.objects
          .annotate({
            numBooks: Count("book"),
            highlyRatedBooks: Count("book", { filter: Q({ book__rating__gte: 7 }) }),
          })
          .orderBy("pk")
          .valuesList("name", "numBooks", "highlyRatedBooks"),
      "agg-author-highly-rated-gte4-5": () =>
        Author.objects
          .annotate({
            numBooks: Count("book"),
            highlyRatedBooks: Count("book", { filter: Q({ book__rating__gte: 4.5 }) }),
          })
          .orderBy("pk")
          .valuesList("name", "numBooks", "highlyRatedBooks"),
      "agg-annotate-then-filter-nodistinct-gt3": () =>
        Publisher.objects
          .annotate({ numBooks: Count("book") })
          .filter({ book__rating__gt: 3 })
          .orderBy("pk")
          .valuesList("name", "numBooks"),
      "agg-filter-then-annotate-gt4": () =>
        Publisher.objects
          .filter({ book__rating__gt: 4 })
          .annotate({ numBooks: Count("book") })
          .orderBy("pk")
          .valuesList("name", "numBooks"),
      "agg-annotate-then-filter-avg-gt4": () =>
        Publisher.objects
          .annotate({ avgRating: Avg("book__rating") })
          .filter({ book__rating__gt: 4 })
          .orderBy("pk")
          .valuesList("name", "avgRating"),
      "agg-filter-then-annotate-avg-gt4": () =>
        Publisher.objects
          .filter({ book__rating__gt: 4 })
          .annotate({ avgRating: Avg("book__rating") })
          .orderBy("pk")
          .valuesList("name", "avgRating"),
      "agg-annotate-values-name": () =>
        Author.objects
          .annotate({ averageRating: Avg("book__rating") })
          .values("name", "averageRating")
          .orderBy("pk"),
      "agg-item-orderby-cleared": () =>
        Item.objects.orderBy("name").values("data").annotate(Count("id")).orderBy(),
      "agg-aggregate-over-annotation": () =>
        Book.objects.annotate({ numAuthors: Count("authors") }).aggregate(Avg("numAuthors")),
      "agg-web-sum": () => Book.objects.filter({ name__contains: "web" }).aggregate(Sum("price")),
      "agg-web-sum-default": () =>
        Book.objects.filter({ name__contains: "web" }).aggregate({
          price__sum: Coalesce(Sum("price"), 0, {
            outputField: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
          }),
        }),
      "agg-avg-price-default": () =>
        Book.objects.aggregate({
          price__avg: Coalesce(Avg("price"), 0, {
            outputField: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
          }),
        }),
      "agg-avg-price-default-int-error": () =>
        Book.objects.aggregate({ price__avg: Coalesce(Avg("price"), 0) }),
      "agg-empty-all-aggregates": () =>
        Book.objects.filter({ name__startswith: "Django" }).aggregate({
          n: Count("id"),
          nAuthors: Count("authors"),
          totalPages: Sum("pages"),
          avgRating: Avg("rating"),
          maxDate: Max("pubdate"),
          minPrice: Min("price"),
        }),
      "agg-empty-annotate-publisher": () =>
        Publisher.objects
          .filter({ pk: 5 })
          .annotate({
            n: Count("book"),
            pages: Sum("book__pages"),
            avgPrice: Avg("book__price"),
            pages0: Coalesce(Sum("book__pages"), 0),
          })
          .valuesList("name", "n", "pages", "avgPrice", "pages0"),
      "agg-author-avg-age": () => Author.objects.aggregate(Avg("age")),
      "agg-author-sum-avg-age": () => Author.objects.aggregate(Sum("age"), Avg("age")),
      "agg-book-rating-lt-avg-authors-age": () =>
        Book.objects.filter({ rating__lt: 4.5 }).aggregate(Avg("authors__age")),
      "agg-book-sum-publisher-awards": () => Book.objects.aggregate(Sum("publisher__numAwards")),
      "agg-publisher-sum-book-price": () => Publisher.objects.aggregate(Sum("book__price")),
      "agg-store-max-books-authors-age": () => Store.objects.aggregate(Max("books__authors__age")),
      "agg-amazon-mean-rating": () =>
        Store.objects
          .filter({ name: "Amazon.com" })
          .aggregate({ amazonMean: Avg("books__rating") }),
      "agg-values-rating-annotate": () =>
        Book.objects
          .values("rating")
          .annotate({ nAuthors: Count("authors__id"), meanAge: Avg("authors__age") })
          .orderBy("rating"),
      "agg-author-friends-avg-annotate": () =>
        Author.objects
          .annotate(Avg("friends__age"))
          .orderBy("name")
          .valuesList("name", "friends__age__avg"),
      "agg-book-annotate-values-all": () =>
        Book.objects
          .filter({ pk: 1 })
          .annotate({ meanAge: Avg("authors__age") })
          .values(),
      "agg-publisher-duration": () =>
        Publisher.objects.aggregate({
          total: Sum("duration"),
          avg: Avg("duration", { outputField: f.duration() }),
        }),
      "agg-stddev-variance": () =>
        Book.objects.aggregate({
          sdPop: StdDev("rating"),
          sdSamp: StdDev("rating", { sample: true }),
          varPop: Variance("pages"),
          varSamp: Variance("pages", { sample: true }),
        }),
      "agg-stddev-decimal": () =>
        Book.objects.aggregate({ sd: StdDev("price"), var: Variance("price") }),
      "agg-sum-distinct": () =>
        Book.objects.aggregate({
          total: Sum("price"),
          totalDistinct: Sum("price", { distinct: true }),
        }),
      "agg-aggregate-sliced-queryset": () =>
        Book.objects.orderBy("pk").slice(0, 3).aggregate(Sum("pages")),
      "agg-aggregate-annotation-and-field": () =>
        Book.objects
          .annotate({ n: Count("authors") })
          .aggregate({ totalPages: Sum("pages"), avgAuthors: Avg("n") }),
      "agg-values-annotate-count-groups": () =>
        Author.objects
          .values("age")
          .annotate({ n: Count("id") })
          .count(),
      "agg-max-price-default-kw": () => Book.objects.aggregate(Max("price", { default: 0 })),
      "agg-web-sum-default-kw": () =>
        Book.objects.filter({ name__contains: "web" }).aggregate(Sum("price", { default: 0 })),
      "agg-empty-avg-default-kw": () =>
        Book.objects.filter({ name__startswith: "Django" }).aggregate(Avg("price", { default: 0 })),
      "agg-empty-annotate-publisher-default": () =>
        Publisher.objects
          .filter({ pk__in: [1, 5] })
          .annotate({
            n: Count("book"),
            pages: Sum("book__pages", { default: 0 }),
            avgPrice: Avg("book__price", { default: 0 }),
          })
          .orderBy("pk")
          .valuesList("name", "n", "pages", "avgPrice"),
      "agg-stddev-variance-default": () =>
        Book.objects.filter({ pages__gt: 5000 }).aggregate({
          sd: StdDev("rating"),
          sd0: StdDev("rating", { default: 0 }),
          var0: Variance("pages", { sample: true, default: 0 }),
        }),
      "agg-publisher-avg-rating-filter-default": () =>
        Publisher.objects
          .annotate({
            avgHigh: Avg("book__rating", { filter: Q({ book__rating__gt: 4 }), default: 0 }),
          })
          .orderBy("pk")
          .valuesList("name", "avgHigh"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }
  },
);
