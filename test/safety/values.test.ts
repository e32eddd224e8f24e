import { expect } from "vitest";
import { F, Q } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { SafeNote, safetyModels } from "./models.js";

/** Strings that break naive SQL building; each must be stored and matched literally. */
export const HOSTILE = [
  "O'Reilly",
  "''",
  'say "hi"',
  "'; DROP TABLE safe_note; --",
  "\\'; DROP TABLE safe_note; --",
  '"); DROP TABLE safe_note; --',
  "back\\slash\\",
  "\\",
  "50% off_now",
  "%",
  "_",
  "%_%",
  "\\%",
  "ünïcødé ✓ 😀 中文",
  "`backtick`",
  "$1 ? :name @p %s {0}",
  "line\nbreak\r\ttab",
  "-- comment",
  "/* c */ OR 1=1",
  "' OR '1'='1",
];

/** Params as JS values (SQLite's driver is sent integers as bigint). */
function plain(params: readonly unknown[]): unknown[] {
  return params.map((p) => (typeof p === "bigint" ? Number(p) : p));
}

async function tableIntact(): Promise<void> {
  // The table still exists and answers.
  expect(await SafeNote.objects.count()).toBeGreaterThanOrEqual(0);
}

forEachDialect(
  "safety › hostile values are bound, never executed",
  { models: safetyModels },
  (t) => {
    t.case("create() and get() round-trip every hostile string exactly", async () => {
      const ids: number[] = [];
      for (const s of HOSTILE)
        ids.push(Number((await SafeNote.objects.create({ title: s, body: s })).pk));
      for (const [i, s] of HOSTILE.entries()) {
        const back = await SafeNote.objects.get({ pk: ids[i] });
        expect([back.title, back.body]).toEqual([s, s]);
      }
      expect(await SafeNote.objects.count()).toBe(HOSTILE.length);
    });

    t.case("filter() exact and contains match hostile strings literally", async () => {
      for (const s of HOSTILE) await SafeNote.objects.create({ title: s });
      await SafeNote.objects.create({ title: "harmless" });
      for (const s of HOSTILE) {
        const exact = await SafeNote.objects
          .filter({ title: s })
          .valuesList("title", { flat: true });
        expect(exact).toEqual([s]);
        const contains = await SafeNote.objects
          .filter({ title__contains: s })
          .valuesList("title", { flat: true });
        expect(contains).toContain(s);
        for (const hit of contains) expect((hit as string).includes(s)).toBe(true);
      }
      await tableIntact();
    });

    t.case("values(), in, Q and exclude with hostile values", async () => {
      await SafeNote.objects.create({ title: HOSTILE[3], n: 1 });
      await SafeNote.objects.create({ title: HOSTILE[0], n: 2 });
      const rows = await SafeNote.objects
        .filter({ title__in: HOSTILE })
        .orderBy("n")
        .values("title");
      expect(rows).toEqual([{ title: HOSTILE[3] }, { title: HOSTILE[0] }]);
      const q = await SafeNote.objects.filter(
        Q({ title: HOSTILE[19] }).or(Q({ title: HOSTILE[3] })),
      );
      expect(q.map((r) => r.title)).toEqual([HOSTILE[3]]);
      const ex = await SafeNote.objects.exclude({ title: HOSTILE[18] }).count();
      expect(ex).toBe(2);
    });

    t.case("update() writes hostile strings literally, to the matched rows only", async () => {
      const a = await SafeNote.objects.create({ title: "a" });
      const b = await SafeNote.objects.create({ title: "b" });
      for (const s of HOSTILE) {
        expect(await SafeNote.objects.filter({ pk: a.pk }).update({ body: s })).toBe(1);
        await a.refreshFromDb();
        expect(a.body).toBe(s);
      }
      await b.refreshFromDb();
      expect(b.body).toBeNull();
      a.title = HOSTILE[4];
      await a.save();
      expect((await SafeNote.objects.get({ pk: a.pk })).title).toBe(HOSTILE[4]);
    });

    t.case("sql() binds values as params; none is inlined into the SQL text", async () => {
      for (const s of HOSTILE) {
        const { sql, params } = SafeNote.objects.filter({ title: s, n__gt: 987654321 }).sql();
        expect(plain(params)).toEqual(expect.arrayContaining([s, 987654321]));
        expect(sql).not.toContain("987654321");
        if (s.length > 3) expect(sql).not.toContain(s);
      }
      const { sql, params } = SafeNote.objects.filter({ title__icontains: "DROP TABLE" }).sql();
      expect(sql).not.toContain("DROP");
      expect(params).toEqual(["%DROP TABLE%"]);
    });

    t.case("Q objects and F() expressions keep values bound", async () => {
      const qs = SafeNote.objects.filter(Q({ title: HOSTILE[3] }).or(Q({ n__lt: F("n").add(5) })));
      const { sql, params } = qs.sql();
      expect(sql).not.toContain("DROP");
      expect(plain(params)).toEqual([HOSTILE[3], 5]);
      await SafeNote.objects.create({ title: "x", n: 1 });
      await SafeNote.objects.update({ title: F("title"), body: HOSTILE[3] });
      expect((await SafeNote.objects.get({ title: "x" })).body).toBe(HOSTILE[3]);
    });

    t.case("a hostile annotation alias is quoted, not executed", async () => {
      const alias = 'x"; DROP TABLE safe_note; --';
      await SafeNote.objects.create({ title: "t", n: 3 });
      const rows = await SafeNote.objects.annotate({ [alias]: F("n") }).values(alias);
      expect(rows).toEqual([{ [alias]: 3 }]);
      await tableIntact();
    });
  },
);
