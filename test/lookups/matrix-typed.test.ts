import { expect } from "vitest";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures } from "./fixtures.js";
import { disagreements, type ModelName, type Probe } from "./matrix.js";
import { lookupModels } from "./models.js";
import { numberPredicate, type Predicate, transform } from "./oracle.js";

const NUMBER_PROBES: readonly Probe[] = [
  ["exact", 5],
  ["exact", 3],
  ["gt", 4],
  ["gte", 5],
  ["lt", 3],
  ["lte", 3],
  ["in", [1, 5]],
  ["in", [3, 8, 99]],
  ["range", [2, 5]],
  ["isnull", true],
  ["isnull", false],
];

const NUMBER_PATHS: ReadonlyArray<readonly [ModelName, string, string]> = [
  ["LkPost", "rating", "depth 0"],
  ["LkComment", "post__rating", "forward foreign key"],
  ["LkAuthor", "posts__rating", "reverse foreign key"],
  ["LkTag", "posts__rating", "reverse many-to-many"],
  ["LkAuthor", "posts__comments__score", "2 hops reverse"],
  ["LkTag", "posts__comments__score", "3 hops reverse"],
  ["LkComment", "post__author__posts__rating", "3 hops: forward, forward, reverse"],
];

const DATE_TRANSFORM_PROBES: readonly Probe[] = [
  ["year", 2024],
  ["year__gte", 2024],
  ["year__lt", 2024],
  ["month", 4],
  ["month__in", [1, 12]],
  ["day", 31],
  ["day__lte", 15],
  ["week", 3],
  ["week", 52],
  ["week__gt", 20],
  ["weekDay", 2],
  ["weekDay", 7],
  ["weekDay__in", [1, 7]],
  ["quarter", 4],
  ["quarter__lte", 2],
];

const TIME_TRANSFORM_PROBES: readonly Probe[] = [
  ["hour", 23],
  ["hour__gte", 12],
  ["hour__range", [10, 12]],
  ["minute", 30],
  ["minute__lt", 16],
  ["second", 45],
  ["second", 0],
  ["second__gte", 30],
];

const DATETIME_PROBES: readonly Probe[] = [
  ...DATE_TRANSFORM_PROBES,
  ...TIME_TRANSFORM_PROBES,
  ["date", "2024-01-15"],
  ["date__gte", "2024-04-20"],
  ["date__lt", "2024-01-01"],
];

const DATETIME_PATHS: ReadonlyArray<readonly [ModelName, string, string]> = [
  ["LkPost", "createdAt", "depth 0"],
  ["LkComment", "post__createdAt", "forward foreign key"],
  ["LkAuthor", "posts__createdAt", "reverse foreign key"],
  ["LkTag", "posts__createdAt", "reverse many-to-many"],
  ["LkPostTag", "tag__posts__createdAt", "forward, then reverse many-to-many"],
  ["LkComment", "post__author__posts__createdAt", "3 hops: forward, forward, reverse"],
];

const DATE_PATHS: ReadonlyArray<readonly [ModelName, string, string]> = [
  ["LkPost", "publishedOn", "depth 0"],
  ["LkAuthor", "posts__publishedOn", "reverse foreign key"],
  ["LkPost", "tags__posts__publishedOn", "many-to-many, then reverse many-to-many"],
];

const TIME_PATHS: ReadonlyArray<readonly [ModelName, string, string]> = [
  ["LkPost", "startsAt", "depth 0"],
  ["LkComment", "post__startsAt", "forward foreign key"],
  ["LkTag", "posts__startsAt", "reverse many-to-many"],
];

/** `year__gte` → transform "year", lookup "gte"; `date` → transform "date", lookup "exact". */
function transformPredicate(suffix: string, probe: unknown): Predicate {
  const [name, lookup = "exact"] = suffix.split("__");
  if (name === "date") {
    const p = probe as string;
    const cmp: Record<string, (a: string) => boolean> = {
      exact: (a) => a === p,
      gte: (a) => a >= p,
      lt: (a) => a < p,
    };
    return (v) => v !== null && cmp[lookup](transform("date", v) as string);
  }
  const test = numberPredicate(lookup, probe);
  return (v) => v !== null && test(transform(name, v));
}

forEachDialect(
  "lookups › comparisons and transforms on every kind of path",
  { models: lookupModels, fixtures: loadLookupFixtures },
  (t) => {
    for (const [model, path, kind] of NUMBER_PATHS) {
      t.case(`numbers, ${kind}: ${model}.${path}`, async () => {
        expect(await disagreements(model, path, NUMBER_PROBES, numberPredicate)).toEqual([]);
      });
    }
    for (const [model, path, kind] of DATETIME_PATHS) {
      t.case(`datetime transforms, ${kind}: ${model}.${path}`, async () => {
        expect(await disagreements(model, path, DATETIME_PROBES, transformPredicate)).toEqual([]);
      });
    }
    for (const [model, path, kind] of DATE_PATHS) {
      t.case(`date transforms, ${kind}: ${model}.${path}`, async () => {
        expect(await disagreements(model, path, DATE_TRANSFORM_PROBES, transformPredicate)).toEqual(
          [],
        );
      });
    }
    for (const [model, path, kind] of TIME_PATHS) {
      t.case(`time transforms, ${kind}: ${model}.${path}`, async () => {
        expect(await disagreements(model, path, TIME_TRANSFORM_PROBES, transformPredicate)).toEqual(
          [],
        );
      });
    }
  },
);
