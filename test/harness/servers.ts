import mysql from "mysql2/promise";
import pg from "pg";

export type DialectName = "sqlite" | "postgres" | "mysql";

export interface TestDatabase {
  readonly dialect: DialectName;
  /** Connection URL, or null when this dialect cannot run here (then `reason` says why). */
  readonly url: string | null;
  readonly engine: string;
  readonly reason?: string;
}

export const POSTGRES_URL =
  process.env.TANGO_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env.TANGO_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

async function reachPostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query("SHOW server_version");
    return `PostgreSQL ${r.rows[0].server_version}`;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function reachMysql(url: string): Promise<string | null> {
  try {
    const c = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    const [rows] = await c.query("SELECT VERSION() AS v");
    await c.end();
    return `MySQL/MariaDB ${(rows as Array<{ v: string }>)[0].v}`;
  } catch {
    return null;
  }
}

/**
 * Which databases the suite runs against. PostgreSQL falls back to PGlite
 * (embedded) when no server answers; MySQL is skipped (loudly) when none
 * answers. With CI=true every server must answer: a missing one fails the run.
 */
export async function detectDatabases(): Promise<TestDatabase[]> {
  const wanted = (process.env.TANGO_TEST_DIALECTS ?? "sqlite,postgres,mysql")
    .split(",")
    .map((s) => s.trim());
  const ci = process.env.CI === "true" || process.env.CI === "1";
  const out: TestDatabase[] = [];
  if (wanted.includes("sqlite"))
    out.push({
      dialect: "sqlite",
      url: "sqlite::memory:",
      engine: "SQLite (better-sqlite3, in memory)",
    });
  if (wanted.includes("postgres")) {
    const engine = await reachPostgres(POSTGRES_URL);
    if (engine) out.push({ dialect: "postgres", url: POSTGRES_URL, engine });
    else if (ci)
      throw new Error(
        `CI: no PostgreSQL server answers at ${POSTGRES_URL}; refusing to fall back to PGlite`,
      );
    else
      out.push({
        dialect: "postgres",
        url: "pglite://memory",
        engine: "PGlite (embedded PostgreSQL; no server answered)",
      });
  }
  if (wanted.includes("mysql")) {
    const engine = await reachMysql(MYSQL_URL);
    if (engine) out.push({ dialect: "mysql", url: MYSQL_URL, engine });
    else if (ci) throw new Error(`CI: no MySQL/MariaDB server answers at ${MYSQL_URL}`);
    else
      out.push({
        dialect: "mysql",
        url: null,
        engine: "none",
        reason: `no MySQL/MariaDB server answers at ${MYSQL_URL}`,
      });
  }
  return out;
}
