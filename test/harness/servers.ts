import mysql from "mysql2/promise";
import pg from "pg";

export type DialectName = "sqlite" | "postgres" | "mysql";

export interface TestDatabase {
  readonly dialect: DialectName;
  /** Connection URL, or null when this dialect cannot run here (then `reason` says why). */
  readonly url: string | null;
  readonly engine: string;
  readonly reason?: string;
  /**
   * A second database on the same server (several-databases suites), or null
   * with `reason2` saying why not. Its name is the first one's plus "2"
   * (`test` → `test2`) unless TANGO_TEST_<DIALECT>_URL2 says otherwise; the
   * global setup creates it when missing.
   */
  readonly url2?: string | null;
  readonly reason2?: string;
}

export const POSTGRES_URL =
  process.env.TANGO_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env.TANGO_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

export const POSTGRES_URL2 = process.env.TANGO_TEST_POSTGRES_URL2 ?? secondUrl(POSTGRES_URL);
export const MYSQL_URL2 = process.env.TANGO_TEST_MYSQL_URL2 ?? secondUrl(MYSQL_URL);

/** The URL of the database named like the URL's plus "2", on the same server. */
export function secondUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}2`;
  return u.toString();
}

/** The database name in a server URL (only letters, digits and _ are accepted here). */
function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unusable test database name '${name}'`);
  return name;
}

/** Create the second PostgreSQL database when missing; return null, or why it cannot be used. */
async function ensurePostgresDatabase(serverUrl: string, url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    const name = databaseName(url);
    await client.connect();
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
    return null;
  } catch (e) {
    return `cannot create the second database ${url}: ${(e as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureMysqlDatabase(serverUrl: string, url: string): Promise<string | null> {
  try {
    const name = databaseName(url);
    const c = await mysql.createConnection({ uri: serverUrl, connectTimeout: 3000 });
    try {
      await c.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
    } finally {
      await c.end();
    }
    return null;
  } catch (e) {
    return `cannot create the second database ${url}: ${(e as Error).message}`;
  }
}

/** The second database for a server, or why there is none (an error on CI). */
async function secondDatabase(
  ensure: (serverUrl: string, url: string) => Promise<string | null>,
  serverUrl: string,
  url: string,
  ci: boolean,
): Promise<{ url2: string | null; reason2?: string }> {
  const problem = await ensure(serverUrl, url);
  if (!problem) return { url2: url };
  if (ci) throw new Error(`CI: ${problem}`);
  return { url2: null, reason2: problem };
}

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
      url2: "sqlite::memory:",
    });
  if (wanted.includes("postgres")) {
    const engine = await reachPostgres(POSTGRES_URL);
    if (engine)
      out.push({
        dialect: "postgres",
        url: POSTGRES_URL,
        engine,
        ...(await secondDatabase(ensurePostgresDatabase, POSTGRES_URL, POSTGRES_URL2, ci)),
      });
    else if (ci)
      throw new Error(
        `CI: no PostgreSQL server answers at ${POSTGRES_URL}; refusing to fall back to PGlite`,
      );
    else
      out.push({
        dialect: "postgres",
        url: "pglite://memory",
        engine: "PGlite (embedded PostgreSQL; no server answered)",
        url2: "pglite://memory",
      });
  }
  if (wanted.includes("mysql")) {
    const engine = await reachMysql(MYSQL_URL);
    if (engine)
      out.push({
        dialect: "mysql",
        url: MYSQL_URL,
        engine,
        ...(await secondDatabase(ensureMysqlDatabase, MYSQL_URL, MYSQL_URL2, ci)),
      });
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
