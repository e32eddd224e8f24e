import { expect } from "vitest";
import {
  AnyValue,
  Avg,
  assertNumQueries,
  Coalesce,
  Count,
  F,
  Greatest,
  Lower,
  Max,
  Sum,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { aggregationModels, Book, Publisher } from "../models/aggregation.js";

forEachDialect(
  "functions: inside GROUP BY and aggregates",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    // Django's AnyValue example: the spelling that also runs on MySQL with ONLY_FULL_GROUP_BY.
    const groups = () =>
      Book.objects.values({ greatestPages: Greatest("pages", 600) }).annotate({
        numAuthors: Count("authors"),
        pagesPerAuthor: AnyValue(F("greatestPages")).div(F("numAuthors")),
      });

    t.case("values(name=function).annotate(...) groups by the function", async () => {
      const rows = await assertNumQueries(1, async () => groups().orderBy("greatestPages"));
      expect(rows).toEqual([
        { greatestPages: 600, numAuthors: 7, pagesPerAuthor: 85 },
        { greatestPages: 946, numAuthors: 1, pagesPerAuthor: 946 },
        { greatestPages: 1132, numAuthors: 2, pagesPerAuthor: 566 },
      ]);
    });

    t.case("aggregate() over the groups wraps them in a subquery", async () => {
      const result = await assertNumQueries(1, async () =>
        groups().aggregate(Avg("pagesPerAuthor")),
      );
      expect(result.pagesPerAuthor__avg).toBeCloseTo(532.333333, 5);
    });

    t.case("a function of a grouped column, and a function of aggregates", async () => {
      const rows = await Publisher.objects
        .values({ lname: Lower("name") })
        .annotate({
          pages: Coalesce(Sum("book__pages"), 0),
          most: Greatest(Coalesce(Max("book__pages"), 0), 500),
        })
        .orderBy("lname");
      expect(rows).toEqual([
        { lname: "apress", pages: 747, most: 500 },
        { lname: "jonno's house of books", pages: 0, most: 500 },
        { lname: "morgan kaufmann", pages: 946, most: 946 },
        { lname: "prentice hall", pages: 1482, most: 1132 },
        { lname: "sams", pages: 528, most: 528 },
      ]);
    });
  },
);
