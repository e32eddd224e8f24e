import { expect } from "vitest";
import { atomic, DataError } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { FieldKinds, fieldModels } from "./models.js";
import { roundTrip, roundTripMany } from "./roundtrip.js";

function twice<T>(list: readonly T[]): T[] {
  return list.flatMap((v) => [v, v]);
}

function bytes(v: unknown): number[] {
  expect(v).toBeInstanceOf(Uint8Array);
  return Array.from(v as Uint8Array);
}

forEachDialect("fields › text, uuid, json, binary round trips", { models: fieldModels }, (t) => {
  t.case("char, text, email, slug and url keep their text exactly", async () => {
    const values = {
      chr: "naïve café ✓ 😀 ' \" \\ %_",
      txt: `${"long text ".repeat(2000)}end`,
      mail: "first.last+tag@example.co.uk",
      slug: "a-slug_1",
      link: "https://example.com/a?b=c&d=e#f",
    };
    const { obj, row } = await roundTrip(values);
    expect(row).toEqual(values);
    for (const [k, v] of Object.entries(values)) expect(obj[k]).toBe(v);
  });

  t.case("empty strings stay empty (not NULL)", async () => {
    const { obj } = await roundTrip({ chr: "", txt: "" });
    expect(obj.chr).toBe("");
    expect(obj.txt).toBe("");
    expect(await FieldKinds.objects.filter({ chr: "" }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ chr__isnull: true }).count()).toBe(0);
  });

  t.case("whitespace and newlines are kept", async () => {
    const texts = ["  leading", "trailing  ", "line1\nline2\r\nline3\ttab"];
    expect(await roundTripMany("txt", texts)).toEqual(twice(texts));
  });

  t.case("uuid round-trips as a canonical lower-case string", async () => {
    const id = "1c8f6a2e-5b7d-4e3a-9f10-2b3c4d5e6f70";
    expect(await roundTripMany("uid", [id])).toEqual([id, id]);
    const upper = "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11";
    const canonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    expect(await roundTripMany("uid", [upper])).toEqual([canonical, canonical]);
    const hex = "a0eebc999c0b4ef8bb6d6bb9bd380a11";
    expect(await FieldKinds.objects.filter({ uid: hex }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ uid: upper }).count()).toBe(1);
  });

  t.case("json: objects, arrays, strings, numbers, booleans and nested nulls", async () => {
    const values = [
      { a: 1, b: [true, false, null], c: { d: 'é"\\' } },
      [1, "two", null, { three: 3.5 }],
      "just a string",
      '{"looks":"like json"}',
      "",
      42,
      -0.25,
      true,
      { empty: {}, list: [] },
    ];
    expect(await roundTripMany("data", values)).toEqual(twice(values));
  });

  t.case("json: a null field is SQL NULL", async () => {
    const { obj } = await roundTrip({ data: null });
    expect(obj.data).toBeNull();
    expect(await FieldKinds.objects.filter({ data__isnull: true }).count()).toBe(1);
  });

  t.case("binary keeps every byte, NUL and quotes included", async () => {
    const original = new Uint8Array([0, 1, 2, 255, 0, 10, 13, 39, 34, 92, 128]);
    const { obj, row } = await roundTrip({ blob: original });
    expect(bytes(obj.blob)).toEqual(Array.from(original));
    expect(bytes(row.blob)).toEqual(Array.from(original));
    const empty = await roundTrip({ blob: new Uint8Array(0) });
    expect(bytes(empty.obj.blob)).toEqual([]);
    const buf = await roundTrip({ blob: Buffer.from("héllo", "utf8") });
    expect(Buffer.from(buf.obj.blob as Uint8Array).toString("utf8")).toBe("héllo");
  });

  t.case("null: true text fields store and read NULL", async () => {
    const { row } = await roundTrip({ chr: null, txt: null, uid: null, blob: null });
    expect(row).toEqual({ chr: null, txt: null, uid: null, blob: null });
  });

  t.case(
    "char longer than maxLength: DataError on PostgreSQL and MySQL, stored by SQLite",
    async (ctx) => {
      // Django's SQLite notes: VARCHAR(n) lengths are not enforced.
      const long = "x".repeat(101);
      const attempt = atomic(() => FieldKinds.objects.create({ chr: long }));
      if (ctx.dialect === "sqlite") {
        const obj = await attempt;
        expect((await FieldKinds.objects.get({ pk: obj.pk })).chr).toBe(long);
      } else {
        await expect(attempt).rejects.toBeInstanceOf(DataError);
      }
    },
  );
});
