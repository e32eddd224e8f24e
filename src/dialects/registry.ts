import { ImproperlyConfigured } from "../errors.js";
import type { Dialect, DialectName, Features } from "./dialect.js";
import { MysqlDialect } from "./mysql/dialect.js";
import { refineMysqlFeatures } from "./mysql/features.js";
import { PostgresDialect, pgliteDialect } from "./postgres/dialect.js";
import { refinePostgresFeatures } from "./postgres/features.js";
import { SqliteDialect } from "./sqlite/dialect.js";

/** Pick the dialect for a database URL. */
export function dialectForUrl(url: string): Dialect {
  if (url.startsWith("sqlite:")) return new SqliteDialect();
  if (url.startsWith("postgres://") || url.startsWith("postgresql://"))
    return new PostgresDialect();
  if (url.startsWith("pglite:")) return pgliteDialect();
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) return new MysqlDialect();
  throw new ImproperlyConfigured(
    `Unsupported database URL '${url.replace(/\/\/[^@/]*@/, "//***@")}': use sqlite:///file.db, sqlite::memory:, ` +
      "postgres://…, pglite:// or mysql://…",
  );
}

const REFINERS: Record<DialectName, (version: string, isMariaDB: boolean) => Partial<Features>> = {
  sqlite: (version) => ({ serverVersion: version }),
  postgres: refinePostgresFeatures,
  mysql: refineMysqlFeatures,
};

/** Features that depend on the server that answered. */
export function serverFeatures(
  dialect: Dialect,
  version: string,
  isMariaDB: boolean,
): Partial<Features> {
  return REFINERS[dialect.name](version, isMariaDB);
}
