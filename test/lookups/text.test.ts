import { expect } from "vitest";
import { F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadLookupFixtures, pks } from "./fixtures.js";
import { LkAuthor, LkPost, lookupModels } from "./models.js";

/**
 * Text lookups. Django documents three dialect differences, asserted here
 * rather than skipped:
 * - SQLite's LIKE is case-insensitive for ASCII letters, so contains,
 *   startswith and endswith behave like their i-variants there; and its
 *   case folding is ASCII-only (icontains "über" does not match "Über").
 * - MySQL/MariaDB `=` and LIKE follow the column collation (case-insensitive
 *   by default), so exact matches another case; Django uses LIKE BINARY for
 *   contains/startswith/endswith, which makes those case-sensitive.
 */
forEachDialect("lookups › text", { models: lookupModels, fixtures: loadLookupFixtures }, (t) => {
  t.case("exact is case-sensitive except under MySQL's default collation", async (ctx) => {
    expect(pks(await LkPost.objects.filter({ title: "Hello World" }))).toEqual([1]);
    const other = pks(await LkPost.objects.filter({ title__exact: "hello world" }));
    expect(other).toEqual({ sqlite: [], postgres: [], mysql: [1] }[ctx.dialect]);
  });

  t.case("iexact ignores case on every database", async () => {
    expect(pks(await LkPost.objects.filter({ title__iexact: "hello WORLD" }))).toEqual([1]);
    expect(pks(await LkPost.objects.filter({ title__iexact: "HELLO" }))).toEqual([]);
  });

  t.case(
    "contains: case-sensitive on PostgreSQL and MySQL (LIKE BINARY), not SQLite",
    async (ctx) => {
      const rows = pks(await LkPost.objects.filter({ title__contains: "Hello" }));
      expect(rows).toEqual({ sqlite: [1, 2], postgres: [1], mysql: [1] }[ctx.dialect]);
      expect(ctx.features().likeIsCaseInsensitive).toBe(ctx.dialect === "sqlite");
      expect(pks(await LkPost.objects.filter({ title__contains: "llo a" }))).toEqual([2]);
    },
  );

  t.case("icontains ignores ASCII case everywhere", async () => {
    expect(pks(await LkPost.objects.filter({ title__icontains: "HELLO" }))).toEqual([1, 2]);
    expect(pks(await LkPost.objects.filter({ title__icontains: "'S P" }))).toEqual([4]);
  });

  t.case("icontains on non-ASCII letters: SQLite folds ASCII only", async (ctx) => {
    const rows = pks(await LkPost.objects.filter({ title__icontains: "über" }));
    expect(rows).toEqual({ sqlite: [], postgres: [3], mysql: [3] }[ctx.dialect]);
    expect(pks(await LkPost.objects.filter({ title__icontains: "Über" }))).toEqual([3]);
  });

  t.case("startswith / istartswith", async (ctx) => {
    const rows = pks(await LkPost.objects.filter({ title__startswith: "hello" }));
    expect(rows).toEqual({ sqlite: [1, 2], postgres: [2], mysql: [2] }[ctx.dialect]);
    expect(pks(await LkPost.objects.filter({ title__istartswith: "HELLO" }))).toEqual([1, 2]);
    expect(pks(await LkPost.objects.filter({ title__istartswith: "world" }))).toEqual([]);
  });

  t.case("endswith / iendswith", async (ctx) => {
    const rows = pks(await LkPost.objects.filter({ title__endswith: "world" }));
    expect(rows).toEqual({ sqlite: [1], postgres: [], mysql: [] }[ctx.dialect]);
    expect(pks(await LkPost.objects.filter({ title__endswith: "World" }))).toEqual([1]);
    expect(pks(await LkPost.objects.filter({ title__iendswith: "WORLD" }))).toEqual([1]);
  });

  t.case("regex is case-sensitive, iregex is not", async () => {
    expect(pks(await LkPost.objects.filter({ title__regex: "^hello" }))).toEqual([2]);
    expect(pks(await LkPost.objects.filter({ title__regex: "^[HZ]" }))).toEqual([1, 4]);
    expect(pks(await LkPost.objects.filter({ title__iregex: "^HELLO" }))).toEqual([1, 2]);
    expect(pks(await LkPost.objects.filter({ body__regex: "[0-9]+%" }))).toEqual([1]);
  });

  t.case("% in a value is matched literally", async () => {
    expect(pks(await LkPost.objects.filter({ body__contains: "%" }))).toEqual([1]);
    expect(pks(await LkPost.objects.filter({ body__icontains: "0% S" }))).toEqual([1]);
    expect(pks(await LkPost.objects.filter({ body__startswith: "%" }))).toEqual([]);
    expect(pks(await LkPost.objects.filter({ body__endswith: "%" }))).toEqual([]);
  });

  t.case("_ in a value is matched literally", async () => {
    expect(pks(await LkPost.objects.filter({ body__contains: "_" }))).toEqual([2]);
    expect(pks(await LkPost.objects.filter({ body__startswith: "a_" }))).toEqual([2]);
    // Unescaped, "_" would match any character: "plain" ends with "n", not "_n".
    expect(pks(await LkPost.objects.filter({ body__iendswith: "_n" }))).toEqual([]);
    expect(pks(await LkPost.objects.filter({ body__iexact: "a_b_c" }))).toEqual([]);
  });

  t.case("\\ in a value is matched literally", async () => {
    expect(pks(await LkPost.objects.filter({ body__contains: "\\" }))).toEqual([3]);
    expect(pks(await LkPost.objects.filter({ body__contains: "k\\s" }))).toEqual([3]);
    expect(pks(await LkPost.objects.filter({ body__iexact: "BACK\\SLASH" }))).toEqual([3]);
    expect(pks(await LkPost.objects.filter({ body__contains: "\\%" }))).toEqual([]);
    expect(pks(await LkPost.objects.filter({ body: "back\\slash" }))).toEqual([3]);
  });

  t.case("quotes in a value are matched literally", async () => {
    expect(pks(await LkPost.objects.filter({ title__contains: "'" }))).toEqual([4]);
    expect(pks(await LkPost.objects.filter({ title: "Zed's post" }))).toEqual([4]);
  });

  t.case(
    "pattern values are bound, with the wildcards added around the escaped value",
    async (ctx) => {
      const { params } = LkPost.objects.filter({ body__contains: "1%_\\" }).sql();
      expect(params).toEqual(["%1\\%\\_\\\\%"]);
      const starts = LkPost.objects.filter({ body__istartswith: "a_" }).sql().params;
      expect(starts).toEqual(["a\\_%"]);
      const sql = LkPost.objects.filter({ body__contains: "x" }).sql().sql;
      const tail = {
        sqlite: `WHERE "lk_post"."body" LIKE ? ESCAPE '\\'`,
        postgres: `WHERE "lk_post"."body"::text LIKE $1`,
        mysql: "WHERE `lk_post`.`body` LIKE BINARY ?",
      }[ctx.dialect];
      expect(sql.endsWith(tail)).toBe(true);
    },
  );

  t.case("wildcards inside a column compared with F() are matched literally too", async () => {
    // Django escapes the right-hand column in SQL (REPLACE(col, '%', '\\%') …) for pattern lookups.
    const author = await LkAuthor.objects.get({ pk: 1 });
    const mk = (title: string, body: string) =>
      LkPost.objects.create({
        title,
        body,
        author,
        createdAt: new Date("2025-01-01T00:00:00Z"),
        startsAt: "10:00:00",
      });
    const literal = await mk("100% sure!", "100% sure");
    await mk("axb", "a_b");
    await mk("anything", "%");
    await mk("back-slash", "k\\-s");
    const qs = LkPost.objects.filter({ title__contains: F("body"), pk__gt: 4 });
    expect(pks(await qs)).toEqual([Number(literal.pk)]);
    const starts = LkPost.objects.filter({ title__startswith: F("body"), pk__gt: 4 });
    expect(pks(await starts)).toEqual([Number(literal.pk)]);
    const ends = LkPost.objects.filter({ title__iendswith: F("body"), pk__gt: 4 });
    expect(pks(await ends)).toEqual([]);
  });
});
