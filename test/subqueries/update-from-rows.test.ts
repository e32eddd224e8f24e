/**
 * Past Django (issue 4): update() values that read an annotation or a
 * related field are computed by a correlated subquery in the same single
 * UPDATE statement, instead of Django's "Joined field references are not
 * permitted in this query".
 */
import { expect } from "vitest";
import {
  Avg,
  assertNumQueries,
  atomic,
  Count,
  captureQueries,
  F,
  IntegrityError,
  Max,
  OuterRef,
  Subquery,
  Sum,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadWriters, Post, subqueryModels, Writer } from "./models.js";

forEachDialect(
  "subqueries: update from annotations",
  { models: subqueryModels, fixtures: loadWriters },
  (t) => {
    t.case("annotate(...).update() is one UPDATE with a correlated subquery", async () => {
      const { queries } = await captureQueries(() =>
        Writer.objects
          .filter({ posts__isnull: false })
          .annotate({ best: Max("posts__score") })
          .update({ rating: F("best") }),
      );
      expect(queries).toHaveLength(1);
      expect(queries[0].sql).toMatch(/^UPDATE .* SET .* = \(SELECT MAX\(/);
      expect(await Writer.objects.orderBy("name").valuesList("name", "rating")).toEqual([
        ["Ann", 30],
        ["Bob", 20],
        ["Cy", 1],
      ]);
    });

    t.case("the same result as the Subquery version", async () => {
      const viaAnnotate = async () => {
        await Writer.objects
          .filter({ posts__isnull: false })
          .annotate({ total: Sum("posts__score") })
          .update({ rating: F("total").add(1) });
        return Writer.objects.orderBy("name").valuesList("name", "rating");
      };
      const first = await viaAnnotate();
      await Writer.objects.update({ rating: 0 });
      const total = Post.objects
        .filter({ writer: OuterRef("pk") })
        .values("writer")
        .annotate({ s: Sum("score") })
        .values("s");
      await Writer.objects
        .filter({ posts__isnull: false })
        .update({ rating: Subquery(total).add(1) });
      const second = await Writer.objects.orderBy("name").valuesList("name", "rating");
      expect(first).toEqual([
        ["Ann", 46],
        ["Bob", 21],
        ["Cy", 1],
      ]);
      expect(second).toEqual([
        ["Ann", 46],
        ["Bob", 21],
        ["Cy", 0],
      ]);
    });

    t.case("filter-then-annotate restricts what the value aggregates", async () => {
      await Writer.objects
        .filter({ posts__published: true })
        .annotate({ n: Count("posts") })
        .update({ rating: F("n") });
      expect(await Writer.objects.orderBy("name").valuesList("name", "rating")).toEqual([
        ["Ann", 2],
        ["Bob", 1],
        ["Cy", 1],
      ]);
    });

    t.case("a joined field in update(): each post takes its writer's rating", async () => {
      await assertNumQueries(1, () => Post.objects.update({ score: F("writer__rating").mul(10) }));
      expect(await Post.objects.orderBy("title").valuesList("title", "score")).toEqual([
        ["a", 50],
        ["b", 50],
        ["c", 50],
        ["d", 30],
      ]);
    });

    t.case("an aggregate that is null for some rows fails as a NOT NULL update would", async () => {
      // Cy has no posts: AVG is NULL and rating is NOT NULL. Nothing is written.
      // (In a savepoint: on PostgreSQL a failed statement poisons the enclosing transaction.)
      await expect(
        atomic(() =>
          Writer.objects.annotate({ avg: Avg("posts__score") }).update({ rating: F("avg") }),
        ),
      ).rejects.toBeInstanceOf(IntegrityError);
      expect(await Writer.objects.orderBy("name").valuesList("rating", { flat: true })).toEqual([
        5, 3, 1,
      ]);
    });
  },
);
