import { expect } from "vitest";
import { getDatabase } from "../../src/db/database.js";
import { execute } from "../../src/db/execute.js";
import { atomic, type CreateInputOf, DataError, IntegrityError } from "../../src/index.js";
import { untyped } from "../errors/untyped.js";
import { forEachDialect } from "../harness/case.js";
import { FieldChild, FieldOrphan, FieldParent, FieldSchema, fieldModels } from "./models.js";

/** Run `fn` in a savepoint (PostgreSQL aborts the transaction on an error) and return its error. */
async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await atomic(fn);
  } catch (e) {
    return e;
  }
  throw new Error("expected the database to reject the write");
}

let n = 0;
type SchemaInput = CreateInputOf<typeof FieldSchema>;

function row(extra: Partial<SchemaInput> = {}): SchemaInput {
  n += 1;
  return { code: `C${n}`, level: 1, shelf: `S${n}`, ...extra };
}

forEachDialect("fields › schema constraints", { models: fieldModels }, (t) => {
  t.case("unique is enforced (IntegrityError)", async () => {
    await FieldSchema.objects.create(row({ code: "dup" }));
    const e = await failure(() => FieldSchema.objects.create(row({ code: "dup" })));
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as IntegrityError).code).toBe("INTEGRITY_ERROR");
    expect(await FieldSchema.objects.filter({ code: "dup" }).count()).toBe(1);
  });

  t.case(
    "NOT NULL is enforced: an omitted or null required value is an IntegrityError",
    async () => {
      // The static types require `level`; the database must enforce it too.
      const schema = untyped(FieldSchema.objects);
      const omitted = { code: "nn1", shelf: "nn1" };
      expect(await failure(() => schema.create(omitted))).toBeInstanceOf(IntegrityError);
      const explicit = { ...row(), level: null };
      expect(await failure(() => schema.create(explicit))).toBeInstanceOf(IntegrityError);
      expect(await FieldSchema.objects.count()).toBe(0);
    },
  );

  t.case(
    "positiveInteger rejects negatives (CHECK; UNSIGNED out of range on MySQL)",
    async (ctx) => {
      const e = await failure(() => FieldSchema.objects.create(row({ qty: -1 })));
      // MySQL/MariaDB columns are UNSIGNED: strict mode reports "out of range" (a DataError).
      expect(e).toBeInstanceOf(ctx.dialect === "mysql" ? DataError : IntegrityError);
      const ok = await FieldSchema.objects.create(row({ qty: 0 }));
      const e2 = await failure(() => FieldSchema.objects.filter({ pk: ok.pk }).update({ qty: -5 }));
      expect(e2).toBeInstanceOf(ctx.dialect === "mysql" ? DataError : IntegrityError);
      expect((await FieldSchema.objects.get({ pk: ok.pk })).qty).toBe(0);
    },
  );

  t.case("CheckConstraint from the model options is enforced", async () => {
    const e = await failure(() => FieldSchema.objects.create(row({ low: 5, high: 4 })));
    expect(e).toBeInstanceOf(IntegrityError);
    const e2 = await failure(() => FieldSchema.objects.create(row({ high: 1000 })));
    expect(e2).toBeInstanceOf(IntegrityError);
    await FieldSchema.objects.create(row({ low: 4, high: 4 }));
    expect(await FieldSchema.objects.count()).toBe(1);
  });

  t.case("UniqueConstraint from the model options is enforced (NULLs are distinct)", async () => {
    await FieldSchema.objects.create(row({ ean: "4006381333931", batch: 1 }));
    await FieldSchema.objects.create(row({ ean: "4006381333931", batch: 2 }));
    const e = await failure(() =>
      FieldSchema.objects.create(row({ ean: "4006381333931", batch: 1 })),
    );
    expect(e).toBeInstanceOf(IntegrityError);
    // SQL UNIQUE treats NULLs as distinct on all three databases.
    await FieldSchema.objects.create(row({ ean: "4006381333931", batch: null }));
    await FieldSchema.objects.create(row({ ean: "4006381333931", batch: null }));
    expect(await FieldSchema.objects.filter({ ean: "4006381333931" }).count()).toBe(4);
  });

  t.case("uniqueTogether is enforced on the pair, not on each column", async () => {
    await FieldSchema.objects.create(row({ shelf: "A", bin: 1 }));
    await FieldSchema.objects.create(row({ shelf: "A", bin: 2 }));
    await FieldSchema.objects.create(row({ shelf: "B", bin: 1 }));
    const e = await failure(() => FieldSchema.objects.create(row({ shelf: "A", bin: 1 })));
    expect(e).toBeInstanceOf(IntegrityError);
    expect(await FieldSchema.objects.count()).toBe(3);
  });

  t.case("indexes (descending, multi-column) were created with the table", async () => {
    // createTables ran in the suite set-up with Index({ fields: ["-createdAt"] }); the table works.
    await FieldSchema.objects.create(row());
    const latest = await FieldSchema.objects.orderBy("-createdAt").first();
    expect(latest?.code).toMatch(/^C\d+$/);
  });

  t.case("ON DELETE CASCADE: QuerySet.delete() on the parent removes its children", async () => {
    const keep = await FieldParent.objects.create({ name: "keep" });
    const drop = await FieldParent.objects.create({ name: "drop" });
    await FieldChild.objects.create({ parent: drop, name: "c1" });
    await FieldChild.objects.create({ parent: drop, name: "c2" });
    await FieldChild.objects.create({ parent: keep, name: "c3" });
    await FieldParent.objects.filter({ name: "drop" }).delete();
    const left = await FieldChild.objects.orderBy("name").valuesList("name", { flat: true });
    expect(left).toEqual(["c3"]);
  });

  t.case(
    "ON DELETE SET NULL: QuerySet.delete() on the parent nulls the children's key",
    async () => {
      const p = await FieldParent.objects.create({ name: "p" });
      const other = await FieldParent.objects.create({ name: "other" });
      const o1 = await FieldOrphan.objects.create({ parent: p, name: "o1" });
      const o2 = await FieldOrphan.objects.create({ parent: other, name: "o2" });
      await FieldParent.objects.filter({ pk: p.pk }).delete();
      expect((await FieldOrphan.objects.get({ pk: o1.pk })).parentId).toBeNull();
      expect((await FieldOrphan.objects.get({ pk: o2.pk })).parentId).toBe(other.pk);
      expect(await FieldOrphan.objects.count()).toBe(2);
    },
  );

  t.case("the database itself enforces ON DELETE CASCADE and SET NULL (a raw DELETE)", async () => {
    const p = await FieldParent.objects.create({ name: "raw" });
    await FieldChild.objects.create({ parent: p, name: "c" });
    const orphan = await FieldOrphan.objects.create({ parent: p, name: "o" });
    const db = getDatabase();
    const q = (name: string) => db.dialect.quoteIdentifier(name);
    const sql = `DELETE FROM ${q("fld_parent")} WHERE ${q("id")} = ${db.dialect.placeholder(1)}`;
    await execute(db, sql, [p.pk], { returnsRows: false });
    expect(await FieldChild.objects.filter({ name: "c" }).count()).toBe(0);
    expect((await FieldOrphan.objects.get({ pk: orphan.pk })).parentId).toBeNull();
  });

  t.case("delete() counts cascaded rows per model, as Django's collector does", async () => {
    const p = await FieldParent.objects.create({ name: "p" });
    await FieldChild.objects.create({ parent: p, name: "c1" });
    await FieldChild.objects.create({ parent: p, name: "c2" });
    const result = await FieldParent.objects.filter({ pk: p.pk }).delete();
    expect(result).toEqual([3, { FieldParent: 1, FieldChild: 2 }]);
  });

  t.case("a foreign key to a missing row is rejected (IntegrityError)", async () => {
    const e = await failure(() => FieldChild.objects.create({ parentId: 999999, name: "x" }));
    expect(e).toBeInstanceOf(IntegrityError);
  });
});
