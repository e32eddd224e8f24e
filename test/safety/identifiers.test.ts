import { expect } from "vitest";
import { atomic, F, IntegrityError } from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { SafeNote, SafeOdd, SafeOddChild, safetyModels } from "./models.js";

forEachDialect("safety › identifiers are always quoted", { models: safetyModels }, (t) => {
  t.case("SELECT quotes and escapes table and column names", async (ctx) => {
    expectSql(SafeOdd.objects.filter({ label: "a" }).values("quoted", "ticked"), ctx.dialect, {
      sqlite: `SELECT "safe odd ""t"" \`q\`"."col ""q""" AS "quoted", "safe odd ""t"" \`q\`"."col \`b\`" AS "ticked" FROM "safe odd ""t"" \`q\`" WHERE "safe odd ""t"" \`q\`"."my label" = ?`,
      postgres: `SELECT "safe odd ""t"" \`q\`"."col ""q""" AS "quoted", "safe odd ""t"" \`q\`"."col \`b\`" AS "ticked" FROM "safe odd ""t"" \`q\`" WHERE "safe odd ""t"" \`q\`"."my label" = $1`,
      mysql:
        'SELECT `safe odd "t" ``q```.`col "q"` AS `quoted`, `safe odd "t" ``q```.`col ``b``` AS `ticked` FROM `safe odd "t" ``q``` WHERE `safe odd "t" ``q```.`my label` = ?',
    });
  });

  t.case("create, filter, update and delete work on odd names", async () => {
    const a = await SafeOdd.objects.create({
      label: "a",
      quoted: 'he said "x"',
      ticked: 1,
      semi: "s",
    });
    const b = await SafeOdd.objects.create({ label: "b", quoted: "`y`", ticked: 2 });
    expect(typeof a.pk).toBe("number");
    expect((await SafeOdd.objects.get({ quoted: 'he said "x"' })).pk).toBe(a.pk);
    expect(await SafeOdd.objects.filter({ ticked__gte: 2 }).count()).toBe(1);
    expect(
      await SafeOdd.objects.filter({ label: "a" }).update({ ticked: F("ticked").add(10) }),
    ).toBe(1);
    expect(await SafeOdd.objects.orderBy("-ticked").valuesList("label", { flat: true })).toEqual([
      "a",
      "b",
    ]);
    const rows = await SafeOdd.objects.orderBy("pk").values();
    expect(rows).toEqual([
      { id: a.pk, label: "a", quoted: 'he said "x"', ticked: 11, semi: "s" },
      { id: b.pk, label: "b", quoted: "`y`", ticked: 2, semi: null },
    ]);
    b.semi = "changed";
    await b.save();
    await b.refreshFromDb();
    expect(b.semi).toBe("changed");
    expect(await SafeOdd.objects.filter({ pk: b.pk }).delete()).toEqual([1, { SafeOdd: 1 }]);
    expect(await SafeOdd.objects.count()).toBe(1);
    // The column named "x; DROP TABLE safe_note; --" did not drop anything.
    expect(await SafeNote.objects.count()).toBe(0);
  });

  t.case("joins, lookups and ordering across odd names", async () => {
    const p = await SafeOdd.objects.create({ label: "p", quoted: "Q1", ticked: 5 });
    const q = await SafeOdd.objects.create({ label: "q", quoted: "Q2", ticked: 6 });
    await SafeOddChild.objects.create({ parent: p, name: "kid's" });
    await SafeOddChild.objects.create({ parent: q, name: "other" });
    const rows = await SafeOddChild.objects
      .filter({ parent__quoted__icontains: "q1" })
      .values("name", "parent__ticked", "parentId");
    expect(rows).toEqual([{ name: "kid's", parent__ticked: 5, parentId: p.pk }]);
    const parents = await SafeOdd.objects.filter({ children__name: "other" });
    expect(parents.map((x) => x.pk)).toEqual([q.pk]);
    const ordered = await SafeOddChild.objects.orderBy("-parent__ticked").valuesList("name", {
      flat: true,
    });
    expect(ordered).toEqual(["other", "kid's"]);
    // ON DELETE CASCADE through the odd foreign key column.
    await SafeOdd.objects.filter({ pk: p.pk }).delete();
    expect(await SafeOddChild.objects.valuesList("name", { flat: true })).toEqual(["other"]);
  });

  t.case("constraints on odd names are enforced (unique, uniqueTogether)", async () => {
    await SafeOdd.objects.create({ label: "u", quoted: "k", ticked: 1 });
    await expect(
      atomic(() => SafeOdd.objects.create({ label: "u", quoted: "other", ticked: 9 })),
    ).rejects.toBeInstanceOf(IntegrityError);
    await expect(
      atomic(() => SafeOdd.objects.create({ label: "v", quoted: "k", ticked: 1 })),
    ).rejects.toBeInstanceOf(IntegrityError);
    expect(await SafeOdd.objects.count()).toBe(1);
  });

  t.case("bulkCreate and bulkUpdate on odd names", async () => {
    const objs = await SafeOdd.objects.bulkCreate([
      new SafeOdd({ label: "b1", ticked: 1 }),
      new SafeOdd({ label: "b2", ticked: 2 }),
    ]);
    for (const o of objs) o.quoted = `"${o.label}"`;
    expect(await SafeOdd.objects.bulkUpdate(objs, ["quoted"])).toBe(2);
    expect(await SafeOdd.objects.orderBy("label").valuesList("quoted", { flat: true })).toEqual([
      '"b1"',
      '"b2"',
    ]);
  });
});
