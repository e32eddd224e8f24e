import Database from "better-sqlite3";
import { Decimal } from "../src/index.js";
import type { Scenario } from "./harness.js";
import { BenchItem, ROWS, shuffledIds, VALUE_NAMES } from "./model.js";
import {
  AGGREGATE_CALLS,
  aggregateCategory,
  aggregationSql,
  type Suite,
  tangoAggregateLoop,
  tangoGetLoop,
  tangoPerCategory,
} from "./suite.js";

type Row = unknown[];

/**
 * SQLite: better-sqlite3 on its own connection to the same file. Baselines run
 * the exact SQL Tango sends, prepared once (`db.prepare(sql)` then `.all()` /
 * `.get(id)`), with the driver's default value types (decimals as numbers,
 * datetimes as text, booleans as 0/1).
 */
export async function sqliteSuite(path: string): Promise<Suite> {
  const db = new Database(path);
  const aggSql = await aggregationSql();
  const perCategory = db.prepare(aggSql.perCategory);
  const aggregate = db.prepare(aggSql.aggregate);
  const allSql = BenchItem.objects.all().sql().sql;
  const valuesSql = BenchItem.objects.values(...VALUE_NAMES).sql().sql;
  const getSql = BenchItem.objects.filter({ pk: 1 }).orderBy().slice(0, 21).sql().sql;
  const all = db.prepare(allSql);
  const allArrays = db.prepare(allSql).raw(true);
  const values = db.prepare(valuesSql);
  const get = db.prepare(getSql);
  const ids = shuffledIds();

  // What Tango's readers do, written by hand: the cost of the value types alone.
  const convert = () =>
    (allArrays.all() as Row[]).map((r) => ({
      id: r[0],
      name: r[1],
      quantity: r[2],
      price:
        r[3] === null ? null : new Decimal((r[3] as number).toPrecision(15)).toDecimalPlaces(2),
      createdAt: r[4] === null ? null : new Date(`${(r[4] as string).replace(" ", "T")}Z`),
      active: r[5] === null ? null : r[5] !== 0,
      categoryId: r[6],
    }));

  const scenarios: Scenario[] = [
    {
      name: `all() ${ROWS} instances`,
      target: { kind: "ratio", max: 1.3 },
      raw: () => all.all(),
      tango: () => BenchItem.objects.all(),
      refs: { "raw .raw().all() arrays": () => allArrays.all(), "raw + same types": convert },
    },
    {
      name: `values() ${ROWS} rows`,
      target: { kind: "ratio", max: 1.1 },
      raw: () => values.all(),
      tango: () => BenchItem.objects.values(...VALUE_NAMES),
      refs: { "raw + same types": convert },
    },
    {
      name: `get({ pk }) × ${ids.length}`,
      target: { kind: "perCall", maxUs: 10, calls: ids.length },
      raw: () => {
        let n = 0;
        for (const id of ids) if (get.get(id)) n++;
        return n;
      },
      tango: () => tangoGetLoop(ids),
      refs: {
        "raw awaited": async () => {
          let n = 0;
          for (const id of ids) if (await Promise.resolve(get.get(id))) n++;
          return n;
        },
      },
    },
    {
      name: `annotate(Count, Sum) per category`,
      target: { kind: "ratio", max: 1.3 },
      raw: () => perCategory.all(),
      tango: () => tangoPerCategory(),
    },
    {
      name: `aggregate() × ${AGGREGATE_CALLS}`,
      target: { kind: "perCall", maxUs: 30, calls: AGGREGATE_CALLS },
      raw: () => {
        let n = 0;
        for (let i = 0; i < AGGREGATE_CALLS; i++)
          n += (aggregate.get(aggregateCategory(i)) as { n: number }).n;
        return n;
      },
      tango: () => tangoAggregateLoop(),
    },
  ];
  return {
    scenarios,
    baseline:
      "better-sqlite3 on a second connection to the same file; statements prepared once; " +
      "all()/values(): stmt.all() returning objects (driver types: decimal→number, datetime→text, bool→0/1); " +
      "get: stmt.get(id) synchronously",
    close: async () => {
      db.close();
    },
  };
}
