import { expect } from "vitest";
import { Q } from "../../src/index.js";
import { untyped } from "../errors/untyped.js";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures, pks } from "./fixtures.js";
import { LkAuthor, LkComment, LkPost, LkTag, lookupModels } from "./models.js";

function joins(sql: string): { inner: number; left: number } {
  return {
    inner: (sql.match(/\bINNER JOIN\b/g) ?? []).length,
    left: (sql.match(/\bLEFT OUTER JOIN\b/g) ?? []).length,
  };
}

forEachDialect("lookups › paths", { models: lookupModels, fixtures: loadLookupFixtures }, (t) => {
  t.case("depth 0: no join", async () => {
    const qs = LkPost.objects.filter({ title__icontains: "hello" });
    expect(pks(await qs)).toEqual([1, 2]);
    expect(joins(qs.sql().sql)).toEqual({ inner: 0, left: 0 });
  });

  t.case("depth 1, forward foreign key", async () => {
    const qs = LkPost.objects.filter({ author__name__icontains: "alice" });
    expect(pks(await qs)).toEqual([1, 2]);
    expect(joins(qs.sql().sql)).toEqual({ inner: 1, left: 0 });
    expect(pks(await LkPost.objects.filter({ author__email__iendswith: ".ORG" }))).toEqual([3, 4]);
    // The foreign key's own column needs no join. (untyped: the static path types do not know
    // the related model's implicit `id` yet.)
    const byId = untyped(LkPost.objects).filter({ author__id: 2 });
    expect(pks(await byId.fetch())).toEqual([3, 4]);
    expect(joins(byId.sql().sql)).toEqual({ inner: 0, left: 0 });
  });

  t.case("depth 1, reverse foreign key", async () => {
    expect(pks(await LkAuthor.objects.filter({ posts__rating__gt: 5 }))).toEqual([2]);
    const hello = LkAuthor.objects.filter({ posts__title__icontains: "hello" });
    // One row per matching post (Django does not deduplicate without distinct()).
    expect((await hello).map((a) => Number(a.pk))).toEqual([1, 1]);
    expect(pks(await hello.distinct())).toEqual([1]);
    expect(pks(await LkAuthor.objects.filter({ posts__isnull: true }))).toEqual([3]);
  });

  t.case("many-to-many, forward", async () => {
    expect(pks(await LkPost.objects.filter({ tags__name: "news" }))).toEqual([1, 2]);
    expect(pks(await LkPost.objects.filter({ tags__name__iexact: "TECH" }))).toEqual([1, 4]);
    const qs = LkPost.objects.filter({ tags__name__in: ["news", "Tech"] }).distinct();
    expect(pks(await qs)).toEqual([1, 2, 4]);
    expect(joins(qs.sql().sql)).toEqual({ inner: 2, left: 0 });
    expect(pks(await LkPost.objects.filter({ tags__isnull: true }))).toEqual([3]);
  });

  t.case("many-to-many, reverse", async () => {
    const qs = LkTag.objects.filter({ posts__rating__gte: 5 }).distinct();
    expect(pks(await qs)).toEqual([1, 2]);
    expect(pks(await LkTag.objects.filter({ posts__title__startswith: "Zed" }))).toEqual([2]);
    expect(pks(await LkTag.objects.filter({ posts__isnull: true }))).toEqual([3]);
  });

  t.case("two hops forward (comment → post → author)", async () => {
    const qs = LkComment.objects.filter({ post__author__name__istartswith: "ALICE" });
    expect(pks(await qs)).toEqual([1, 2, 3]);
    expect(joins(qs.sql().sql)).toEqual({ inner: 2, left: 0 });
  });

  t.case("two hops reverse (author → posts → comments)", async () => {
    const qs = LkAuthor.objects.filter({ posts__comments__text__icontains: "great" }).distinct();
    expect(pks(await qs)).toEqual([1]);
    expect(
      pks(await LkAuthor.objects.filter({ posts__comments__score__lt: 3 }).distinct()),
    ).toEqual([1, 2]);
  });

  t.case("reverse many-to-many then forward (tag → posts → author)", async () => {
    expect(pks(await LkTag.objects.filter({ posts__author__name__startswith: "bob" }))).toEqual([
      2,
    ]);
    const alice = LkTag.objects.filter({ posts__author__email: "alice@example.com" }).distinct();
    expect(pks(await alice)).toEqual([1, 2]);
  });

  t.case("forward then many-to-many (comment → post → tags)", async () => {
    expect(pks(await LkComment.objects.filter({ post__tags__name: "Tech" }))).toEqual([1, 2, 4]);
  });

  t.case("three hops reverse (tag → posts → comments)", async () => {
    expect(pks(await LkTag.objects.filter({ posts__comments__text: "ok" }))).toEqual([2]);
    const qs = LkAuthor.objects.filter({ posts__tags__posts__comments__score: 4 }).distinct();
    // Posts sharing a tag with post 2 (news: posts 1, 2) → authors of posts with a score-4 comment.
    expect(pks(await qs)).toEqual([1]);
  });

  t.case("exclude across a reverse relation: no related row matches", async () => {
    expect(pks(await LkAuthor.objects.exclude({ posts__rating__gte: 5 }))).toEqual([3]);
    expect(pks(await LkAuthor.objects.exclude({ posts__title__icontains: "hello" }))).toEqual([
      2, 3,
    ]);
    expect(pks(await LkTag.objects.exclude({ posts__author__name: "Carol" }))).toEqual([1, 2, 3]);
  });

  t.case(
    "filter(a).filter(b) across a multi-valued relation: two joins, different rows",
    async () => {
      // Alice has a post rated >= 5 (p1) and a post containing "again" (p2), but no single post with both.
      const chained = LkAuthor.objects
        .filter({ posts__rating__gte: 5 })
        .filter({ posts__title__contains: "again" });
      const single = LkAuthor.objects.filter({
        posts__rating__gte: 5,
        posts__title__contains: "again",
      });
      expect(pks(await chained)).toEqual([1]);
      expect(pks(await single)).toEqual([]);
      expect(joins(chained.sql().sql)).toEqual({ inner: 2, left: 0 });
      expect(joins(single.sql().sql)).toEqual({ inner: 1, left: 0 });
    },
  );

  t.case("filter chaining across a many-to-many", async () => {
    // Post 1 has both tags; no tag row is both "news" and "Tech".
    const chained = LkPost.objects.filter({ tags__name: "news" }).filter({ tags__name: "Tech" });
    expect(pks(await chained)).toEqual([1]);
    const single = LkPost.objects.filter(Q({ tags__name: "news" }), Q({ tags__name: "Tech" }));
    expect(pks(await single)).toEqual([]);
  });

  t.case("a single-valued relation reuses its join across filter() calls", async () => {
    const qs = LkPost.objects
      .filter({ author__name__startswith: "bob" })
      .filter({ author__email__icontains: "example" });
    expect(pks(await qs)).toEqual([3, 4]);
    expect(joins(qs.sql().sql)).toEqual({ inner: 1, left: 0 });
  });

  t.case(
    "OR across a relation gives LEFT OUTER JOIN (rows without related rows survive)",
    async (ctx) => {
      const qs = LkAuthor.objects.filter(Q({ name: "Carol" }).or(Q({ posts__rating__gte: 8 })));
      expect(pks(await qs)).toEqual([2, 3]);
      expect(joins(qs.sql().sql)).toEqual({ inner: 0, left: 1 });
      const sql = {
        sqlite: `FROM "lk_author" LEFT OUTER JOIN "lk_post" ON ("lk_author"."id" = "lk_post"."author_id") WHERE ("lk_author"."name" = ? OR "lk_post"."rating" >= ?)`,
        postgres: `FROM "lk_author" LEFT OUTER JOIN "lk_post" ON ("lk_author"."id" = "lk_post"."author_id") WHERE ("lk_author"."name" = $1 OR "lk_post"."rating" >= $2)`,
        mysql:
          "FROM `lk_author` LEFT OUTER JOIN `lk_post` ON (`lk_author`.`id` = `lk_post`.`author_id`) WHERE (`lk_author`.`name` = ? OR `lk_post`.`rating` >= ?)",
      }[ctx.dialect];
      expect(qs.sql().sql.endsWith(sql)).toBe(true);
    },
  );

  t.case("OR across a forward foreign key with a nullable target column", async () => {
    const qs = LkPost.objects.filter(Q({ rating: 3 }).or(Q({ author__email__isnull: true })));
    expect(pks(await qs)).toEqual([2]);
    const both = LkPost.objects.filter(
      Q({ rating__isnull: true }).or(Q({ author__name: "Alice Smith" })),
    );
    expect(pks(await both)).toEqual([1, 2, 3]);
  });

  t.case("values() and orderBy() across relations", async () => {
    const rows = await LkComment.objects
      .filter({ post__author__name: "bob jones" })
      .values("text", "post__title", "post__author__email");
    expect(rows).toEqual([
      { text: "ok", post__title: "Zed's post", post__author__email: "BOB@Example.org" },
    ]);
    const ordered = await LkPost.objects
      .orderBy("-author__name", "-pk")
      .valuesList("pk", { flat: true });
    expect(ordered.map(Number)).toEqual([4, 3, 2, 1]);
  });
});
