import mysql from "mysql2/promise";
import type {
  Driver,
  DriverConfig,
  DriverConnection,
  ExecuteOptions,
  ExecuteResult,
} from "../../db/driver.js";

class MysqlConnection implements DriverConnection {
  constructor(readonly conn: mysql.PoolConnection) {}

  async execute(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    const [result] = await this.conn.execute({
      sql,
      values: params as unknown[],
      rowsAsArray: true,
    });
    if (options.returnsRows || Array.isArray(result)) {
      const rows = result as unknown as unknown[][];
      return { rows, rowCount: rows.length };
    }
    const header = result as mysql.ResultSetHeader;
    return { rows: [], rowCount: header.affectedRows, insertId: header.insertId };
  }

  /**
   * Inside a transaction: the connection is shared with the caller's other
   * queries, and a streaming read would hold it; read at once, hand out in chunks.
   */
  async *stream(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: ExecuteOptions,
  ): AsyncIterable<unknown[][]> {
    const { rows } = await this.execute(sql, params, { ...options, returnsRows: true });
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
  }

  /** Outside a transaction: a pooled connection of its own reads rows off the socket as they arrive. */
  async *streamRows(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
  ): AsyncIterable<unknown[][]> {
    const core = (
      this.conn as unknown as {
        connection: {
          query: (o: object, v: unknown[]) => { stream: (o: object) => AsyncIterable<unknown[]> };
        };
      }
    ).connection;
    const rows = core
      .query({ sql, rowsAsArray: true }, params as unknown[])
      .stream({ highWaterMark: chunkSize });
    let chunk: unknown[][] = [];
    for await (const row of rows) {
      chunk.push(row as unknown[]);
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  }

  async raw(sql: string): Promise<void> {
    await this.conn.query(sql);
  }
}

/** mysql2 with a pool; decimals, 64-bit integers and datetimes arrive as text. */
export function createMysqlDriver(config: DriverConfig): Driver {
  const pool = mysql.createPool({
    uri: config.url,
    connectionLimit: config.poolSize ?? 10,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    // JSON arrives as text on both MySQL and MariaDB; the JSONField reader parses it once.
    jsonStrings: true,

    timezone: "Z",
    multipleStatements: false,
    ...(config.options ?? {}),
  });
  pool.on("connection", (c) => {
    (c as unknown as mysql.Connection).query("SET time_zone = '+00:00'");
  });
  const wrappers = new WeakMap<mysql.PoolConnection, MysqlConnection>();
  const initialised = new WeakSet<object>();
  /** Run the configured init commands once per physical connection. */
  const init = async (c: mysql.PoolConnection): Promise<mysql.PoolConnection> => {
    const physical = (c as unknown as { connection?: object }).connection ?? c;
    if (initialised.has(physical)) return c;
    try {
      for (const sql of config.initCommands ?? []) await c.query(sql);
    } catch (e) {
      c.release();
      throw e;
    }
    initialised.add(physical);
    return c;
  };
  return {
    async acquire() {
      const c = await init(await pool.getConnection());
      let w = wrappers.get(c);
      if (!w) {
        w = new MysqlConnection(c);
        wrappers.set(c, w);
      }
      return w;
    },
    release(conn) {
      (conn as MysqlConnection).conn.release();
    },
    async *streamOutsideTransaction(sql, params, chunkSize) {
      const c = await init(await pool.getConnection());
      let finished = false;
      try {
        yield* new MysqlConnection(c).streamRows(sql, params, chunkSize);
        finished = true;
      } finally {
        // A reader that stopped early leaves the rest of the result on the wire: the
        // connection cannot serve another query, so it is closed instead of pooled.
        if (finished) c.release();
        else c.destroy();
      }
    },
    async serverInfo() {
      const [rows] = await pool.query("SELECT VERSION() AS v");
      const v = String((rows as Array<{ v: string }>)[0].v);
      return { version: v, isMariaDB: /mariadb/i.test(v) };
    },
    async close() {
      await pool.end();
    },
  };
}
