import { expect } from "vitest";
import { atomic, DataError, Decimal } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { FieldKinds, fieldModels } from "./models.js";
import { roundTrip, roundTripMany } from "./roundtrip.js";

/** Each value is read back twice (instance, values()): expect every value doubled. */
function twice<T>(list: readonly T[]): T[] {
  return list.flatMap((v) => [v, v]);
}

forEachDialect("fields › numeric round trips", { models: fieldModels }, (t) => {
  t.case("integer kinds keep their values and read back as numbers", async () => {
    const smalls = [0, -32768, 32767, 42];
    expect(await roundTripMany("small", smalls)).toEqual(twice(smalls));
    const ints = [0, -2147483648, 2147483647, 1];
    expect(await roundTripMany("int", ints)).toEqual(twice(ints));
    const pos = [0, 2147483647];
    expect(await roundTripMany("posInt", pos)).toEqual(twice(pos));
    expect(await roundTripMany("posSmall", [0, 32767])).toEqual(twice([0, 32767]));
    const { obj } = await roundTrip({ int: 5 });
    expect(typeof obj.int).toBe("number");
  });

  t.case("bigInteger keeps values beyond 2^53 exactly, as bigint", async () => {
    const bigs = [
      9007199254740993n,
      -9007199254740993n,
      9223372036854775807n,
      -9223372036854775808n,
      0n,
    ];
    expect(await roundTripMany("big", bigs)).toEqual(twice(bigs));
    expect(await roundTripMany("posBig", [9223372036854775807n])).toEqual(
      twice([9223372036854775807n]),
    );
    // A safe number is accepted and read back as bigint.
    const { obj } = await roundTrip({ big: 12 });
    expect(obj.big).toBe(12n);
  });

  t.case("bigInteger filters compare exactly beyond 2^53", async () => {
    await FieldKinds.objects.create({ big: 9007199254740993n });
    await FieldKinds.objects.create({ big: 9007199254740992n });
    const hits = await FieldKinds.objects.filter({ big: 9007199254740993n }).valuesList("big", {
      flat: true,
    });
    expect(hits).toEqual([9007199254740993n]);
    expect(await FieldKinds.objects.filter({ big__gt: 9007199254740992n }).count()).toBe(1);
  });

  t.case("float keeps a double exactly", async () => {
    const floats = [0.1, -2.5e-8, 123456.789, 1e300, -0.5, 3];
    expect(await roundTripMany("flt", floats)).toEqual(twice(floats));
  });

  t.case("decimal round-trips exactly as Decimal", async () => {
    const inputs = ["12345678.90", "0.01", "-9999999999.99", "0", "-0.50", "1234567890.12"];
    const out = await roundTripMany("dec", inputs);
    expect(out).toHaveLength(inputs.length * 2);
    out.forEach((v, i) => {
      expect(Decimal.isDecimal(v)).toBe(true);
      expect((v as Decimal).equals(new Decimal(inputs[Math.floor(i / 2)]))).toBe(true);
      expect((v as Decimal).toFixed(2)).toBe(new Decimal(inputs[Math.floor(i / 2)]).toFixed(2));
    });
  });

  t.case("decimal accepts Decimal and number input", async () => {
    const { obj } = await roundTrip({ dec: new Decimal("0.07"), fine: "12345.0123456789" });
    expect((obj.dec as Decimal).equals(new Decimal("0.07"))).toBe(true);
    expect((obj.fine as Decimal).toFixed(10)).toBe("12345.0123456789");
    const n = await roundTrip({ dec: 19.99 });
    expect((n.obj.dec as Decimal).equals(new Decimal("19.99"))).toBe(true);
  });

  t.case(
    "decimal beyond 15 significant digits: exact except on SQLite (REAL storage, documented)",
    async (ctx) => {
      // Django's SQLite notes: decimals are stored as REAL and read back with 15 significant digits.
      const { obj } = await roundTrip({ fine: "1234567890.0123456789" });
      const expected = {
        sqlite: "1234567890.0123500000",
        postgres: "1234567890.0123456789",
        mysql: "1234567890.0123456789",
      }[ctx.dialect];
      expect((obj.fine as Decimal).toFixed(10)).toBe(expected);
    },
  );

  t.case("decimal filters are exact (0.1 + 0.2 style values)", async () => {
    await FieldKinds.objects.create({ dec: "0.30" });
    await FieldKinds.objects.create({ dec: "0.10" });
    expect(await FieldKinds.objects.filter({ dec: new Decimal("0.3") }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ dec__gt: "0.1" }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ dec__in: ["0.10", "0.30"] }).count()).toBe(2);
  });

  t.case("boolean round-trips true, false and null as booleans", async () => {
    expect(await roundTripMany("flag", [true, false, null])).toEqual(twice([true, false, null]));
    await FieldKinds.objects.create({ flag: true });
    expect(await FieldKinds.objects.filter({ flag: true }).count()).toBe(2);
    expect(await FieldKinds.objects.filter({ flag: false }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ flag__isnull: true }).count()).toBe(1);
  });

  t.case("null: true numeric fields store and read NULL", async () => {
    const { obj, row } = await roundTrip({ int: null, big: null, flt: null, dec: null });
    expect([obj.int, obj.big, obj.flt, obj.dec]).toEqual([null, null, null, null]);
    expect(row).toEqual({ int: null, big: null, flt: null, dec: null });
  });

  t.case(
    "integers out of a column's range: rejected by PostgreSQL and MySQL, kept by SQLite",
    async (ctx) => {
      // SQLite has dynamic typing (Django documents that it does not enforce column sizes).
      const attempt = atomic(() => FieldKinds.objects.create({ small: 40000 }));
      if (ctx.dialect === "sqlite") {
        const obj = await attempt;
        expect((await FieldKinds.objects.get({ pk: obj.pk })).small).toBe(40000);
      } else {
        await expect(attempt).rejects.toBeInstanceOf(DataError);
      }
    },
  );
});
