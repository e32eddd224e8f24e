import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDatabase } from "../../src/db/database.js";
import { withRollback } from "../../src/db/transaction.js";
import type { Features } from "../../src/dialects/dialect.js";
import {
  closeConnections,
  configure,
  createTables,
  type DatabaseSettings,
  dropTables,
} from "../../src/index.js";
import type { AnyModel } from "../../src/models/types.js";
import type { DialectName, TestDatabase } from "./servers.js";

export type { DialectName };

export interface CaseContext {
  readonly dialect: DialectName;
  /** The database's features, once connected. */
  features(): Features;
  /**
   * An embedded engine with one connection (SQLite, PGlite): transactions
   * are serialised and nothing streams from a server.
   */
  readonly embedded: boolean;
}

export interface SuiteOptions {
  /** Models whose tables the suite creates (join tables included) and drops. */
  models: readonly AnyModel[];
  /** Rows loaded once per dialect, before the cases (each case rolls back its own writes). */
  fixtures?: () => Promise<void>;
  /**
   * Also configure the second database as alias "other" (same server, its own
   * database) and create the models' tables there too (no fixtures).
   */
  secondDatabase?: boolean;
}

/** The alias of the second database in suites with `secondDatabase: true`. */
export const OTHER_DB = "other";

export interface SuiteApi {
  readonly dialect: DialectName;
  /** One case; it runs inside a transaction that is rolled back afterwards. */
  case(name: string, fn: (ctx: CaseContext) => Promise<void> | void): void;
  /** A case that manages its own transactions (commits for real; clean up after). */
  caseWithoutTransaction(name: string, fn: (ctx: CaseContext) => Promise<void> | void): void;
}

/**
 * Run one case list against every test database: `[sqlite] title › case`,
 * `[postgres] …`, `[mysql] …`. A database that cannot run here is skipped
 * with a visible reason (never silently); CI=true turns that into a failure
 * in the global setup.
 */
export function forEachDialect(
  title: string,
  options: SuiteOptions,
  define: (suite: SuiteApi) => void,
): void {
  const databases = inject("tangoDatabases") as TestDatabase[];
  for (const db of databases) {
    const missing = !db.url
      ? db.reason
      : options.secondDatabase && !db.url2
        ? `no second database: ${db.reason2}`
        : undefined;
    const block = missing ? describe.skip : describe;
    block(`[${db.dialect}] ${title}${missing ? ` (SKIPPED: ${missing})` : ""}`, () => {
      const ctx: CaseContext = {
        dialect: db.dialect,
        features: () => getDatabase().dialect.features,
        embedded: /^(sqlite|pglite):/.test(db.url ?? ""),
      };
      beforeAll(async () => {
        const settings = testDatabaseSettings(db);
        configure({
          databases: options.secondDatabase
            ? { default: settings, [OTHER_DB]: { ...settings, url: db.url2! } }
            : { default: settings },
        });
        await getDatabase().ready();
        await dropTables(options.models);
        await createTables(options.models);
        if (options.secondDatabase) {
          await dropTables(options.models, { using: OTHER_DB });
          await createTables(options.models, { using: OTHER_DB });
        }
        if (options.fixtures) await options.fixtures();
      });
      afterAll(async () => {
        await dropTables(options.models).catch(() => undefined);
        if (options.secondDatabase)
          await dropTables(options.models, { using: OTHER_DB }).catch(() => undefined);
        await closeConnections();
      });
      define({
        dialect: db.dialect,
        case: (name, fn) =>
          it(name, () =>
            options.secondDatabase
              ? withRollback(() => withRollback(() => fn(ctx), { using: OTHER_DB }))
              : withRollback(() => fn(ctx)),
          ),
        caseWithoutTransaction: (name, fn) => it(name, () => fn(ctx)),
      });
    });
  }
}

/** Assert the SQL a QuerySet sends, per dialect (the expected text is on the expected side). */
export function expectSql(
  qs: { sql(): { sql: string } },
  dialect: DialectName,
  expected: Record<DialectName, string>,
): void {
  expect(qs.sql().sql).toBe(expected[dialect]);
}

/** Count SELECT keywords (Django's shape checks: "a subquery, not a join"). */
export function selectCount(sql: string): number {
  return (sql.match(/\bSELECT\b/g) ?? []).length;
}

/**
 * How the suites connect. MySQL runs with ONLY_FULL_GROUP_BY, its default
 * (MariaDB's default leaves it off), so every grouped query is proven valid there.
 */
export function testDatabaseSettings(db: TestDatabase): DatabaseSettings {
  const initCommands =
    db.dialect === "mysql"
      ? ["SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'ONLY_FULL_GROUP_BY')"]
      : undefined;
  return { url: db.url!, initCommands };
}
