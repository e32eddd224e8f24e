import type {
  Driver,
  DriverConfig,
  DriverConnection,
  ExecuteOptions,
  ExecuteResult,
} from "../../db/driver.js";
import { Mutex } from "../../db/mutex.js";
import { RAW_TEXT_OIDS } from "./driver.js";

type PGliteInstance = {
  query<T>(
    sql: string,
    params?: unknown[],
    opts?: Record<string, unknown>,
  ): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  waitReady: Promise<void>;
};

const parsers = Object.fromEntries(RAW_TEXT_OIDS.map((oid) => [oid, (v: string) => v]));

class PgliteConnection implements DriverConnection {
  constructor(readonly db: PGliteInstance) {}
  async execute(
    sql: string,
    params: readonly unknown[],
    _options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    const res = await this.db.query<unknown[]>(sql, params as unknown[], {
      rowMode: "array",
      parsers,
    });
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  }
  async *stream(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: ExecuteOptions,
  ): AsyncIterable<unknown[][]> {
    const { rows } = await this.execute(sql, params, options);
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
  }
  async raw(sql: string): Promise<void> {
    await this.db.exec(sql);
  }
}

/** PGlite (PostgreSQL compiled to WASM): the embedded Postgres for machines without a server. */
export function createPgliteDriver(config: DriverConfig): Driver {
  const dataDir = config.url.replace(/^pglite:(\/\/)?/, "") || undefined;
  let conn: Promise<PgliteConnection> | undefined;
  const mutex = new Mutex();
  const open = () => {
    conn ??= (async () => {
      const { PGlite } = await import("@electric-sql/pglite");
      const db = new PGlite(
        dataDir === "memory" ? undefined : dataDir,
      ) as unknown as PGliteInstance;
      await db.waitReady;
      await db.exec("SET TIME ZONE 'UTC'");
      for (const sql of config.initCommands ?? []) await db.exec(sql);
      return new PgliteConnection(db);
    })();
    return conn;
  };
  return {
    async acquire() {
      await mutex.lock();
      try {
        return await open();
      } catch (e) {
        mutex.unlock();
        throw e;
      }
    },
    release() {
      mutex.unlock();
    },
    /** PGlite has one connection: read at once, release it, then hand out chunks. */
    async *streamOutsideTransaction(sql, params, chunkSize, options) {
      await mutex.lock();
      let rows: unknown[][];
      try {
        rows = (await (await open()).execute(sql, params, options)).rows;
      } finally {
        mutex.unlock();
      }
      for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
    },
    async serverInfo() {
      const c = await open();
      const r = await c.db.query<{ server_version: string }>("SHOW server_version");
      return { version: r.rows[0].server_version, isMariaDB: false };
    },
    async close() {
      if (conn) await (await conn).db.close();
      conn = undefined;
    },
  };
}
