import { TransactionManagementError } from "../errors.js";
import type { Database } from "./database.js";
import type { DriverConnection, ExecuteOptions, ExecuteResult } from "./driver.js";
import { noteStatement } from "./n-plus-one.js";
import { queryLogActive, recordQuery } from "./query-log.js";
import { currentTransaction, type TxState } from "./tx-context.js";

/** Django's validate_no_broken_transaction. */
function checkUsable(tx: TxState | undefined): void {
  if (tx?.needsRollback) {
    throw new TransactionManagementError(
      "An error occurred in the current transaction. You can't execute queries until the end of the 'atomic' block.",
    );
  }
}

/**
 * Run one statement on a database: on the connection of the open
 * transaction, or on a pooled connection held just for this statement.
 * Driver errors come back as Tango's typed errors.
 */
export async function execute(
  db: Database,
  sql: string,
  params: readonly unknown[],
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  if (!db.isReady) await db.ready();
  noteStatement(db.alias, sql);
  const tx = currentTransaction(db.alias);
  checkUsable(tx);
  const conn = tx ? tx.conn : (db.driver.tryAcquire?.() ?? (await db.driver.acquire()));
  const logging = queryLogActive();
  const start = logging ? performance.now() : 0;
  let error: unknown;
  try {
    return conn.executeSync
      ? conn.executeSync(sql, params, options)
      : await conn.execute(sql, params, options);
  } catch (e) {
    error = e;
    throw db.dialect.translateError(e, sql);
  } finally {
    if (!tx) db.driver.release(conn, error);
    if (logging) {
      recordQuery({
        sql,
        params,
        ms: performance.now() - start,
        database: db.alias,
        transaction: false,
      });
    }
  }
}

/** Stream a SELECT in chunks (see DriverConnection.stream), holding one connection throughout. */
export async function* stream(
  db: Database,
  sql: string,
  params: readonly unknown[],
  chunkSize: number,
  options: ExecuteOptions,
): AsyncIterable<unknown[][]> {
  await db.ready();
  noteStatement(db.alias, sql);
  const tx = currentTransaction(db.alias);
  checkUsable(tx);
  if (!tx && db.driver.streamOutsideTransaction) {
    recordQuery({ sql, params, ms: 0, database: db.alias, transaction: false });
    try {
      yield* db.driver.streamOutsideTransaction(sql, params, chunkSize, options);
    } catch (e) {
      throw db.dialect.translateError(e, sql);
    }
    return;
  }
  const conn = tx ? tx.conn : await db.driver.acquire();
  let error: unknown;
  try {
    recordQuery({ sql, params, ms: 0, database: db.alias, transaction: false });
    yield* conn.stream(sql, params, chunkSize, {
      ...options,
      inTransaction: tx !== undefined,
      onCursorStep: (step) =>
        recordQuery({
          sql: step,
          params: [],
          ms: 0,
          database: db.alias,
          transaction: false,
          cursor: true,
        }),
    });
  } catch (e) {
    error = e;
    throw db.dialect.translateError(e, sql);
  } finally {
    if (!tx) db.driver.release(conn, error);
  }
}

/** Run BEGIN / COMMIT / SAVEPOINT … on a pinned connection (logged as transaction control). */
export async function runTransactionStatement(
  db: Database,
  conn: DriverConnection,
  sql: string,
): Promise<void> {
  const start = performance.now();
  try {
    await conn.raw(sql);
  } catch (e) {
    throw db.dialect.translateError(e, sql);
  } finally {
    recordQuery({
      sql,
      params: [],
      ms: performance.now() - start,
      database: db.alias,
      transaction: true,
    });
  }
}

/** Run `fn` with one connection held throughout (the transaction's, or a pooled one). */
export async function withConnection<T>(
  db: Database,
  fn: (run: (sql: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  await db.ready();
  const tx = currentTransaction(db.alias);
  const conn = tx ? tx.conn : await db.driver.acquire();
  let error: unknown;
  const run = async (sql: string) => {
    const start = performance.now();
    try {
      await conn.raw(sql);
    } catch (e) {
      throw db.dialect.translateError(e, sql);
    } finally {
      recordQuery({
        sql,
        params: [],
        ms: performance.now() - start,
        database: db.alias,
        transaction: false,
      });
    }
  };
  try {
    return await fn(run);
  } catch (e) {
    error = e;
    throw e;
  } finally {
    if (!tx) db.driver.release(conn, error);
  }
}
