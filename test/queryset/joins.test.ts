import { expect } from "vitest";
import { F, Q } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Author, aggregationModels, Book, Publisher, Store } from "../models/aggregation.js";

const joinsTo = (sql: string, table: string) =>
  (sql.match(new RegExp(`JOIN [\`"]${table}[\`"]`, "g")) ?? []).length;

forEachDialect(
  "join semantics (Django's)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    t.case("two conditions in one filter() call refer to the same related row", async () => {
      const qs = Publisher.objects.filter({ book__rating__gt: 4, book__pages__lt: 400 });
      expect(await qs.valuesList("name", { flat: true })).toEqual([]);
      expect(joinsTo(qs.sql().sql, "aggregation_book")).toBe(1);
    });

    t.case("in two filter() calls they may refer to different rows (two joins)", async () => {
      const qs = Publisher.objects.filter({ book__rating__gt: 4 }).filter({ book__pages__lt: 400 });
      expect(await qs.valuesList("name", { flat: true })).toEqual(["Apress"]);
      expect(joinsTo(qs.sql().sql, "aggregation_book")).toBe(2);
    });

    t.case("single-valued joins are reused across filter() calls", async () => {
      const qs = Book.objects
        .filter({ publisher__name__startswith: "A" })
        .filter({ publisher__numAwards__gt: 1 });
      expect(joinsTo(qs.sql().sql, "aggregation_publisher")).toBe(1);
      expect(await qs.orderBy("pk").valuesList("pk", { flat: true })).toEqual([1, 3]);
    });

    t.case("OR across relations promotes the joins to LEFT OUTER", async () => {
      const qs = Publisher.objects
        .filter(Q({ book__isnull: true }).or(Q({ numAwards__gt: 8 })))
        .orderBy("name");
      expect(await qs.valuesList("name", { flat: true })).toEqual([
        "Jonno's House of Books",
        "Morgan Kaufmann",
      ]);
      expect(qs.sql().sql).toContain("LEFT OUTER JOIN");
      const books = Book.objects
        .filter(Q({ publisher__name: "Sams" }).or(Q({ authors__name: "Peter Norvig" })))
        .distinct()
        .orderBy("pk");
      expect(await books.valuesList("pk", { flat: true })).toEqual([2, 5, 6]);
      // The many-to-many joins go LEFT; the non-null publisher key may stay INNER (no row can be lost).
      expect(books.sql().sql).toMatch(/LEFT OUTER JOIN [`"]aggregation_book_authors/);
      expect(books.sql().sql).toMatch(/LEFT OUTER JOIN [`"]aggregation_author[`"]/);
    });

    t.case("AND keeps INNER joins", async () => {
      const qs = Book.objects.filter({ publisher__name: "Apress", authors__age__gt: 30 });
      expect(qs.sql().sql).not.toContain("LEFT OUTER JOIN");
      expect(await qs.valuesList("pk", { flat: true })).toEqual([1, 1]);
    });

    t.case(
      "exclude() across a to-many relation is NOT EXISTS (no related row matches)",
      async () => {
        const qs = Author.objects.exclude({ book__rating__gt: 4 }).orderBy("pk");
        expect(await qs.valuesList("name", { flat: true })).toEqual([
          "Brad Dayley",
          "James Bennett",
          "Jeffrey Forcier",
          "Paul Bissex",
          "Wesley J. Chun",
          "Stuart Russell",
        ]);
        expect(qs.sql().sql).toContain("NOT (EXISTS(SELECT");
        expect(qs.sql().sql).not.toMatch(/FROM [`"]aggregation_author[`"] (INNER|LEFT)/);
      },
    );

    t.case("exclude() with a to-many path and a single-valued prefix", async () => {
      const qs = Book.objects.exclude({ publisher__book__rating__lt: 4 }).orderBy("pk");
      // Publisher 2 (Sams) has the only book rated below 4.
      expect(await qs.valuesList("pk", { flat: true })).toEqual([1, 3, 4, 5, 6]);
    });

    t.case("relation paths of depth 2 and 3, forward, reverse and many-to-many", async () => {
      const pubs = Publisher.objects
        .filter({ book__authors__age__lt: 30 })
        .distinct()
        .orderBy("name");
      expect(await pubs.valuesList("name", { flat: true })).toEqual(["Apress", "Prentice Hall"]);
      const stores = Store.objects
        .filter({ books__authors__name__startswith: "Peter" })
        .distinct()
        .orderBy("pk");
      expect(await stores.count()).toBe(3);
      const authors = Author.objects
        .filter({ book__publisher__name: "Morgan Kaufmann" })
        .valuesList("name", { flat: true });
      expect(await authors).toEqual(["Peter Norvig"]);
      const contacts = Author.objects
        .filter({ bookContactSet__store__name__icontains: "amazon" })
        .distinct()
        .orderBy("pk");
      expect((await contacts.valuesList("pk", { flat: true })).length).toBeGreaterThan(0);
    });

    t.case("F() compares with a field across a relation", async () => {
      const qs = Book.objects.filter({ rating__lt: F("publisher__numAwards") }).orderBy("pk");
      expect(await qs.valuesList("pk", { flat: true })).toEqual([4, 5, 6]);
    });

    t.case("isnull on a reverse relation finds rows without related rows", async () => {
      expect(
        await Publisher.objects.filter({ book__isnull: true }).valuesList("name", { flat: true }),
      ).toEqual(["Jonno's House of Books"]);
    });

    t.case("filtering on a foreign key by id, instance or the raw column", async () => {
      const apress = await Publisher.objects.get({ name: "Apress" });
      const ids = [
        await Book.objects
          .filter({ publisher: apress })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
        await Book.objects
          .filter({ publisher: apress.pk })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
        await Book.objects
          .filter({ publisherId: apress.pk })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
        await Book.objects
          .filter({ publisher__id: apress.pk })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      ];
      for (const x of ids) expect(x).toEqual([1, 3]);
      // `publisher__id` needs no join: the column is on the book.
      expect(
        joinsTo(Book.objects.filter({ publisher__id: 1 }).sql().sql, "aggregation_publisher"),
      ).toBe(0);
    });
  },
);
