import { expect } from "vitest";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures, pks } from "./fixtures.js";
import { LkAuthor, LkComment, LkPost, LkTag, lookupModels } from "./models.js";

/**
 * Date/time transforms, evaluated in UTC. createdAt values (see fixtures):
 * p1 Mon 2024-01-15 10:30:45.123 (ISO week 3, Q1), p2 Sat 2024-04-20 23:59:59
 * (week 16, Q2), p3 Sun 2023-12-31 00:00:00 (ISO week 52, Q4), p4 Mon
 * 2024-07-01 12:00:00 (week 27, Q3). weekDay is Django's 1 = Sunday … 7 = Saturday.
 */
forEachDialect(
  "lookups › transforms",
  { models: lookupModels, fixtures: loadLookupFixtures },
  (t) => {
    t.case("datetime __date", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__date: "2024-01-15" }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ createdAt__date: "2024-04-20" }))).toEqual([2]);
      const gte = await LkPost.objects.filter({ createdAt__date__gte: "2024-04-20" });
      expect(pks(gte)).toEqual([2, 4]);
    });

    t.case("__year, and year combined with comparisons", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__year: 2024 }))).toEqual([1, 2, 4]);
      expect(pks(await LkPost.objects.filter({ createdAt__year__gte: 2024 }))).toEqual([1, 2, 4]);
      expect(pks(await LkPost.objects.filter({ createdAt__year__lt: 2024 }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ publishedOn__year: 2024 }))).toEqual([1, 2, 4]);
    });

    t.case("__month and __month__in", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__month: 4 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ createdAt__month__in: [1, 12] }))).toEqual([1, 3]);
      expect(pks(await LkPost.objects.filter({ publishedOn__month: 7 }))).toEqual([4]);
    });

    t.case("__day", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__day: 31 }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ createdAt__day__lte: 15 }))).toEqual([1, 4]);
    });

    t.case("__week is the ISO-8601 week number", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__week: 3 }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ createdAt__week: 52 }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ createdAt__week: 16 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ publishedOn__week: 27 }))).toEqual([4]);
    });

    t.case("__weekDay: 1 = Sunday … 7 = Saturday", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__weekDay: 2 }))).toEqual([1, 4]);
      expect(pks(await LkPost.objects.filter({ createdAt__weekDay: 7 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ createdAt__weekDay: 1 }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ publishedOn__weekDay: 7 }))).toEqual([2]);
    });

    t.case("__quarter", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__quarter: 4 }))).toEqual([3]);
      expect(pks(await LkPost.objects.filter({ createdAt__quarter__lte: 2 }))).toEqual([1, 2]);
      expect(pks(await LkPost.objects.filter({ publishedOn__quarter: 3 }))).toEqual([4]);
    });

    t.case("__hour / __minute / __second on a datetime", async () => {
      expect(pks(await LkPost.objects.filter({ createdAt__hour: 23 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ createdAt__hour__gte: 12 }))).toEqual([2, 4]);
      expect(pks(await LkPost.objects.filter({ createdAt__hour__range: [10, 12] }))).toEqual([
        1, 4,
      ]);
      expect(pks(await LkPost.objects.filter({ createdAt__minute: 30 }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ createdAt__second: 45 }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ createdAt__second: 59 }))).toEqual([2]);
    });

    t.case("__hour / __minute / __second on a time (fractions truncated)", async () => {
      expect(pks(await LkPost.objects.filter({ startsAt__hour: 23 }))).toEqual([2]);
      expect(pks(await LkPost.objects.filter({ startsAt__minute: 15 }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ startsAt__second: 30 }))).toEqual([1]);
      expect(pks(await LkPost.objects.filter({ startsAt__second: 0 }))).toEqual([2, 3, 4]);
    });

    t.case("transforms through a forward foreign key", async () => {
      const rows = await LkComment.objects.filter({ post__createdAt__quarter: 1 });
      expect(pks(rows)).toEqual([1, 2]);
      const late = await LkComment.objects.filter({ post__createdAt__hour__gte: 12 });
      expect(pks(late)).toEqual([3, 4]);
    });

    t.case("transforms through a reverse foreign key and a many-to-many", async () => {
      expect(pks(await LkAuthor.objects.filter({ posts__createdAt__year: 2023 }))).toEqual([2]);
      const tags = await LkTag.objects.filter({ posts__createdAt__month: 7 });
      expect(pks(tags)).toEqual([2]);
      const weekend = await LkAuthor.objects
        .filter({ posts__createdAt__weekDay__in: [1, 7] })
        .distinct();
      expect(pks(weekend)).toEqual([1, 2]);
    });

    t.case("exclude with a transform", async () => {
      expect(pks(await LkPost.objects.exclude({ createdAt__year: 2024 }))).toEqual([3]);
      // publishedOn is NULL on p3: excluded from the match, so kept by exclude().
      expect(pks(await LkPost.objects.exclude({ publishedOn__month: 1 }))).toEqual([2, 3, 4]);
    });
  },
);
