import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type {
  Driver,
  DriverConfig,
  DriverConnection,
  ExecuteOptions,
  ExecuteResult,
} from "../../db/driver.js";
import { Mutex } from "../../db/mutex.js";
import { registerStatistics } from "./statistics.js";

type Statement = Database.Statement<unknown[], unknown>;

const STATEMENT_CACHE_SIZE = 500;

/** A prepared statement and whether it currently reads 64-bit integers as bigint. */
interface Prepared {
  readonly stmt: Statement;
  bigInts: boolean;
}

/**
 * Return the file path of a SQLite URL, as SQLAlchemy and dj-database-url
 * read them: `sqlite:///relative/path.db` (three slashes: relative to the
 * working directory), `sqlite:////absolute/path.db` (four), and
 * `sqlite::memory:` for an in-memory database.
 */
export function sqlitePath(url: string): string {
  if (url === "sqlite::memory:" || url === "sqlite://:memory:" || url === "sqlite:///:memory:")
    return ":memory:";
  const m = /^sqlite:(?:\/\/\/?)?(.*)$/.exec(url);

  if (!m?.[1])
    throw new Error(
      `Invalid SQLite URL '${url}': use sqlite:///path/to/file.db or sqlite::memory:`,
    );
  return m[1];
}

function regexp(pattern: unknown, value: unknown): number | null {
  if (pattern === null || value === null) return null;
  let p = String(pattern);
  let flags = "";
  if (p.startsWith("(?i)")) {
    p = p.slice(4);
    flags = "i";
  }
  return new RegExp(p, flags).test(String(value)) ? 1 : 0;
}

class SqliteConnection implements DriverConnection {
  private statements = new Map<string, Prepared>();
  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Prepared {
    let entry = this.statements.get(sql);
    if (!entry) {
      const stmt = this.db.prepare(sql);
      // Rows as arrays, set once: the row readers read columns by position.
      if (stmt.reader) stmt.raw(true);
      entry = { stmt, bigInts: false };
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value as string;
        this.statements.delete(oldest);
      }
      this.statements.set(sql, entry);
    }
    return entry;
  }

  async execute(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    return this.executeSync(sql, params, options);
  }

  executeSync(sql: string, params: readonly unknown[], options: ExecuteOptions): ExecuteResult {
    const entry = this.prepare(sql);
    const stmt = entry.stmt;
    if (stmt.reader) {
      const bigInts = options.bigInts === true;
      if (entry.bigInts !== bigInts) {
        stmt.safeIntegers(bigInts);
        entry.bigInts = bigInts;
      }
      const rows = stmt.all(...params) as unknown[][];
      return { rows, rowCount: rows.length };
    }
    const info = stmt.run(...params);
    return { rows: [], rowCount: info.changes, insertId: info.lastInsertRowid };
  }

  async *stream(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: ExecuteOptions,
  ): AsyncIterable<unknown[][]> {
    // Inside a transaction only this connection sees its writes, and an open
    // iterator would keep it busy: read at once, hand out in chunks.
    const { rows } = this.executeSync(sql, params, options);
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
  }

  async raw(sql: string): Promise<void> {
    this.db.exec(sql);
  }
}

/** better-sqlite3 behind a one-connection "pool": a lock serialises transactions. */
export function createSqliteDriver(config: DriverConfig): Driver {
  const path = sqlitePath(config.url);
  let conn: SqliteConnection | undefined;
  const mutex = new Mutex();
  const open = (): SqliteConnection => {
    if (!conn) {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      db.pragma("foreign_keys = ON");
      if (path !== ":memory:") db.pragma("journal_mode = WAL");
      db.function("regexp", { deterministic: true }, regexp);
      registerStatistics(db);
      for (const sql of config.initCommands ?? []) db.exec(sql);
      conn = new SqliteConnection(db);
    }
    return conn;
  };
  return {
    async acquire() {
      await mutex.lock();
      try {
        return open();
      } catch (e) {
        mutex.unlock();
        throw e;
      }
    },
    tryAcquire() {
      if (!conn || !mutex.tryLock()) return undefined;
      return conn;
    },
    release() {
      mutex.unlock();
    },
    /**
     * A file database is streamed through its own read-only connection (WAL
     * lets it read while the main connection writes), with bounded memory;
     * an in-memory one cannot be opened twice, so its rows are read at once
     * and handed out in chunks.
     */
    async *streamOutsideTransaction(sql, params, chunkSize, options) {
      if (path === ":memory:") {
        await mutex.lock();
        let rows: unknown[][];
        try {
          rows = open().executeSync(sql, params, options).rows;
        } finally {
          mutex.unlock();
        }
        for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
        return;
      }
      open();
      const reader = new Database(path, { readonly: true });
      try {
        reader.function("regexp", { deterministic: true }, regexp);
        const stmt = reader.prepare(sql).raw(true);
        stmt.safeIntegers(options.bigInts === true);
        let chunk: unknown[][] = [];
        for (const row of stmt.iterate(...params) as Iterable<unknown[]>) {
          chunk.push(row);
          if (chunk.length >= chunkSize) {
            yield chunk;
            chunk = [];
          }
        }
        if (chunk.length) yield chunk;
      } finally {
        reader.close();
      }
    },
    async serverInfo() {
      const v = open().db.prepare("select sqlite_version()").pluck().get() as string;
      return { version: v, isMariaDB: false };
    },
    async close() {
      conn?.db.close();
      conn = undefined;
    },
  };
}
