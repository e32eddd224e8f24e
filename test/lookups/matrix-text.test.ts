import { expect } from "vitest";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures } from "./fixtures.js";
import { disagreements, type ModelName, type Probe } from "./matrix.js";
import { lookupModels } from "./models.js";
import { textPredicate } from "./oracle.js";

/** Every text lookup, with probes that split the rows differently per case rule. */
const TEXT_PROBES: readonly Probe[] = [
  ["exact", "hello again"],
  ["exact", "hello world"],
  ["exact", "Tech"],
  ["exact", "bob jones"],
  ["exact", "GREAT"],
  ["iexact", "HELLO WORLD"],
  ["iexact", "tech"],
  ["iexact", "Great!"],
  ["iexact", "ALICE SMITH"],
  ["contains", "ell"],
  ["contains", "Hel"],
  ["contains", "o"],
  ["contains", "ech"],
  ["contains", "'"],
  ["contains", "%"],
  ["contains", "_"],
  ["icontains", "HELLO"],
  ["icontains", "o w"],
  ["icontains", "ECH"],
  ["icontains", "!"],
  ["startswith", "h"],
  ["startswith", "H"],
  ["startswith", "Gre"],
  ["startswith", "b"],
  ["istartswith", "HEL"],
  ["istartswith", "gRE"],
  ["istartswith", "T"],
  ["endswith", "d"],
  ["endswith", "!"],
  ["endswith", "post"],
  ["endswith", "H"],
  ["iendswith", "WORLD"],
  ["iendswith", "T!"],
  ["iendswith", "ES"],
  ["regex", "^[Hh]el"],
  ["regex", "o.*o"],
  ["regex", "!$"],
  ["regex", "^b"],
  ["iregex", "^HEL"],
  ["iregex", "TECH|NEWS"],
  ["iregex", "^G"],
  ["in", ["news", "Hello World", "ok", "bob jones"]],
  ["in", ["NEWS", "hello world", "GREAT"]],
  ["isnull", true],
  ["isnull", false],
];

/** Paths to a text column: depth 0, forward, reverse, many-to-many both ways, 2 and 3 hops. */
const TEXT_PATHS: ReadonlyArray<readonly [ModelName, string, string]> = [
  ["LkPost", "title", "depth 0"],
  ["LkAuthor", "email", "depth 0, nullable"],
  ["LkPost", "author__name", "forward foreign key"],
  ["LkComment", "post__title", "forward foreign key"],
  ["LkAuthor", "posts__title", "reverse foreign key"],
  ["LkPost", "comments__text", "reverse foreign key"],
  ["LkPost", "tags__name", "many-to-many"],
  ["LkTag", "posts__title", "reverse many-to-many"],
  ["LkComment", "post__author__name", "2 hops forward"],
  ["LkAuthor", "posts__comments__text", "2 hops reverse"],
  ["LkTag", "posts__author__name", "reverse many-to-many, then forward"],
  ["LkComment", "post__tags__name", "forward, then many-to-many"],
  ["LkPostTag", "post__author__email", "2 hops forward from a join table"],
  ["LkComment", "post__author__posts__title", "3 hops: forward, forward, reverse"],
];

forEachDialect(
  "lookups › text lookups on every kind of path",
  { models: lookupModels, fixtures: loadLookupFixtures },
  (t) => {
    for (const [model, path, kind] of TEXT_PATHS) {
      t.case(`${kind}: ${model}.${path}`, async (ctx) => {
        const out = await disagreements(model, path, TEXT_PROBES, (lookup, probe) =>
          textPredicate(lookup, probe, ctx.dialect),
        );
        expect(out).toEqual([]);
      });
    }
  },
);
