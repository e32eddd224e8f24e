/**
 * Subquery, OuterRef, Exists and the SubqueryCount/SubqueryAggregate
 * helpers (articles 000, 001, 002): each pattern is one statement, a
 * correlated subquery rather than a join.
 */
import { expect } from "vitest";
import {
  Avg,
  assertNumQueries,
  Coalesce,
  Count,
  captureQueries,
  Exists,
  F,
  FieldError,
  Max,
  OuterRef,
  Q,
  Subquery,
  SubqueryAggregate,
  SubqueryCount,
  Sum,
} from "../../src/index.js";
import { forEachDialect, selectCount } from "../harness/case.js";
import { loadWriters, Post, subqueryModels, Tag, Writer } from "./models.js";

/** Run `fn`, assert it sent exactly one statement, return its result and SQL. */
async function oneQuery<T>(fn: () => PromiseLike<T>): Promise<{ result: T; sql: string }> {
  const { result, queries } = await captureQueries(async () => fn());
  expect(queries).toHaveLength(1);
  return { result, sql: queries[0].sql };
}

const outerFrom = (sql: string) => sql.slice(sql.lastIndexOf(" FROM "));

forEachDialect("subqueries", { models: subqueryModels, fixtures: loadWriters }, (t) => {
  t.case("Subquery as an annotation: each writer's latest post, no join", async () => {
    const latest = Post.objects
      .filter({ writer: OuterRef("pk") })
      .orderBy("-day")
      .values("title")
      .slice(0, 1);
    const { result, sql } = await oneQuery(() =>
      Writer.objects
        .annotate({ latest: Subquery(latest) })
        .orderBy("name")
        .valuesList("name", "latest"),
    );
    expect(result).toEqual([
      ["Ann", "c"],
      ["Bob", "d"],
      ["Cy", null],
    ]);
    expect(selectCount(sql)).toBe(2);
    expect(outerFrom(sql)).not.toContain("JOIN");
  });

  t.case("Subquery as a filter value and as an ordering term", async () => {
    const best = Post.objects
      .filter({ writer: OuterRef("writer") })
      .orderBy("-score")
      .values("score")
      .slice(0, 1);
    // Each writer's best post.
    const top = await Post.objects
      .filter({ score: Subquery(best) })
      .orderBy("title")
      .valuesList("title", { flat: true });
    expect(top).toEqual(["b", "d"]);
    const byPosts = await Writer.objects
      .orderBy(
        Subquery(
          Post.objects
            .filter({ writer: OuterRef("pk") })
            .values("writer")
            .annotate({ n: Count("pk") })
            .values("n"),
        ).desc({ nullsLast: true }),
        "name",
      )
      .valuesList("name", { flat: true });
    expect(byPosts).toEqual(["Ann", "Bob", "Cy"]);
  });

  t.case("Exists in filter, negated, and as a boolean annotation", async () => {
    const published = (tag: string) =>
      Post.objects.filter({ writer: OuterRef("pk"), published: true, tags__name: tag });
    const withX = await Writer.objects
      .filter(Exists(published("x")))
      .valuesList("name", { flat: true });
    expect(withX).toEqual(["Ann"]);
    const withoutY = await Writer.objects
      .filter(Exists(published("y")).not())
      .orderBy("name")
      .valuesList("name", { flat: true });
    expect(withoutY).toEqual(["Cy"]);
    const excluded = await Writer.objects
      .exclude(Exists(published("y")))
      .orderBy("name")
      .valuesList("name", { flat: true });
    expect(excluded).toEqual(["Cy"]);
    const { result, sql } = await oneQuery(() =>
      Writer.objects
        .annotate({ hasPosts: Exists(Post.objects.filter({ writer: OuterRef("pk") })) })
        .orderBy("name")
        .valuesList("name", "hasPosts"),
    );
    expect(result).toEqual([
      ["Ann", true],
      ["Bob", true],
      ["Cy", false],
    ]);
    expect(sql).toContain("EXISTS(");
  });

  t.case("__in a QuerySet, with values() choosing the column", async () => {
    const writers = await Writer.objects
      .filter({ pk__in: Post.objects.filter({ score__gte: 20 }).values("writer") })
      .orderBy("name")
      .valuesList("name", { flat: true });
    expect(writers).toEqual(["Ann", "Bob"]);
    const tagged = await Tag.objects
      .filter({ posts__in: Post.objects.filter({ writer__name: "Bob" }) })
      .valuesList("name", { flat: true });
    expect(tagged).toEqual(["y"]);
  });

  t.case("the values().annotate().values() aggregate subquery, with Coalesce", async () => {
    const counts = Post.objects
      .filter({ writer: OuterRef("pk"), published: true })
      .values("writer")
      .annotate({ c: Count("pk") })
      .values("c");
    const rows = await Writer.objects
      .annotate({ n: Coalesce(Subquery(counts), 0) })
      .orderBy("name")
      .valuesList("name", "n");
    expect(rows).toEqual([
      ["Ann", 2],
      ["Bob", 1],
      ["Cy", 0],
    ]);
  });

  t.case("OuterRef(OuterRef()) reaches two levels out; inner aliases never collide", async () => {
    // Each writer's tags of their first post.
    const firstPost = Post.objects
      .filter({ writer: OuterRef(OuterRef("pk")) })
      .orderBy("day")
      .values("pk")
      .slice(0, 1);
    const firstTag = Tag.objects
      .filter({ posts: Subquery(firstPost) })
      .orderBy("name")
      .values("name")
      .slice(0, 1);
    const { result, sql } = await oneQuery(() =>
      Writer.objects
        .annotate({ tag: Subquery(firstTag) })
        .orderBy("name")
        .valuesList("name", "tag"),
    );
    expect(result).toEqual([
      ["Ann", "x"],
      ["Bob", "y"],
      ["Cy", null],
    ]);
    expect(selectCount(sql)).toBe(3);
    // Two nesting levels: U… aliases inside V… aliases.
    expect(sql).toMatch(/\bU0\b/);
    expect(sql).toMatch(/\bV0\b/);
  });

  t.case("update() from a Subquery is one statement", async () => {
    const best = Post.objects
      .filter({ writer: OuterRef("pk") })
      .values("writer")
      .annotate({ m: Max("score") })
      .values("m");
    await assertNumQueries(1, () =>
      Writer.objects
        .filter(Exists(Post.objects.filter({ writer: OuterRef("pk") })))
        .update({ rating: Subquery(best) }),
    );
    expect(await Writer.objects.orderBy("name").valuesList("name", "rating")).toEqual([
      ["Ann", 30],
      ["Bob", 20],
      ["Cy", 1],
    ]);
  });

  t.case("SubqueryCount and SubqueryAggregate over a reverse FK and a many-to-many", async () => {
    const { result, sql } = await oneQuery(() =>
      Writer.objects
        .annotate({
          postCount: SubqueryCount("posts"),
          published: SubqueryCount("posts", { filter: Q({ published: true }) }),
          best: SubqueryAggregate("posts__score", Max),
          total: SubqueryAggregate("posts__score", Sum, { filter: Q({ published: true }) }),
        })
        .orderBy("name")
        .valuesList("name", "postCount", "published", "best", "total"),
    );
    expect(result).toEqual([
      ["Ann", 3, 2, 30, 40],
      ["Bob", 1, 1, 20, 20],
      ["Cy", 0, 0, null, null],
    ]);
    expect(outerFrom(sql)).not.toContain("JOIN");
    const tags = await Tag.objects
      .annotate({ n: SubqueryCount("posts"), avg: SubqueryAggregate("posts__score", Avg) })
      .orderBy("name")
      .valuesList("name", "n", "avg");
    expect(tags).toEqual([
      ["x", 2, 20],
      ["y", 2, 15],
    ]);
  });

  t.case("helpers compose: filter and order on them, count a QuerySet", async () => {
    const busy = await Writer.objects
      .alias({ n: SubqueryCount("posts") })
      .filter({ n__gte: 1 })
      .orderBy("-n")
      .valuesList("name", { flat: true });
    expect(busy).toEqual(["Ann", "Bob"]);
    const above = SubqueryCount(
      Post.objects.filter({ writer: OuterRef("pk"), score__gt: F("writer__rating").mul(3) }),
    );
    const rows = await Writer.objects
      .annotate({ above })
      .orderBy("name")
      .valuesList("name", "above");
    expect(rows).toEqual([
      ["Ann", 1],
      ["Bob", 1],
      ["Cy", 0],
    ]);
  });

  t.case("bad input: OuterRef outside a subquery, a subquery of several columns", async () => {
    await expect(async () =>
      Post.objects.filter({ writer: OuterRef("pk") }).count(),
    ).rejects.toThrow(
      new FieldError(
        "This queryset contains a reference to an outer query (OuterRef('pk')) and may only be used in a subquery.",
      ),
    );
    expect(() =>
      Writer.objects.annotate({ x: Subquery(Post.objects.values("title", "score")) }),
    ).toThrow(/must select one column; this one selects 2 \(title, score\)/);
    expect(() => Writer.objects.annotate({ n: SubqueryCount("nope") })).toThrow(FieldError);
  });

  t.case("a grouped query's correlated subquery adds the outer columns it reads", async () => {
    // Django's Subquery.get_group_by_cols: the joined outer column it reads (writer.name)
    // joins the GROUP BY, which PostgreSQL (grouping by the post's pk) and MySQL's
    // ONLY_FULL_GROUP_BY require.
    const rows = await Post.objects
      .annotate({
        tagCount: Count("tags"),
        writerRating: Subquery(
          Writer.objects.filter({ name: OuterRef("writer__name") }).values("rating"),
        ),
      })
      .orderBy("title")
      .valuesList("title", "tagCount", "writerRating");
    expect(rows).toEqual([
      ["a", 2, 5],
      ["b", 1, 5],
      ["c", 0, 5],
      ["d", 1, 3],
    ]);
  });
});
