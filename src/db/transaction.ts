import { TransactionManagementError } from "../errors.js";
import { getDatabase } from "./database.js";
import { runTransactionStatement } from "./execute.js";
import { type IsolationLevel, savepointScopes, type TxState, transactions } from "./tx-context.js";

export type { IsolationLevel };

export interface AtomicOptions {
  using?: string;
  /** Create a savepoint when nested (default true). */
  savepoint?: boolean;
  isolationLevel?: IsolationLevel;
  /** Refuse to run nested in another block: this block's commit is a real commit (Django's durable). */
  durable?: boolean;
}

/** Is a transaction open on `alias` in this async context? */
export function inTransaction(alias = "default"): boolean {
  return transactions.getStore()?.get(alias) !== undefined;
}

class RollbackSignal extends Error {}

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  "READ UNCOMMITTED",
  "READ COMMITTED",
  "REPEATABLE READ",
  "SERIALIZABLE",
];

/**
 * Run `fn` in a transaction: commit if it returns, roll back if it throws.
 * Nested calls create savepoints, so an inner failure rolls back only the
 * inner block. The transaction follows async calls made inside `fn`.
 *
 * @example
 * await atomic(async () => {
 *   const order = await Order.objects.create({ customer });
 *   await Product.objects.filter({ pk: id }).update({ stock: F("stock").sub(1) });
 * });
 */
export async function atomic<T>(fn: () => Promise<T> | T, options: AtomicOptions = {}): Promise<T> {
  const alias = options.using ?? "default";
  if (options.isolationLevel !== undefined && !ISOLATION_LEVELS.includes(options.isolationLevel)) {
    throw new TypeError(
      `Unknown isolation level '${String(options.isolationLevel)}'. Choices are: ${ISOLATION_LEVELS.join(", ")}.`,
    );
  }
  const store = transactions.getStore();
  const outer = store?.get(alias);
  if (outer) {
    if (options.durable) {
      throw new TransactionManagementError(
        "A durable atomic block cannot be nested within another atomic block.",
      );
    }
    if (options.isolationLevel) {
      throw new TransactionManagementError(
        `atomic({ isolationLevel }) must be the outermost block on '${alias}': a transaction is already open there and its isolation level is fixed.`,
      );
    }
    return options.savepoint === false ? joinBlock(outer, fn) : savepointBlock(alias, outer, fn);
  }
  const db = getDatabase(alias);
  await db.ready();
  const conn = await db.driver.acquire();
  const state: TxState = {
    db,
    conn,
    onCommit: [],
    savepoints: 0,
    needsRollback: false,
    openSavepoints: [],
  };
  let released = false;
  try {
    for (const stmt of db.dialect.beginStatements(options.isolationLevel))
      await runTransactionStatement(db, conn, stmt);
    const next = new Map(store ?? []);
    next.set(alias, state);
    let result: T;
    try {
      // A fresh transaction has no savepoint open, whatever context started it.
      const scopes = new Map(savepointScopes.getStore() ?? []);
      scopes.delete(alias);
      result = await transactions.run(next, () =>
        savepointScopes.run(scopes, async () => await fn()),
      );
    } catch (e) {
      await runTransactionStatement(db, conn, db.dialect.transactionStatement("rollback")).catch(
        () => undefined,
      );
      throw e;
    }
    if (state.needsRollback) {
      // A block without a savepoint failed inside and its error was caught: nothing is kept.
      await runTransactionStatement(db, conn, db.dialect.transactionStatement("rollback"));
      released = true;
      db.driver.release(conn);
      return result;
    }
    await runTransactionStatement(db, conn, db.dialect.transactionStatement("commit"));
    released = true;
    db.driver.release(conn);
    // After the outermost commit, outside the transaction (a callback's queries autocommit).
    for (const cb of state.onCommit) await cb();
    return result;
  } catch (e) {
    if (!released) {
      released = true;
      db.driver.release(conn, e);
    }
    throw e;
  }
}

