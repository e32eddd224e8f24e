import type { Dialect } from "../dialects/dialect.js";
import { dialectForUrl, serverFeatures } from "../dialects/registry.js";
import {
  allDatabaseSettings,
  configVersion,
  type DatabaseSettings,
  databaseSettings,
} from "./config.js";
import type { Driver } from "./driver.js";

/** One configured database: its dialect (features refined on connect) and its driver. */
export class Database {
  dialect: Dialect;
  readonly driver: Driver;
  private readyPromise: Promise<void> | undefined;

  constructor(
    readonly alias: string,
    readonly settings: DatabaseSettings,
  ) {
    this.dialect = dialectForUrl(settings.url);
    this.driver = this.dialect.driver({
      url: settings.url,
      poolSize: settings.poolSize,
      options: settings.options,
      initCommands: settings.initCommands,
    });
  }

  /** Connect once and learn the server's version-dependent features. */
  /** Connected and features known (no need to await ready()). */
  isReady = false;

  ready(): Promise<void> {
    this.readyPromise ??= (async () => {
      const info = await this.driver.serverInfo();
      this.dialect = this.dialect.withFeatures(
        serverFeatures(this.dialect, info.version, info.isMariaDB),
      );
      this.isReady = true;
    })().catch((e) => {
      this.readyPromise = undefined;
      throw e;
    });
    return this.readyPromise;
  }

  async close(): Promise<void> {
    this.readyPromise = undefined;
    this.isReady = false;
    await this.driver.close();
  }
}

const databases = new Map<string, Database>();
let seenVersion = -1;

/** Return the Database for an alias (created on first use). */
export function getDatabase(alias = "default"): Database {
  if (seenVersion !== configVersion()) {
    // Reconfigured: close and forget databases whose settings changed.
    for (const [a, db] of databases) {
      const now = allDatabaseSettings()[a];
      if (!now || now.url !== db.settings.url) {
        databases.delete(a);
        void db.close().catch(() => undefined);
      }
    }
    seenVersion = configVersion();
  }
  let db = databases.get(alias);
  if (!db) {
    db = new Database(alias, databaseSettings(alias));
    databases.set(alias, db);
  }
  return db;
}

/** Close every pool and embedded database (call before the process exits). */
export async function closeConnections(): Promise<void> {
  const all = [...databases.values()];
  databases.clear();
  await Promise.all(all.map((d) => d.close()));
}
