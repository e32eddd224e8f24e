import { expect } from "vitest";
import { captureQueries, Q } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures, pks } from "./fixtures.js";
import { LkAuthor, LkPost, lookupModels } from "./models.js";

forEachDialect(
  "lookups › comparison",
  { models: lookupModels, fixtures: loadLookupFixtures },
  (t) => {
    t.case("in with a list", async () => {
      expect(pks(await LkPost.objects.filter({ rating__in: [5, 8, 99] }))).toEqual([1, 4]);
      const titles = await LkPost.objects.filter({ title__in: ["Hello World", "Zed's post"] });
      expect(pks(titles)).toEqual([1, 4]);
      expect(pks(await LkPost.objects.filter({ pk__in: [2] }))).toEqual([2]);
    });

    t.case("in with an empty list matches nothing and sends no query", async () => {
      const { result, queries } = await captureQueries(async () =>
        LkPost.objects.filter({ rating__in: [] }).fetch(),
      );
      expect(result).toEqual([]);
      expect(queries).toHaveLength(0);
      const counted = await captureQueries(() => LkPost.objects.filter({ pk__in: [] }).count());
      expect(counted.result).toBe(0);
      expect(counted.queries).toHaveLength(0);
    });

    t.case("in with an empty list inside OR keeps the other branch", async () => {
      const qs = LkPost.objects.filter(Q({ pk__in: [] }).or(Q({ rating: 3 })));
      expect(pks(await qs)).toEqual([2]);
    });

    t.case("in with a QuerySet is a subquery", async () => {
      const alice = LkAuthor.objects.filter({ name__startswith: "Alice" }).valuesList("pk", {
        flat: true,
      });
      expect(pks(await LkPost.objects.filter({ author__in: alice }))).toEqual([1, 2]);
    });

    t.case("gt / gte / lt / lte on integers", async () => {
      expect(pks(await LkPost.objects.filter({ rating__gt: 5 }))).toEqual([4]);
      expect(pks(await LkPost.objects.filter({ rating__gte: 5 }))).toEqual([1, 4]);
      expect(pks(await LkPost.objects.filter({ rating__lt: 5 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ rating__lte: 5 }))).toEqual([1, 2]);
    });

    t.case("gt / lt on dates, datetimes and times", async () => {
      expect(pks(await LkPost.objects.filter({ publishedOn__gte: "2024-04-20" }))).toEqual([2, 4]);
      const after = new Date("2024-01-15T10:30:45.123Z");
      expect(pks(await LkPost.objects.filter({ createdAt__gt: after }))).toEqual([2, 4]);
      expect(pks(await LkPost.objects.filter({ createdAt__gte: after }))).toEqual([1, 2, 4]);
      expect(pks(await LkPost.objects.filter({ startsAt__lt: "09:15:30" }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ startsAt__gt: "12:00:00" }))).toEqual([2, 4]);
    });

    t.case("range is inclusive at both ends", async () => {
      expect(pks(await LkPost.objects.filter({ rating__range: [3, 5] }))).toEqual([1, 2]);
      const range: [Date, Date] = [
        new Date("2023-12-31T00:00:00Z"),
        new Date("2024-01-15T10:30:45.123Z"),
      ];
      expect(pks(await LkPost.objects.filter({ createdAt__range: range }))).toEqual([1, 3]);
      const dates = await LkPost.objects.filter({
        publishedOn__range: ["2024-01-16", "2024-07-01"],
      });
      expect(pks(dates)).toEqual([2, 4]);
    });

    t.case("isnull true / false", async () => {
      expect(pks(await LkPost.objects.filter({ rating__isnull: true }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ rating__isnull: false }))).toEqual([1, 2, 4]);
      expect(pks(await LkPost.objects.filter({ publishedOn: null }))).toEqual([3]);
      expect(pks(await LkAuthor.objects.filter({ email__isnull: true }))).toEqual([3]);
    });

    t.case("exclude(x=5) keeps rows where x IS NULL (Django semantics)", async () => {
      expect(pks(await LkPost.objects.exclude({ rating: 5 }))).toEqual([2, 3, 4]);
      expect(pks(await LkPost.objects.exclude({ rating__gt: 4 }))).toEqual([2, 3]);
      expect(pks(await LkPost.objects.exclude({ rating__in: [3, 5] }))).toEqual([3, 4]);
      expect(pks(await LkAuthor.objects.exclude({ email__icontains: "example" }))).toEqual([3]);
    });

    t.case("exclude(x__isnull=True) is the NOT NULL rows", async () => {
      expect(pks(await LkPost.objects.exclude({ rating__isnull: true }))).toEqual([1, 2, 4]);
      expect(pks(await LkPost.objects.exclude({ publishedOn: null }))).toEqual([1, 2, 4]);
    });

    t.case("exclude on a non-null column adds no IS NOT NULL guard", async () => {
      const sql = LkPost.objects.exclude({ title: "x" }).sql().sql;
      expect(sql).not.toContain("IS NOT NULL");
      const guarded = LkPost.objects.exclude({ rating: 1 }).sql().sql;
      expect(guarded).toContain("IS NOT NULL");
    });

    t.case("pk and the foreign key attname are lookups too", async () => {
      expect(pks(await LkPost.objects.filter({ pk__gte: 3 }))).toEqual([3, 4]);
      expect(pks(await LkPost.objects.filter({ authorId: 2 }))).toEqual([3, 4]);
      expect(pks(await LkPost.objects.filter({ author: 1 }))).toEqual([1, 2]);
      const alice = await LkAuthor.objects.get({ pk: 1 });
      expect(pks(await LkPost.objects.filter({ author: alice }))).toEqual([1, 2]);
    });
  },
);
