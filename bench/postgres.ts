import pg from "pg";
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

/** The OIDs Tango's driver receives as text (src/dialects/postgres/driver.ts RAW_TEXT_OIDS). */
const TANGO_TEXT_OIDS = new Set([20, 1082, 1083, 1114, 1184, 1186, 1266, 1700]);
const asText = (v: string) => v;
const tangoTypes = {
  getTypeParser: (oid: number, format?: string) =>
    TANGO_TEXT_OIDS.has(oid) ? asText : pg.types.getTypeParser(oid, format as unknown as "text"),
};

/**
 * PostgreSQL: a separate pg.Pool with pg's default type parsers (int8 and
 * numeric as strings, timestamptz as Date, bool, int4 as numbers), rows as
 * objects. Baselines run the exact SQL Tango sends.
 */
export async function postgresSuite(url: string): Promise<Suite> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const tangoTypedPool = new pg.Pool({ connectionString: url, max: 1, types: tangoTypes });
  const client = await pool.connect();
  const allSql = BenchItem.objects.all().sql().sql;
  const valuesSql = BenchItem.objects.values(...VALUE_NAMES).sql().sql;
  const getSql = BenchItem.objects.filter({ pk: 1 }).orderBy().slice(0, 21).sql().sql;
  const ids = shuffledIds();
  const aggSql = await aggregationSql();
  const rows = async (p: Promise<pg.QueryResult>) => (await p).rows;

  const scenarios: Scenario[] = [
    {
      name: `all() ${ROWS} instances`,
      target: { kind: "ratio", max: 1.3 },
      raw: () => rows(pool.query(allSql)),
      tango: () => BenchItem.objects.all(),
      refs: {
        "raw named stmt": () => rows(pool.query({ name: "b_all", text: allSql })),
        "raw arrays, Tango's text types": () =>
          rows(tangoTypedPool.query({ name: "b_all", text: allSql, rowMode: "array" })),
      },
    },
    {
      name: `values() ${ROWS} rows`,
      target: { kind: "ratio", max: 1.1 },
      raw: () => rows(pool.query(valuesSql)),
      tango: () => BenchItem.objects.values(...VALUE_NAMES),
    },
    {
      name: `get({ pk }) × ${ids.length}`,
      target: { kind: "perCall", maxUs: 30, calls: ids.length },
      raw: async () => {
        let n = 0;
        for (const id of ids)
          if ((await client.query({ name: "b_get", text: getSql, values: [id] })).rows[0]) n++;
        return n;
      },
      tango: () => tangoGetLoop(ids),
      refs: {
        "raw pool.query named": async () => {
          let n = 0;
          for (const id of ids)
            if ((await pool.query({ name: "b_get", text: getSql, values: [id] })).rows[0]) n++;
          return n;
        },
      },
    },
    {
      name: "annotate(Count, Sum) per category",
      target: { kind: "ratio", max: 1.3 },
      raw: () => rows(pool.query(aggSql.perCategory)),
      tango: () => tangoPerCategory(),
    },
    {
      name: `aggregate() × ${AGGREGATE_CALLS}`,
      target: { kind: "perCall", maxUs: 40, calls: AGGREGATE_CALLS },
      raw: async () => {
        let n = 0;
        for (let i = 0; i < AGGREGATE_CALLS; i++) {
          const q = { name: "b_agg", text: aggSql.aggregate, values: [aggregateCategory(i)] };
          n += Number((await client.query(q)).rows[0].n);
        }
        return n;
      },
      tango: () => tangoAggregateLoop(),
      refs: {
        // Through the pool per call, as Tango runs it: separates pool checkout from Tango's own cost.
        "raw pool.query named": async () => {
          let n = 0;
          for (let i = 0; i < AGGREGATE_CALLS; i++) {
            const q = { name: "b_agg", text: aggSql.aggregate, values: [aggregateCategory(i)] };
            n += Number((await pool.query(q)).rows[0].n);
          }
          return n;
        },
      },
    },
  ];
  return {
    scenarios,
    baseline:
      "pg.Pool (separate from Tango's) with pg's default type parsers (int8/numeric→string, timestamptz→Date); " +
      "all()/values(): pool.query(sql) returning objects (unnamed statement); " +
      "get: named prepared statement client.query({ name, text, values }) on one checked-out client",
    close: async () => {
      client.release();
      await Promise.all([pool.end(), tangoTypedPool.end()]);
    },
  };
}

/** Create the bench database when it is missing (a fresh server has only `postgres`). */
export async function ensureBenchDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unusable bench database name '${name}'`);
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
