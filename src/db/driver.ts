/**
 * What Tango needs from a database driver. Nothing above `db/` knows which
 * npm package implements it.
 */

export interface ExecuteResult {
  /** Rows as arrays, in select-list order. */
  rows: unknown[][];
  /** Rows affected by INSERT/UPDATE/DELETE. */
  rowCount: number;
  /** Auto-increment id of the last inserted row, where the driver reports it. */
  insertId?: number | bigint;
}

export interface ExecuteOptions {
  /** Read 64-bit integers as bigint (SQLite only needs asking). */
  bigInts?: boolean;
  /** The statement returns rows (SELECT, … RETURNING). */
  returnsRows: boolean;
}

export interface StreamOptions extends ExecuteOptions {
  /** The connection holds an open transaction (a cursor needs one; the driver opens its own otherwise). */
  inTransaction: boolean;
  /** Told each cursor statement (DECLARE, FETCH, CLOSE…) a streaming driver sends, for the query log. */
  onCursorStep?: (sql: string) => void;
}

/** One connection (or, for embedded engines, the engine itself). */
export interface DriverConnection {
  execute(sql: string, params: readonly unknown[], options: ExecuteOptions): Promise<ExecuteResult>;
  /** The same, synchronously, for embedded engines that can (saves a promise per statement). */
  executeSync?(sql: string, params: readonly unknown[], options: ExecuteOptions): ExecuteResult;
  /** Stream rows in chunks with bounded memory (a server-side cursor where the driver has one). */
  stream(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: StreamOptions,
  ): AsyncIterable<unknown[][]>;
  /** Run a statement outside prepared-statement handling (BEGIN, SAVEPOINT, DDL). */
  raw(sql: string): Promise<void>;
}

export interface ServerInfo {
  version: string;
  isMariaDB: boolean;
}

export interface Driver {
  acquire(): Promise<DriverConnection>;
  /** Take the connection at once when it is free (single-connection engines); undefined otherwise. */
  tryAcquire?(): DriverConnection | undefined;
  /**
   * Stream outside a transaction without holding the shared connection
   * (single-connection engines: the caller may run other queries between chunks).
   */
  streamOutsideTransaction?(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    options: ExecuteOptions,
  ): AsyncIterable<unknown[][]>;
  release(conn: DriverConnection, error?: unknown): void;
  serverInfo(): Promise<ServerInfo>;
  close(): Promise<void>;
}

export interface DriverConfig {
  url: string;
  /** Largest number of pooled connections (servers only). */
  poolSize?: number;
  /** Extra driver options, passed through. */
  options?: Record<string, unknown>;
  /** SQL run on every new connection (see DatabaseSettings.initCommands). */
  initCommands?: readonly string[];
}

export type DriverFactory = (config: DriverConfig) => Driver;
