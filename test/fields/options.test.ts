import { expect } from "vitest";
import { forEachDialect } from "../harness/case.js";
import { FieldDefaults, fieldModels } from "./models.js";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachDialect("fields › defaults, auto timestamps, choices", { models: fieldModels }, (t) => {
  t.case("defaults are applied on create and stored", async () => {
    const obj = await FieldDefaults.objects.create({});
    expect(obj.status).toBe("draft");
    expect(obj.grade).toBe("a");
    expect(obj.count).toBe(7);
    expect(obj.tags).toEqual([]);
    expect(obj.note).toBeNull();
    const [row] = await FieldDefaults.objects
      .filter({ pk: obj.pk })
      .values("status", "grade", "count", "tags", "note", "token");
    expect(row).toEqual({
      status: "draft",
      grade: "a",
      count: 7,
      tags: [],
      note: null,
      token: obj.token,
    });
  });

  t.case("a default function is called once per instance", async () => {
    const a = await FieldDefaults.objects.create({});
    const b = await FieldDefaults.objects.create({});
    expect(a.token).toMatch(UUID_RE);
    expect(b.token).toMatch(UUID_RE);
    expect(a.token).not.toBe(b.token);
    expect(b.seq).toBe(a.seq + 1);
    // A mutable default is never shared between instances.
    (a.tags as string[]).push("x");
    expect(b.tags).toEqual([]);
    expect(new FieldDefaults().tags).toEqual([]);
  });

  t.case("explicit values override defaults", async () => {
    const obj = await FieldDefaults.objects.create({
      status: "live",
      count: 0,
      tags: ["a"],
      token: "00000000-0000-0000-0000-000000000001",
    });
    const back = await FieldDefaults.objects.get({ pk: obj.pk });
    expect([back.status, back.count, back.tags, back.token]).toEqual([
      "live",
      0,
      ["a"],
      "00000000-0000-0000-0000-000000000001",
    ]);
  });

  t.case("autoNowAdd and autoNow are set on insert", async () => {
    const before = Date.now();
    const obj = await FieldDefaults.objects.create({});
    const after = Date.now();
    expect(obj.createdAt).toBeInstanceOf(Date);
    expect(obj.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(obj.createdAt.getTime()).toBeLessThanOrEqual(after);
    expect(obj.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(obj.createdOn).toBe(new Date(obj.createdAt).toISOString().slice(0, 10));
    const back = await FieldDefaults.objects.get({ pk: obj.pk });
    expect(back.createdAt.toISOString()).toBe(obj.createdAt.toISOString());
    expect(back.updatedAt.toISOString()).toBe(obj.updatedAt.toISOString());
  });

  t.case("autoNow changes on save(), autoNowAdd does not", async () => {
    const obj = await FieldDefaults.objects.create({});
    const created = obj.createdAt.toISOString();
    const firstUpdate = obj.updatedAt.getTime();
    await sleep(5);
    obj.note = "changed";
    await obj.save();
    const back = await FieldDefaults.objects.get({ pk: obj.pk });
    expect(back.createdAt.toISOString()).toBe(created);
    expect(back.updatedAt.getTime()).toBeGreaterThan(firstUpdate);
    expect(back.note).toBe("changed");
  });

  t.case("autoNowAdd overrides an explicit value on insert (Django pre_save)", async () => {
    // Django: auto_now_add always sets the current time on the first save.
    const past = new Date("2001-01-01T00:00:00Z");
    const before = Date.now();
    const obj = await FieldDefaults.objects.create({ createdAt: past });
    expect(obj.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  t.case("QuerySet.update() does not touch autoNow fields", async () => {
    const obj = await FieldDefaults.objects.create({});
    const stamp = obj.updatedAt.toISOString();
    await sleep(5);
    await FieldDefaults.objects.filter({ pk: obj.pk }).update({ note: "bulk" });
    const back = await FieldDefaults.objects.get({ pk: obj.pk });
    expect(back.updatedAt.toISOString()).toBe(stamp);
  });

  t.case("choices: values (and [value, label] pairs) round-trip and filter", async () => {
    await FieldDefaults.objects.create({ status: "live", grade: "b" });
    await FieldDefaults.objects.create({ status: "draft" });
    expect(await FieldDefaults.objects.filter({ status: "live" }).count()).toBe(1);
    const grades = await FieldDefaults.objects.orderBy("grade").valuesList("grade", { flat: true });
    expect(grades).toEqual(["a", "b"]);
  });

  t.case(
    "choices are not validated on save (Django validates them only in full_clean)",
    async () => {
      // The static types reject "archived"; the run-time write stores it as given, as Django's save() does.
      const bad = new FieldDefaults({ status: "archived" as "live" });
      await bad.save();
      expect((await FieldDefaults.objects.get({ pk: bad.pk })).status).toBe("archived");
    },
  );
});
