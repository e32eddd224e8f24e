import { expect } from "vitest";
import { databaseSettings } from "../../src/db/config.js";
import {
  atomic,
  configure,
  F,
  FieldError,
  NotSupportedError,
  OperationalError,
  RawSQL,
  TransactionManagementError,
} from "../../src/index.js";
import { type DialectName, forEachDialect } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import { DbProduct, dbModels, loadProducts, resetProducts } from "./models.js";

const WORKERS = 55;

/**
 * An alias on the same database with a pool big enough for WORKERS
 * connections at once (servers); SQLite has one connection, so "default".
 */
function stressAlias(embedded: boolean): string {
  if (embedded) return "default";
  const settings = databaseSettings("default");
  configure({
    databases: { default: settings, stress: { ...settings, poolSize: WORKERS + 5 } },
  });
  return "stress";
}

/** Drop the stress alias: its pool is closed. */
function dropStressAlias(): void {
  configure({ databases: { default: databaseSettings("default") } });
}

/** Connections open on this database, counted by the server. */
const OPEN_CONNECTIONS: Record<DialectName, string> = {
  sqlite: "1",
  // (PGlite, the embedded fallback, has one connection: not asserted.)
  postgres: "(SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database())",
  mysql: "(SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE())",
};

forEachDialect(
  "transactions › selectForUpdate() and concurrent writes",
  { models: dbModels, fixtures: loadProducts },
  (t) => {
    t.case("the locking clause per database (SQLite has none: left out, as Django)", (ctx) => {
      const qs = DbProduct.objects.filter({ name: "apple" });
      const sql = (q: typeof qs) => q.sql().sql.replace(/^.* WHERE /, "… WHERE ");
      expect(sql(qs.selectForUpdate())).toBe(
        {
          sqlite: `… WHERE "db_product"."name" = ? ORDER BY "db_product"."name" ASC`,
          postgres: `… WHERE "db_product"."name" = $1 ORDER BY "db_product"."name" ASC FOR UPDATE`,
          mysql: "… WHERE `db_product`.`name` = ? ORDER BY `db_product`.`name` ASC FOR UPDATE",
        }[ctx.dialect],
      );
      expect(sql(qs.selectForUpdate({ nowait: true }))).toMatch(
        ctx.dialect === "sqlite" ? /ASC$/ : /ASC FOR UPDATE NOWAIT$/,
      );
      expect(sql(qs.selectForUpdate({ skipLocked: true }))).toMatch(
        ctx.dialect === "sqlite" ? /ASC$/ : /ASC FOR UPDATE SKIP LOCKED$/,
      );
    });

    t.case(
      "of: 'self' and followed relations; unsupported options are NotSupportedError",
      (ctx) => {
        const f = ctx.features();
        // The filter joins the supplier table (as selectRelated() would).
        const qs = DbProduct.objects.filter({ supplier__name: "acme" }).selectForUpdate({
          of: ["self", "supplier"],
        });
        if (!f.supportsSelectForUpdate) {
          expect(qs.sql().sql).not.toMatch(/FOR UPDATE/);
        } else if (f.supportsSelectForUpdateOf) {
          expect(qs.sql().sql).toMatch(/ FOR UPDATE OF "db_product", "db_supplier"$/);
          const bad = DbProduct.objects.filter({ supplier__name: "acme" }).selectForUpdate({
            of: ["self", "maker"],
          });
          expect(() => bad.sql()).toThrow(FieldError);
          expect(() => bad.sql()).toThrow(
            "Invalid field name(s) given in selectForUpdate({ of }): 'maker'. Only relational fields followed in the query are allowed. Choices are: self, supplier.",
          );
        } else {
          expect(() => qs.sql()).toThrow(NotSupportedError);
          expect(() => qs.sql()).toThrow(
            "FOR UPDATE OF is not supported on this database backend.",
          );
        }
        const noKey = DbProduct.objects.selectForUpdate({ noKey: true });
        if (!f.supportsSelectForUpdate) expect(noKey.sql().sql).not.toMatch(/FOR/);
        else if (f.supportsSelectForNoKeyUpdate)
          expect(noKey.sql().sql).toMatch(/FOR NO KEY UPDATE$/);
        else
          expect(() => noKey.sql()).toThrow(
            "FOR NO KEY UPDATE is not supported on this database backend.",
          );
        expect(() => DbProduct.objects.selectForUpdate({ nowait: true, skipLocked: true })).toThrow(
          "The nowait option cannot be used with skipLocked.",
        );
      },
    );

    t.caseWithoutTransaction(
      "outside a transaction: TransactionManagementError where rows can be locked",
      async (ctx) => {
        const qs = DbProduct.objects.selectForUpdate().filter({ name: "apple" });
        if (ctx.features().supportsSelectForUpdate) {
          const err = await rejection(qs.fetch());
          expect(err).toBeInstanceOf(TransactionManagementError);
          expect((err as Error).message).toBe(
            "selectForUpdate cannot be used outside of a transaction.",
          );
        } else {
          expect((await qs.fetch()).map((p) => p.name)).toEqual(["apple"]);
        }
        expect((await atomic(() => qs.all().fetch())).map((p) => p.stock)).toEqual([10]);
      },
    );

    t.caseWithoutTransaction(
      "NOWAIT fails and SKIP LOCKED skips a row locked elsewhere",
      async (ctx) => {
        if (ctx.embedded) {
          // One connection, one transaction at a time: nothing else can hold a lock meanwhile.
          const rows = await atomic(() => DbProduct.objects.selectForUpdate({ skipLocked: true }));
          expect(rows.map((p) => p.name)).toEqual(["apple", "fig", "pear", "plum"]);
          return;
        }
        let locked!: () => void;
        let release!: () => void;
        const isLocked = new Promise<void>((r) => {
          locked = r;
        });
        const gate = new Promise<void>((r) => {
          release = r;
        });
        // Locked by primary key: InnoDB would lock every row a full scan reads.
        const apple = await DbProduct.objects.get({ name: "apple" });
        const holder = atomic(async () => {
          await DbProduct.objects.selectForUpdate().filter({ pk: apple.pk }).fetch();
          locked();
          await gate;
        });
        try {
          await isLocked;
          const err = await rejection(
            atomic(() =>
              DbProduct.objects.selectForUpdate({ nowait: true }).filter({ pk: apple.pk }).fetch(),
            ),
          );
          expect(err).toBeInstanceOf(OperationalError);
          const free = await atomic(() =>
            DbProduct.objects
              .selectForUpdate({ skipLocked: true })
              .valuesList("name", { flat: true }),
          );
          expect(free).toEqual(["fig", "pear", "plum"]);
        } finally {
          release();
          await holder;
        }
      },
    );

    t.caseWithoutTransaction(
      `${WORKERS} concurrent F("stock").sub(1) updates lose no decrement`,
      async (ctx) => {
        const alias = stressAlias(ctx.embedded);
        try {
          const product = await DbProduct.objects.create({ name: "hot", stock: 100 });
          const qs = DbProduct.objects.using(alias).filter({ pk: product.pk });
          const results = await Promise.all(
            Array.from({ length: WORKERS }, () => qs.update({ stock: F("stock").sub(1) })),
          );
          expect(results).toEqual(Array(WORKERS).fill(1));
          const [row] = await qs
            .annotate({ conns: RawSQL(ctx.embedded ? "1" : OPEN_CONNECTIONS[ctx.dialect], []) })
            .values("stock", "conns");
          expect(row.stock).toBe(100 - WORKERS);
          // The updates really ran on many connections at once (the pool keeps them open).
          if (!ctx.embedded) expect(Number(row.conns)).toBeGreaterThanOrEqual(50);
        } finally {
          dropStressAlias();
          await resetProducts();
        }
      },
    );

    t.caseWithoutTransaction(
      `${WORKERS} concurrent read-modify-write blocks under selectForUpdate lose no decrement`,
      async (ctx) => {
        const alias = stressAlias(ctx.embedded);
        try {
          const product = await DbProduct.objects.create({ name: "hot", stock: 100 });
          await Promise.all(
            Array.from({ length: WORKERS }, () =>
              atomic(
                async () => {
                  const p = await DbProduct.objects
                    .using(alias)
                    .selectForUpdate()
                    .get({ pk: product.pk });
                  p.stock -= 1;
                  // The instance remembers its database: the save goes to `alias`, in this transaction.
                  await p.save({ updateFields: ["stock"] });
                },
                { using: alias },
              ),
            ),
          );
          const stock = await DbProduct.objects
            .filter({ pk: product.pk })
            .valuesList("stock", { flat: true });
          expect(stock).toEqual([100 - WORKERS]);
        } finally {
          dropStressAlias();
          await resetProducts();
        }
      },
    );
  },
);
