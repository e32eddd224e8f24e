/**
 * Past Django (issue 4): aggregates over several to-many relations of the
 * same row return the true numbers, each computed in its own correlated
 * subquery; Django's overcount stays available as aggregateJoins("shared").
 */
import { expect } from "vitest";
import { Avg, Count, captureQueries, Max, Q, Sum } from "../../src/index.js";
import { forEachDialect, selectCount } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { aggregationModels, Book, Publisher, Store } from "../models/aggregation.js";

forEachDialect(
  "subqueries: aggregates over several to-many relations",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    // The true numbers (Django's agg-multijoin-distinct / agg-multijoin-subquery-correct).
    const authors = [2, 1, 1, 3, 2, 1];
    const stores = [2, 1, 3, 2, 2, 3];

    t.case("Count over two to-many relations: the true numbers, in one statement", async () => {
      const { result, queries } = await captureQueries(() =>
        Book.objects
          .annotate({ a: Count("authors"), s: Count("store") })
          .orderBy("pk")
          .valuesList("a", "s"),
      );
      expect(result).toEqual(authors.map((a, i) => [a, stores[i]]));
      expect(queries).toHaveLength(1);
      const sql = queries[0].sql;
      expect(selectCount(sql)).toBe(3);
      // The outer query reads the book table alone: no join, no GROUP BY.
      expect(sql.slice(sql.lastIndexOf(" FROM "))).not.toMatch(/JOIN|GROUP BY/);
    });

    t.case("Django's overcount, on request", async () => {
      const rows = await Book.objects
        .aggregateJoins("shared")
        .annotate({ a: Count("authors"), s: Count("store") })
        .orderBy("pk")
        .valuesList("a", "s");
      expect(rows).toEqual(authors.map((a, i) => [a * stores[i], a * stores[i]]));
    });

    t.case("Sum and Avg over two to-many paths", async () => {
      const rows = await Book.objects
        .annotate({ ages: Sum("authors__age"), avgAge: Avg("authors__age"), n: Count("store") })
        .orderBy("pk")
        .valuesList("pk", "ages", "avgAge", "n");
      const shared = await Book.objects
        .aggregateJoins("shared")
        .annotate({ ages: Sum("authors__age"), n: Count("store") })
        .orderBy("pk")
        .valuesList("ages", "n");
      // The average is the same either way; the sum and the count are not.
      const byBook = rows.map(([, ages, , n]) => [ages, n]);
      expect(byBook.map(([ages], i) => (ages as number) * stores[i])).toEqual(
        shared.map(([a]) => a),
      );
      expect(rows.map((r) => r[3])).toEqual(stores);
      expect(rows[0]).toEqual([1, 69, 34.5, 2]);
    });

    t.case("a filter on a relation still restricts that relation's aggregate", async () => {
      const rows = await Book.objects
        .filter({ authors__age__gt: 30 })
        .annotate({ a: Count("authors"), s: Count("store") })
        .orderBy("pk")
        .valuesList("pk", "a", "s");
      const plainAuthors = await Book.objects
        .filter({ authors__age__gt: 30 })
        .annotate({ a: Count("authors") })
        .orderBy("pk")
        .valuesList("pk", "a");
      expect(rows.map(([pk, a]) => [pk, a])).toEqual(plainAuthors);
      const storeCounts = new Map(
        (await Book.objects.annotate({ s: Count("store") }).valuesList("pk", "s")).map(([k, v]) => [
          k,
          v,
        ]),
      );
      expect(rows.every(([pk, , s]) => s === storeCounts.get(pk))).toBe(true);
    });

    t.case("one to-many relation keeps Django's plain JOIN + GROUP BY", async () => {
      const qs = Publisher.objects.annotate({ n: Count("book"), top: Max("book__rating") });
      expect(selectCount(qs.sql().sql)).toBe(1);
      expect(qs.sql().sql).toContain("GROUP BY");
      const deep = Store.objects.annotate({
        nBooks: Count("books", { distinct: true }),
        rows: Count("books__authors"),
      });
      expect(selectCount(deep.sql().sql)).toBe(1);
    });

    t.case("filtering and ordering on separated aggregates", async () => {
      const rows = await Book.objects
        .annotate({
          a: Count("authors"),
          s: Count("store", { filter: Q({ store__name__icontains: "books" }) }),
        })
        .filter({ a__gte: 2 })
        .orderBy("-a", "pk")
        .valuesList("pk", "a", "s");
      expect(rows.map(([pk, a]) => [pk, a])).toEqual([
        [4, 3],
        [1, 2],
        [5, 2],
      ]);
      expect(
        await Book.objects
          .annotate({ a: Count("authors"), s: Count("store") })
          .filter({ s: 3 })
          .count(),
      ).toBe(2);
    });
  },
);
