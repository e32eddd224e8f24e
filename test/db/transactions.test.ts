import { expect } from "vitest";
import {
  atomic,
  captureQueries,
  F,
  inTransaction,
  onCommit,
  TransactionManagementError,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import {
  DbProduct,
  dbModels,
  INITIAL_STOCK,
  loadProducts,
  resetProducts,
  stockTable,
} from "./models.js";

class Boom extends Error {}

/** Run a case that commits for real, then put the table back. */
async function committing(fn: () => Promise<void>): Promise<void> {
  try {
    expect(await stockTable()).toEqual(INITIAL_STOCK);
    await fn();
  } finally {
    await resetProducts();
  }
}

forEachDialect("transactions › atomic()", { models: dbModels, fixtures: loadProducts }, (t) => {
  t.caseWithoutTransaction("a throw inside atomic leaves nothing written", () =>
    committing(async () => {
      const boom = new Boom("stop");
      const err = await rejection(
        atomic(async () => {
          await DbProduct.objects.create({ name: "kiwi", stock: 1 });
          await DbProduct.objects.filter({ name: "apple" }).update({ stock: F("stock").sub(1) });
          await DbProduct.objects.filter({ name: "plum" }).delete();
          throw boom;
        }),
      );
      expect(err).toBe(boom);
      expect(await stockTable()).toEqual(INITIAL_STOCK);
    }),
  );

  t.caseWithoutTransaction(
    "a failure inside a nested atomic rolls back to its savepoint only",
    () =>
      committing(async () => {
        await atomic(async () => {
          await DbProduct.objects.filter({ name: "apple" }).update({ stock: 11 });
          const err = await rejection(
            atomic(async () => {
              await DbProduct.objects.filter({ name: "pear" }).update({ stock: 99 });
              await DbProduct.objects.create({ name: "kiwi", stock: 1 });
              throw new Boom("inner");
            }),
          );
          expect(err).toBeInstanceOf(Boom);
          // The outer block sees its own write and not the inner ones.
          expect(await stockTable()).toEqual([
            ["apple", 11],
            ["fig", 3],
            ["pear", 5],
            ["plum", 0],
          ]);
          await DbProduct.objects.filter({ name: "fig" }).update({ stock: 4 });
        });
        expect(await stockTable()).toEqual([
          ["apple", 11],
          ["fig", 4],
          ["pear", 5],
          ["plum", 0],
        ]);
      }),
  );

  t.caseWithoutTransaction("nested blocks send SAVEPOINT / RELEASE / ROLLBACK TO", async () => {
    const { allStatements } = await captureQueries(() =>
      rejection(
        atomic(async () => {
          await atomic(async () => undefined);
          await atomic(async () => {
            throw new Boom("inner");
          }).catch(() => undefined);
          throw new Boom("outer");
        }),
      ),
    );
    expect(allStatements.map((s) => s.sql)).toEqual([
      "BEGIN",
      "SAVEPOINT s1",
      "RELEASE SAVEPOINT s1",
      "SAVEPOINT s2",
      "ROLLBACK TO SAVEPOINT s2",
      "RELEASE SAVEPOINT s2",
      "ROLLBACK",
    ]);
    expect(allStatements.every((s) => s.transaction)).toBe(true);
  });

  t.caseWithoutTransaction(
    "atomic({ savepoint: false }) joins the outer block: its failure fails the whole",
    () =>
      committing(async () => {
        await rejection(
          atomic(async () => {
            await DbProduct.objects.filter({ name: "apple" }).update({ stock: 1 });
            await atomic(
              async () => {
                await DbProduct.objects.filter({ name: "pear" }).update({ stock: 1 });
                throw new Boom("inner");
              },
              { savepoint: false },
            );
          }),
        );
        expect(await stockTable()).toEqual(INITIAL_STOCK);
      }),
  );

  t.caseWithoutTransaction(
    "a caught failure of a block without a savepoint: no query until the block ends, nothing kept",
    () =>
      committing(async () => {
        const outcome = await atomic(async () => {
          await DbProduct.objects.filter({ name: "apple" }).update({ stock: 1 });
          await atomic(
            async () => {
              await DbProduct.objects.filter({ name: "pear" }).update({ stock: 1 });
              throw new Boom("inner");
            },
            { savepoint: false },
          ).catch(() => undefined);
          const err = await rejection(DbProduct.objects.count());
          expect(err).toBeInstanceOf(TransactionManagementError);
          expect((err as Error).message).toBe(
            "An error occurred in the current transaction. You can't execute queries until the end of the 'atomic' block.",
          );
          return "returned";
        });
        // Django's rule: the block ends by rolling back, without an error.
        expect(outcome).toBe("returned");
        expect(await stockTable()).toEqual(INITIAL_STOCK);

        // A savepoint around it contains the damage.
        await atomic(async () => {
          await DbProduct.objects.filter({ name: "apple" }).update({ stock: 2 });
          await atomic(async () => {
            await DbProduct.objects.filter({ name: "fig" }).update({ stock: 2 });
            await atomic(
              async () => {
                throw new Boom("inner");
              },
              { savepoint: false },
            ).catch(() => undefined);
          });
          await DbProduct.objects.filter({ name: "plum" }).update({ stock: 2 });
        });
        expect(await stockTable()).toEqual([
          ["apple", 2],
          ["fig", 3],
          ["pear", 5],
          ["plum", 2],
        ]);
      }),
  );

  t.caseWithoutTransaction("onCommit callbacks run only after the outermost commit, in order", () =>
    committing(async () => {
      const log: string[] = [];
      await atomic(async () => {
        await onCommit(() => log.push("outer"));
        await atomic(async () => {
          await onCommit(() => log.push("inner"));
          await DbProduct.objects.filter({ name: "apple" }).update({ stock: 1 });
        });
        expect(log).toEqual([]);
        await atomic(async () => {
          await onCommit(() => log.push("rolled back"));
          throw new Boom("inner");
        }).catch(() => undefined);
        log.push("body done");
      });
      expect(log).toEqual(["body done", "outer", "inner"]);
      // A callback runs outside the transaction and sees the committed row.
      const seen: unknown[] = [];
      await atomic(async () => {
        await DbProduct.objects.filter({ name: "pear" }).update({ stock: 2 });
        await onCommit(async () => {
          seen.push(inTransaction());
          seen.push(
            await DbProduct.objects.filter({ name: "pear" }).valuesList("stock", { flat: true }),
          );
        });
      });
      expect(seen).toEqual([false, [2]]);
    }),
  );

  t.caseWithoutTransaction("onCommit callbacks are dropped when the block rolls back", async () => {
    const log: string[] = [];
    await rejection(
      atomic(async () => {
        await onCommit(() => log.push("never"));
        throw new Boom("outer");
      }),
    );
    expect(log).toEqual([]);
    await onCommit(() => log.push("no transaction: at once"));
    expect(log).toEqual(["no transaction: at once"]);
  });

  t.caseWithoutTransaction(
    "a throwing onCommit callback: the data stays committed; robust ones let the rest run",
    () =>
      committing(async () => {
        const log: string[] = [];
        const errors: unknown[] = [];
        const consoleError = console.error;
        console.error = (...args: unknown[]) => errors.push(args[1]);
        try {
          await atomic(async () => {
            await DbProduct.objects.filter({ name: "apple" }).update({ stock: 1 });
            await onCommit(
              () => {
                throw new Boom("robust");
              },
              { robust: true },
            );
            await onCommit(() => log.push("after robust"));
          });
        } finally {
          console.error = consoleError;
        }
        expect(log).toEqual(["after robust"]);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(Boom);
        const err = await rejection(
          atomic(async () => {
            await DbProduct.objects.filter({ name: "pear" }).update({ stock: 1 });
            await onCommit(() => {
              throw new Boom("plain");
            });
            await onCommit(() => log.push("never"));
          }),
        );
        expect((err as Error).message).toBe("plain");
        expect(log).toEqual(["after robust"]);
        expect(await stockTable()).toEqual([
          ["apple", 1],
          ["fig", 3],
          ["pear", 1],
          ["plum", 0],
        ]);
      }),
  );

  t.caseWithoutTransaction(
    "nested blocks side by side in one transaction are refused (their savepoints would mix)",
    () =>
      committing(async () => {
        const results = await atomic(async () =>
          Promise.allSettled(
            ["apple", "pear"].map((name) =>
              atomic(async () => {
                await DbProduct.objects.filter({ name }).update({ stock: 0 });
              }),
            ),
          ),
        ).catch((e) => e);
        // The first block ran; the second, started while the first was open, was refused.
        expect(Array.isArray(results)).toBe(true);
        const [first, second] = results as PromiseSettledResult<void>[];
        expect(first.status).toBe("fulfilled");
        expect(second.status).toBe("rejected");
        const reason = (second as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(TransactionManagementError);
        expect(reason.message).toBe(
          "Nested atomic() blocks on 'default' ran concurrently: savepoint s1 of another async call is still open in the same transaction. Run nested blocks one after another (await each), or give each its own transaction.",
        );
        // One after another is fine, and a block nested in a block is too.
        await atomic(async () => {
          for (const name of ["apple", "pear"])
            await atomic(() =>
              atomic(() => DbProduct.objects.filter({ name }).update({ stock: 7 })),
            );
        });
        expect(await stockTable()).toEqual([
          ["apple", 7],
          ["fig", 3],
          ["pear", 7],
          ["plum", 0],
        ]);
      }),
  );

  t.caseWithoutTransaction("a durable block refuses to be nested", async () => {
    expect(await atomic(async () => 7, { durable: true })).toBe(7);
    const err = await rejection(atomic(() => atomic(async () => 1, { durable: true })));
    expect(err).toBeInstanceOf(TransactionManagementError);
    expect((err as Error).message).toBe(
      "A durable atomic block cannot be nested within another atomic block.",
    );
  });

  t.caseWithoutTransaction("the current transaction follows async calls", () =>
    committing(async () => {
      const decrement = async (name: string) => {
        await new Promise((r) => setTimeout(r, 1));
        expect(inTransaction()).toBe(true);
        await DbProduct.objects.filter({ name }).update({ stock: F("stock").sub(1) });
      };
      expect(inTransaction()).toBe(false);
      await rejection(
        atomic(async () => {
          await Promise.all([decrement("apple"), decrement("pear"), decrement("fig")]);
          await new Promise<void>((resolve, reject) =>
            setImmediate(() => decrement("plum").then(resolve, reject)),
          );
          throw new Boom("undo");
        }),
      );
      expect(await stockTable()).toEqual(INITIAL_STOCK);
    }),
  );

  t.caseWithoutTransaction("isolationLevel starts the transaction at that level", async (ctx) => {
    const { allStatements } = await captureQueries(() =>
      atomic(async () => DbProduct.objects.count(), { isolationLevel: "SERIALIZABLE" }),
    );
    const control = allStatements.filter((s) => s.transaction).map((s) => s.sql);
    expect(control).toEqual(
      {
        // SQLite has one level, SERIALIZABLE.
        sqlite: ["BEGIN", "COMMIT"],
        postgres: ["BEGIN ISOLATION LEVEL SERIALIZABLE", "COMMIT"],
        mysql: ["SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "BEGIN", "COMMIT"],
      }[ctx.dialect],
    );
  });

  t.caseWithoutTransaction("bad isolation options are refused before BEGIN", async () => {
    const err = await rejection(
      atomic(async () => undefined, {
        isolationLevel: "SNAPSHOT" as "SERIALIZABLE",
      }),
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe(
      "Unknown isolation level 'SNAPSHOT'. Choices are: READ UNCOMMITTED, READ COMMITTED, REPEATABLE READ, SERIALIZABLE.",
    );
    const nested = await rejection(
      atomic(() => atomic(async () => undefined, { isolationLevel: "READ COMMITTED" })),
    );
    expect(nested).toBeInstanceOf(TransactionManagementError);
    expect((nested as Error).message).toBe(
      "atomic({ isolationLevel }) must be the outermost block on 'default': a transaction is already open there and its isolation level is fixed.",
    );
    expect(inTransaction()).toBe(false);
  });
});
