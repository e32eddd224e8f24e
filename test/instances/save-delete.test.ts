import { expect } from "vitest";
import { captureQueries, F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { InstCustomer, InstNote, instanceModels } from "./models.js";

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachDialect("instances › save, delete, refresh", { models: instanceModels }, (t) => {
  t.case("new Model() applies defaults and has no pk", async () => {
    const note = new InstNote({ title: "draft" });
    expect(note.body).toBe("");
    expect(note.pages).toBe(1);
    expect(note.publishedOn).toBeNull();
    expect(note.customerId).toBeNull();
    expect(note.pk ?? null).toBeNull();
  });

  t.case("save() inserts a new instance (one INSERT) and sets its pk", async () => {
    const note = new InstNote({ title: "first", pages: 3 });
    const { queries } = await captureQueries(() => note.save());
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/^INSERT INTO/);
    expect(typeof note.pk).toBe("number");
    const back = await InstNote.objects.get({ pk: note.pk });
    expect([back.title, back.pages, back.body]).toEqual(["first", 3, ""]);
  });

  t.case("save() on a loaded instance updates it (one UPDATE, no INSERT)", async () => {
    const created = await InstNote.objects.create({ title: "a" });
    const note = await InstNote.objects.get({ pk: created.pk });
    note.title = "b";
    note.pages = 9;
    const { queries } = await captureQueries(() => note.save());
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/^UPDATE/);
    expect(await InstNote.objects.count()).toBe(1);
    const back = await InstNote.objects.get({ pk: created.pk });
    expect([back.title, back.pages]).toEqual(["b", 9]);
  });

  t.case(
    "save() of a new instance whose pk exists updates that row (UPDATE, then INSERT if none)",
    async () => {
      const original = await InstNote.objects.create({ title: "original", pages: 2 });
      const replacement = new InstNote({ id: original.pk, title: "replaced" });
      await replacement.save();
      expect(await InstNote.objects.count()).toBe(1);
      const back = await InstNote.objects.get({ pk: original.pk });
      expect([back.title, back.pages]).toEqual(["replaced", 1]);
      const fresh = new InstNote({ id: Number(original.pk) + 1000, title: "inserted" });
      await fresh.save();
      expect(await InstNote.objects.count()).toBe(2);
    },
  );

  t.case("refreshFromDb() of a deleted row throws DoesNotExist", async () => {
    const note = await InstNote.objects.create({ title: "t" });
    await InstNote.objects.filter({ pk: note.pk }).delete();
    await expect(note.refreshFromDb()).rejects.toBeInstanceOf(InstNote.DoesNotExist);
  });

  t.case("save({ updateFields }) writes only those columns", async (ctx) => {
    const note = await InstNote.objects.create({ title: "old", body: "old body" });
    note.title = "new";
    note.body = "unsaved body";
    const { queries } = await captureQueries(() => note.save({ updateFields: ["title"] }));
    expect(queries).toHaveLength(1);
    const sql = {
      sqlite: `UPDATE "inst_note" SET "title" = ? WHERE "inst_note"."id" = ?`,
      postgres: `UPDATE "inst_note" SET "title" = $1 WHERE "inst_note"."id" = $2`,
      mysql: "UPDATE `inst_note` SET `title` = ? WHERE `inst_note`.`id` = ?",
    }[ctx.dialect];
    expect(queries[0].sql).toBe(sql);
    // SQLite receives integers as bigint.
    expect(queries[0].params.map((p) => (typeof p === "bigint" ? Number(p) : p))).toEqual([
      "new",
      note.pk,
    ]);
    const back = await InstNote.objects.get({ pk: note.pk });
    expect([back.title, back.body]).toEqual(["new", "old body"]);
  });

  t.case("save() writes a foreign key given as an instance or as an id", async () => {
    const c = await InstCustomer.objects.create({ name: "Ann", email: "ann@x.org" });
    const note = await InstNote.objects.create({ title: "n", customer: c });
    expect(note.customerId).toBe(c.pk);
    expect(note.customer).toBe(c);
    const other = await InstNote.objects.create({ title: "m", customerId: c.pk });
    expect((await InstNote.objects.get({ pk: other.pk })).customerId).toBe(c.pk);
  });

  t.case("delete() returns [1, { Model: 1 }], clears pk and removes the row", async () => {
    const note = await InstNote.objects.create({ title: "gone" });
    const pk = note.pk;
    const result = await note.delete();
    expect(result).toEqual([1, { InstNote: 1 }]);
    expect(note.pk).toBeNull();
    expect(await InstNote.objects.filter({ pk }).exists()).toBe(false);
  });

  t.case("refreshFromDb() reloads every field", async () => {
    const note = await InstNote.objects.create({ title: "t", pages: 1, body: "b" });
    await InstNote.objects
      .filter({ pk: note.pk })
      .update({ title: "T2", pages: F("pages").add(10) });
    note.body = "local change";
    await note.refreshFromDb();
    expect([note.title, note.pages, note.body]).toEqual(["T2", 11, "b"]);
  });

  t.case("refreshFromDb({ fields }) reloads only those fields", async () => {
    const note = await InstNote.objects.create({ title: "t", pages: 1 });
    await InstNote.objects.filter({ pk: note.pk }).update({ title: "db title", pages: 50 });
    const { queries } = await captureQueries(() => note.refreshFromDb({ fields: ["title"] }));
    expect(queries).toHaveLength(1);
    expect(note.title).toBe("db title");
    expect(note.pages).toBe(1);
  });

  t.case("autoNowAdd is set on insert only; autoNow on every save", async () => {
    const note = await InstNote.objects.create({ title: "x" });
    const created = note.createdAt.toISOString();
    const firstUpdate = note.updatedAt.getTime();
    expect(note.updatedAt.getTime()).toBeGreaterThanOrEqual(note.createdAt.getTime());
    await sleep(5);
    note.title = "y";
    await note.save();
    expect(note.createdAt.toISOString()).toBe(created);
    expect(note.updatedAt.getTime()).toBeGreaterThan(firstUpdate);
    const back = await InstNote.objects.get({ pk: note.pk });
    expect(back.createdAt.toISOString()).toBe(created);
    expect(back.updatedAt.toISOString()).toBe(note.updatedAt.toISOString());
  });
});
