import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DialectName } from "../harness/case.js";

/**
 * Django's recorded answers (data/cases.json): load a case by id and return
 * what the given dialect must produce. SQLite compares with the SQLite
 * record; PostgreSQL and MySQL/MariaDB with the PostgreSQL record (a MySQL
 * difference is asserted at the case, with the reason).
 */

export interface OracleError {
  readonly type: string;
  readonly message: string;
}

export interface BackendRecord {
  readonly result_normalized: unknown;
  readonly error: OracleError | null;
  readonly num_queries: number;
  readonly sql: readonly string[];
  readonly state_after_normalized?: unknown;
}

export interface OracleCase {
  readonly id: string;
  readonly set: string;
  readonly topic: string;
  readonly description: string;
  readonly code: string;
  readonly mutates: boolean;
  readonly unordered: boolean;
  readonly state_code?: string | null;
  readonly sqlite: BackendRecord;
  readonly postgresql: BackendRecord;
  readonly backends_differ: boolean;
}

/** What a dialect must produce for one case. */
export interface Expected {
  readonly result: unknown;
  readonly error: OracleError | null;
  readonly numQueries: number;
  /** `state_after_normalized` (mutating cases), else undefined. */
  readonly stateAfter: unknown;
  readonly unordered: boolean;
  readonly mutates: boolean;
}

const dataFile = fileURLToPath(new URL("./data/cases.json", import.meta.url));
let byId: Map<string, OracleCase> | undefined;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function loadCases(): Map<string, OracleCase> {
  if (byId) return byId;
  const raw: unknown = JSON.parse(readFileSync(dataFile, "utf8"));
  if (!isRecord(raw) || !Array.isArray(raw.cases)) throw new Error("cases.json: no cases[]");
  byId = new Map();
  for (const c of raw.cases as OracleCase[]) byId.set(c.id, c);
  return byId;
}

/** The recorded case, or an error naming the unknown id. */
export function oracleCase(id: string): OracleCase {
  const c = loadCases().get(id);
  if (!c) throw new Error(`No conformance case '${id}' in cases.json`);
  return c;
}

/** Which recorded backend a dialect is compared with. */
export function backendFor(dialect: DialectName): "sqlite" | "postgresql" {
  return dialect === "sqlite" ? "sqlite" : "postgresql";
}

/** Rows of an unordered case, sorted canonically (by their JSON text). */
export function canonicalOrder(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return [...value].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The expected answer of case `id` on `dialect` (normalised as in the README). */
export function expectedFor(id: string, dialect: DialectName): Expected {
  const c = oracleCase(id);
  const rec = c[backendFor(dialect)];
  return {
    result: c.unordered ? canonicalOrder(rec.result_normalized) : rec.result_normalized,
    error: rec.error,
    numQueries: rec.num_queries,
    stateAfter: rec.state_after_normalized,
    unordered: c.unordered,
    mutates: c.mutates,
  };
}