/**
 * A nested block with a savepoint: its failure (or a failure of a block
 * without a savepoint inside it) rolls back to the savepoint only.
 */
async function savepointBlock<T>(
  alias: string,
  outer: TxState,
  fn: () => Promise<T> | T,
): Promise<T> {
  // One connection, one stack of savepoints: blocks started side by side (Promise.all)
  // would roll back each other's work, so the second is refused.
  const scopes = savepointScopes.getStore();
  const open = outer.openSavepoints.at(-1);
  if (open !== scopes?.get(alias)) {
    throw new TransactionManagementError(
      `Nested atomic() blocks on '${alias}' ran concurrently: savepoint ${open} of another async call is still open in the same transaction. Run nested blocks one after another (await each), or give each its own transaction.`,
    );
  }
  const name = `s${++outer.savepoints}`;
  // Callbacks registered inside a block that rolls back are dropped with it (Django).
  const callbacksBefore = outer.onCommit.length;
  const rollBack = async () => {
    outer.onCommit.length = callbacksBefore;
    outer.needsRollback = false;
    await runTransactionStatement(
      outer.db,
      outer.conn,
      outer.db.dialect.transactionStatement("rollbackTo", name),
    );
    await runTransactionStatement(
      outer.db,
      outer.conn,
      outer.db.dialect.transactionStatement("release", name),
    ).catch(() => undefined);
  };
  // Reserved before the first await, so a block started meanwhile sees it.
  outer.openSavepoints.push(name);
  try {
    await runTransactionStatement(
      outer.db,
      outer.conn,
      outer.db.dialect.transactionStatement("savepoint", name),
    );
  } catch (e) {
    outer.openSavepoints.pop();
    throw e;
  }
  let result: T;
  try {
    const inner = new Map(scopes ?? []);
    inner.set(alias, name);
    try {
      result = await savepointScopes.run(inner, async () => await fn());
    } finally {
      outer.openSavepoints.pop();
    }
  } catch (e) {
    await rollBack();
    throw e;
  }
  if (outer.needsRollback) await rollBack();
  else
    await runTransactionStatement(
      outer.db,
      outer.conn,
      outer.db.dialect.transactionStatement("release", name),
    );
  return result;
}

/**
 * A nested block without a savepoint (`savepoint: false`): a failure cannot
 * be undone at this level, so the enclosing block is marked for rollback;
 * until it ends, queries on the transaction raise TransactionManagementError.
 */
async function joinBlock<T>(outer: TxState, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    outer.needsRollback = true;
    throw e;
  }
}

/**
 * Run `fn` after the outermost transaction on `using` commits (at once when
 * none is open). Dropped if the transaction (or the savepoint it was
 * registered in) rolls back. A callback that throws stops the ones after it
 * and its error reaches the caller of atomic(), after the commit; with
 * `robust: true` its error is logged and the others still run.
 */
export async function onCommit(
  fn: () => unknown,
  options: { using?: string; robust?: boolean } = {},
): Promise<void> {
  const run = options.robust ? robustly(fn) : fn;
  const state = transactions.getStore()?.get(options.using ?? "default");
  if (state) state.onCommit.push(run);
  else await run();
}

/**
 * A robust callback (Django's `robust=True`): its error is reported to
 * console.error and the callbacks after it still run.
 */
function robustly(fn: () => unknown): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (e) {
      console.error("Error calling an onCommit callback (robust):", e);
    }
  };
}

/** Run `fn` in a transaction that is always rolled back (test isolation). */
export async function withRollback<T>(
  fn: () => Promise<T> | T,
  options: { using?: string } = {},
): Promise<T> {
  let result: T | undefined;
  try {
    await atomic(async () => {
      result = await fn();
      throw new RollbackSignal();
    }, options);
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  return result as T;
}

export { TransactionManagementError };
