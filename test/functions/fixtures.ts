import { Decimal, Duration, resetSequences } from "../../src/index.js";
import { FnEvent, FnMeasure, FnPerson } from "./models.js";

const d = (s: string) => new Decimal(s);

/**
 * People 1–4 (one with NULL alias and bio, one with spaces around the
 * name); measures 1–4 with integers, floats, decimals and NULLs; events
 * 1–4 on known dates and times (UTC), covering the ends of weeks, quarters
 * and years.
 */
export async function loadFunctionFixtures(): Promise<void> {
  await FnPerson.objects.bulkCreate([
    new FnPerson({
      id: 1,
      name: "Ada Lovelace",
      alias: "ada",
      bio: "Wrote the first program",
      email: "Ada@Example.com",
    }),
    new FnPerson({ id: 2, name: "Grace Hopper", alias: null, bio: null, email: "grace@navy.mil" }),
    new FnPerson({
      id: 3,
      name: "  Alan Turing  ",
      alias: "alan",
      bio: "Enigma",
      email: "alan@bletchley.uk",
    }),
    new FnPerson({
      id: 4,
      name: "Émilie du Châtelet",
      alias: "émilie",
      bio: "",
      email: "emilie@cirey.fr",
    }),
  ]);
  await FnMeasure.objects.bulkCreate([
    new FnMeasure({
      id: 1,
      label: "a",
      n: 7,
      maybe: 3,
      big: 5_000_000_000n,
      x: 2.5,
      amount: d("12.50"),
      discount: d("10.00"),
    }),
    new FnMeasure({
      id: 2,
      label: "b",
      n: -4,
      maybe: null,
      big: null,
      x: -1.25,
      amount: d("-3.75"),
      discount: null,
    }),
    new FnMeasure({
      id: 3,
      label: "c",
      n: 0,
      maybe: 0,
      big: -2n,
      x: 3.5,
      amount: d("1234.56"),
      discount: d("1300.00"),
    }),
    new FnMeasure({
      id: 4,
      label: "d",
      n: 15,
      maybe: 20,
      big: 9n,
      x: 0.125,
      amount: d("0.05"),
      discount: d("0.05"),
    }),
  ]);
  await FnEvent.objects.bulkCreate([
    // Sunday 31 December 2023: ISO week 52 of 2023, quarter 4.
    new FnEvent({
      id: 1,
      title: "eve",
      at: new Date("2023-12-31T23:59:30.250Z"),
      day: "2023-12-31",
      clock: "23:59:30",
      endsAt: null,
      span: new Duration(90_061_000_000),
    }),
    // Monday 1 January 2024: ISO week 1.
    new FnEvent({
      id: 2,
      title: "new year",
      at: new Date("2024-01-01T00:00:00Z"),
      day: "2024-01-01",
      clock: "00:00:00",
      endsAt: new Date("2024-01-01T02:30:00Z"),
      span: null,
    }),
    // Wednesday 15 May 2024, quarter 2.
    new FnEvent({
      id: 3,
      title: "spring",
      at: new Date("2024-05-15T13:45:10Z"),
      day: "2024-05-15",
      clock: "13:45:10",
      endsAt: new Date("2024-05-16T08:00:00Z"),
      span: new Duration(3_600_000_000),
    }),
    // Saturday 28 December 2024: ISO week 52 of 2024; Monday 30 Dec is week 1 of 2025.
    new FnEvent({
      id: 4,
      title: "late",
      at: new Date("2024-12-30T06:07:08Z"),
      day: "2024-12-28",
      clock: "06:07:08",
      endsAt: null,
      span: null,
    }),
  ]);
  await resetSequences([FnPerson, FnMeasure, FnEvent]);
}
