import { AsyncLocalStorage } from "node:async_hooks";
import type { Database } from "./database.js";
import type { DriverConnection } from "./driver.js";

export type IsolationLevel =
  | "READ UNCOMMITTED"
  | "READ COMMITTED"
  | "REPEATABLE READ"
  | "SERIALIZABLE";

/** An open transaction on one database, pinned to one connection. */
export interface TxState {
  readonly db: Database;
  readonly conn: DriverConnection;
  readonly onCommit: Array<() => unknown>;
  savepoints: number;
  /**
   * A block without a savepoint failed: the enclosing savepoint (or the
   * whole transaction) must roll back, and no query may run until then.
   */
  needsRollback: boolean;
  /** Savepoints open now, innermost last (nested blocks must not run concurrently). */
  readonly openSavepoints: string[];
}

/** The innermost savepoint of this async context, by database alias. */
export const savepointScopes = new AsyncLocalStorage<ReadonlyMap<string, string>>();

/** Open transactions by database alias, following async calls. */
export const transactions = new AsyncLocalStorage<ReadonlyMap<string, TxState>>();

/** The connection of the transaction open on `alias` in this async context, if any. */
export function currentTransaction(alias: string): TxState | undefined {
  return transactions.getStore()?.get(alias);
}
