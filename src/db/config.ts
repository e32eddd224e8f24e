import { ImproperlyConfigured } from "../errors.js";

export interface DatabaseSettings {
  url: string;
  /** Largest pool size (PostgreSQL, MySQL). */
  poolSize?: number;
  /** Passed through to the driver. */
  options?: Record<string, unknown>;
  /**
   * SQL run on every new connection, before any query (Django's
   * `init_command`): e.g. `["SET SESSION sql_mode = 'TRADITIONAL'"]`. Written
   * by whoever configures the database, never built from user values.
   */
  initCommands?: readonly string[];
}

export interface QueryLogEntry {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly ms: number;
  readonly database: string;
  /** BEGIN/COMMIT/SAVEPOINT… (not counted by assertNumQueries, as in Django's conformance counts). */
  readonly transaction: boolean;
  /**
   * A step of a streamed read (PostgreSQL's DECLARE/FETCH/CLOSE of iterator()):
   * not counted by assertNumQueries (the SELECT it streams is).
   */
  readonly cursor?: boolean;
}

/** How detectNPlusOne() (and the global opt-in) reports a repeated query shape. */
export interface NPlusOneOptions {
  /** "warn" (default) logs each repeated shape when the scope ends; "throw" raises NPlusOneError at once. */
  mode?: "warn" | "throw";
  /** Runs of one shape allowed in a scope before it is reported (default 5: the 6th trips it). */
  threshold?: number;
  /** Where warnings go (default console.warn). */
  logger?: (message: string) => void;
}

/**
 * What a router is told besides the model: `instance` is the object the
 * query starts from (the instance being saved, or whose relation is read).
 */
export interface RouterHints {
  readonly instance?: object;
  readonly [hint: string]: unknown;
}

/**
 * Django's database router: each method may return an answer or
 * `undefined`/`null` to let the next router decide. The first answer wins;
 * without one, reads and writes go to the instance's own database (when the
 * hints name an instance that came from one), else "default", and a
 * relation is allowed only between objects of the same database.
 * `model` is the model class.
 */
export interface DatabaseRouter {
  dbForRead?(model: RoutedModel, hints: RouterHints): string | null | undefined;
  dbForWrite?(model: RoutedModel, hints: RouterHints): string | null | undefined;
  allowRelation?(obj1: object, obj2: object, hints: RouterHints): boolean | null | undefined;
}

/** A model class as a router sees it (its name and metadata). */
export interface RoutedModel {
  readonly name: string;
  readonly meta: { readonly name: string; readonly table: string };
}

export interface TangoConfig {
  /** Database aliases to URLs or settings; `default` is used unless a query says `using`. */
  databases?: Record<string, string | DatabaseSettings>;
  /** Log every statement: `true` prints to stderr; a function receives each entry. */
  queryLog?: boolean | ((entry: QueryLogEntry) => void);
  /**
   * N+1 detection for the scopes Tango cannot see the end of, such as web
   * requests: `nPlusOneMiddleware()` and `nPlusOneScope(fn)` detect with these
   * options, and do nothing while this is unset or false (so production pays
   * nothing). Also the defaults of `detectNPlusOne(fn)`.
   */
  detectNPlusOne?: NPlusOneOptions | false;
  /** Database routers, asked in order (Django's DATABASE_ROUTERS). */
  routers?: readonly DatabaseRouter[];
}

/** The embedded database used when nothing is configured. */
export const DEFAULT_DATABASE_URL = "sqlite:///.tango/default.sqlite3";

let settings: Record<string, DatabaseSettings> | undefined;
let logSetting: TangoConfig["queryLog"];
let nPlusOne: TangoConfig["detectNPlusOne"];
let routerList: readonly DatabaseRouter[] = [];
let version = 0;

/**
 * Configure databases (and the query log). With nothing configured, Tango
 * reads `DATABASE_URL`, else uses an embedded SQLite file.
 *
 * @example
 * configure({ databases: { default: "postgres://localhost/app", replica: "postgres://replica/app" } });
 */
export function configure(config: TangoConfig): void {
  if (config.databases) {
    const next: Record<string, DatabaseSettings> = {};
    for (const [alias, v] of Object.entries(config.databases)) {
      next[alias] = typeof v === "string" ? { url: v } : v;
      if (!next[alias].url) throw new ImproperlyConfigured(`Database '${alias}' has no url`);
    }
    settings = next;
    version++;
  }
  if ("queryLog" in config) logSetting = config.queryLog;
  if ("detectNPlusOne" in config) nPlusOne = config.detectNPlusOne;
  if (config.routers) {
    for (const [i, r] of config.routers.entries()) {
      if (typeof r !== "object" || r === null)
        throw new ImproperlyConfigured(`routers[${i}] is not a router object`);
    }
    routerList = [...config.routers];
  }
}

export function configVersion(): number {
  return version;
}

export function databaseSettings(alias: string): DatabaseSettings {
  const all = allDatabaseSettings();
  const s = all[alias];
  if (!s) {
    throw new ImproperlyConfigured(
      `The database alias '${alias}' is not configured. Configured: ${Object.keys(all).sort().join(", ")}`,
    );
  }
  return s;
}

export function allDatabaseSettings(): Record<string, DatabaseSettings> {
  if (settings) return settings;
  const url = process.env.DATABASE_URL;
  return { default: { url: url && url.length > 0 ? url : DEFAULT_DATABASE_URL } };
}

export function queryLogSetting(): TangoConfig["queryLog"] {
  return logSetting;
}

export function nPlusOneSetting(): TangoConfig["detectNPlusOne"] {
  return nPlusOne;
}

export function routers(): readonly DatabaseRouter[] {
  return routerList;
}
