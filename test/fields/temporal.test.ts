import { expect } from "vitest";
import { Duration } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { FieldKinds, fieldModels } from "./models.js";
import { roundTrip, roundTripMany } from "./roundtrip.js";

function twice<T>(list: readonly T[]): T[] {
  return list.flatMap((v) => [v, v]);
}

forEachDialect("fields › temporal round trips", { models: fieldModels }, (t) => {
  t.case("date round-trips as a YYYY-MM-DD string", async () => {
    const dates = ["2024-02-29", "1970-01-01", "1000-01-01", "9999-12-31", "2023-12-31"];
    expect(await roundTripMany("day", dates)).toEqual(twice(dates));
  });

  t.case("date accepts a Date (its UTC day)", async () => {
    const { obj } = await roundTrip({ day: new Date("2024-06-30T23:30:00Z") });
    expect(obj.day).toBe("2024-06-30");
  });

  t.case("dateTime round-trips a UTC Date with milliseconds", async () => {
    const moments = [
      new Date("2024-03-10T02:30:15.123Z"),
      new Date(0),
      new Date("1999-12-31T23:59:59.999Z"),
      new Date("2038-01-19T03:14:08.001Z"),
    ];
    const out = await roundTripMany("moment", moments);
    for (const v of out) expect(v).toBeInstanceOf(Date);
    expect(out.map((d) => (d as Date).toISOString())).toEqual(
      twice(moments.map((d) => d.toISOString())),
    );
  });

  t.case("dateTime given as an ISO string with an offset is stored as the instant", async () => {
    const { obj } = await roundTrip({ moment: "2024-05-01T12:00:00.250+02:00" });
    expect((obj.moment as Date).toISOString()).toBe("2024-05-01T10:00:00.250Z");
  });

  t.case("dateTime exact filter matches milliseconds", async () => {
    const m = new Date("2024-03-10T02:30:15.123Z");
    await FieldKinds.objects.create({ moment: m });
    await FieldKinds.objects.create({ moment: new Date("2024-03-10T02:30:15.000Z") });
    expect(await FieldKinds.objects.filter({ moment: m }).count()).toBe(1);
    expect(await FieldKinds.objects.filter({ moment__lt: m }).count()).toBe(1);
  });

  t.case("time round-trips with and without a fraction", async () => {
    const times = ["13:45:30", "00:00:00", "23:59:59.999999", "08:05:03.000001"];
    expect(await roundTripMany("clock", times)).toEqual(twice(times));
    // Normalised as Python's str(time): seconds added, fraction padded to 6 digits.
    expect(await roundTripMany("clock", ["08:05", "08:05:03.5"])).toEqual([
      "08:05:00",
      "08:05:00",
      "08:05:03.500000",
      "08:05:03.500000",
    ]);
  });

  t.case("duration round-trips days, seconds and microseconds exactly", async () => {
    const spans = [
      Duration.of({ days: 3, seconds: 7, microseconds: 11 }),
      Duration.of({ microseconds: 1 }),
      Duration.of({ days: -1, seconds: 5 }),
      Duration.of({ days: 10000, hours: 23, minutes: 59, seconds: 59, microseconds: 999999 }),
      new Duration(0),
    ];
    const out = await roundTripMany("span", spans);
    for (const v of out) expect(v).toBeInstanceOf(Duration);
    expect(out.map((d) => (d as Duration).microseconds)).toEqual(
      twice(spans.map((d) => d.microseconds)),
    );
    expect((out[0] as Duration).parts).toEqual({ days: 3, seconds: 7, microseconds: 11 });
    expect((out[4] as Duration).parts).toEqual({ days: -1, seconds: 5, microseconds: 0 });
  });

  t.case("duration filters compare exactly", async () => {
    await FieldKinds.objects.create({ span: Duration.of({ seconds: 90 }) });
    await FieldKinds.objects.create({ span: Duration.of({ seconds: 90, microseconds: 1 }) });
    expect(
      await FieldKinds.objects.filter({ span: Duration.of({ minutes: 1, seconds: 30 }) }).count(),
    ).toBe(1);
    expect(
      await FieldKinds.objects.filter({ span__gt: Duration.of({ seconds: 90 }) }).count(),
    ).toBe(1);
  });

  t.case("null: true temporal fields store and read NULL", async () => {
    const { row } = await roundTrip({ day: null, moment: null, clock: null, span: null });
    expect(row).toEqual({ day: null, moment: null, clock: null, span: null });
  });
});
