import pg from "pg";
import type {
  Driver,
  DriverConfig,
  DriverConnection,
  ExecuteOptions,
  ExecuteResult,
  StreamOptions,
} from "../../db/driver.js";

/** OIDs whose text Tango parses itself, so every dialect reads them the same way. */
export const RAW_TEXT_OIDS = [
  20, // int8
  1082, // date
  1083, // time
  1114, // timestamp
  1184, // timestamptz
  1186, // interval
  1266, // timetz
  1700, // numeric
];

const identity = (v: string) => v;

const types = {
  getTypeParser(oid: number, format?: string) {
    if (RAW_TEXT_OIDS.includes(oid)) return identity;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a plain string format
    return pg.types.getTypeParser(oid, format as any);
  },
};

const statementNames = new Map<string, string>();
/** Name statements by their text so each connection prepares each once. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `tango_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

let cursorCount = 0;

class PgConnection implements DriverConnection {
  constructor(readonly client: pg.PoolClient) {}

  async execute(
    sql: string,
    params: readonly unknown[],
    _options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    const res = await this.client.query({
      name: params.length ? statementName(sql) : undefined,
      text: sql,
      values: params as unknown[],
      rowMode: "array",
    });
    return { rows: res.rows as unknown[][], rowCount: res.rowCount ?? 0 };
  }

  async *stream(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: StreamOptions,
  ): AsyncIterable<unknown[][]> {
    // A server-side cursor (PostgreSQL keeps the result; each FETCH brings one chunk),
    // inside the caller's transaction or a private one: a cursor lives in a transaction.
    const cursor = `tango_cursor_${++cursorCount}`;
    const step = async (text: string, values?: unknown[]) => {
      options.onCursorStep?.(text);
      return await this.client.query({ text, values, rowMode: "array" });
    };
    const own = !options.inTransaction;
    if (own) await step("BEGIN");
    let failed = false;
    try {
      await step(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params as unknown[]);
      for (;;) {
        const res = await step(`FETCH ${chunkSize} FROM ${cursor}`);
        if (res.rows.length > 0) yield res.rows as unknown[][];
        if (res.rows.length < chunkSize) break;
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // Also when the caller stops early (break out of for await): close the cursor and
      // end our transaction. After an error the transaction is aborted: roll it back.
      if (!failed) await step(`CLOSE ${cursor}`);
      if (own) await step(failed ? "ROLLBACK" : "COMMIT").catch(() => undefined);
    }
  }

  async raw(sql: string): Promise<void> {
    await this.client.query(sql);
  }
}

/** node-postgres with a pool; timestamps, numerics and 64-bit integers arrive as text. */
export function createPostgresDriver(config: DriverConfig): Driver {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    types,
    // Sessions work in UTC, as Django with USE_TZ.
    options: "-c TimeZone=UTC",
    ...(config.options ?? {}),
  });
  pool.on("error", () => undefined);

  const conns = new WeakMap<pg.PoolClient, PgConnection>();
  return {
    async acquire() {
      const client = await pool.connect();
      let c = conns.get(client);
      if (!c) {
        try {
          for (const sql of config.initCommands ?? []) await client.query(sql);
        } catch (e) {
          client.release(e instanceof Error ? e : undefined);
          throw e;
        }
        c = new PgConnection(client);
        conns.set(client, c);
      }
      return c;
    },
    release(conn, error) {
      (conn as PgConnection).client.release(
        error instanceof Error && isConnectionError(error) ? error : undefined,
      );
    },
    async serverInfo() {
      const r = await pool.query("SHOW server_version");
      return { version: String(r.rows[0].server_version), isMariaDB: false };
    },
    async close() {
      await pool.end();
    },
  };
}

function isConnectionError(e: Error): boolean {
  return /Connection terminated|ECONNRESET|EPIPE/.test(e.message);
}
