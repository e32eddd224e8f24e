import type { CompiledSelect } from "../compiler/compiler.js";
import { EmptyResultSet } from "../compiler/empty.js";
import type { CompiledSql } from "../compiler/sql-writer.js";
import {
  type CompiledWrite,
  compileDelete,
  compileInsert,
  compileUpdate,
} from "../compiler/write.js";
import type { Database } from "../db/database.js";
import { execute, stream } from "../db/execute.js";
import type { Dialect } from "../dialects/dialect.js";
import { Count } from "../expressions/aggregates.js";
import type { RowReader } from "../loading/hydrate.js";
import { loadedState } from "../models/state.js";
import { planAggregate } from "../query/aggregation.js";
import { ParamBag } from "../query/params.js";
import { planExists, planPlainCount, planSelect, type SelectPlan } from "../query/plan.js";
import type { Query } from "../query/query.js";
import type { DeletePlan, InsertPlan, UpdatePlan } from "../query/write.js";
import { type RowShape, rowReader } from "./row-shapes.js";

interface CachedSelect {
  readonly plan: SelectPlan;
  /** null: the query can match no row (no SQL is sent). */
  readonly compiled: CompiledSelect | null;
  readers: Map<RowShape, RowReader> | undefined;
}

const plans = new WeakMap<Query, SelectPlan>();
const compiledSelects = new WeakMap<Dialect, WeakMap<Query, CachedSelect>>();

/** planSelect once per query shape. */
function planOf(query: Query): SelectPlan {
  let plan = plans.get(query);
  if (!plan) {
    plan = planSelect(query);
    plans.set(query, plan);
  }
  return plan;
}

/**
 * The compiled SELECT for a query shape on a dialect, compiled once: later
 * calls only recompute the parameters from their values (the statement
 * text is the same, so the driver's prepared statement is reused too).
 */
function selectFor(dialect: Dialect, query: Query, params: readonly unknown[]): CachedSelect {
  let byQuery = compiledSelects.get(dialect);
  if (!byQuery) {
    byQuery = new WeakMap();
    compiledSelects.set(dialect, byQuery);
  }
  let entry = byQuery.get(query);
  if (!entry) {
    const plan = planOf(query);
    let compiled: CompiledSelect | null;
    try {
      compiled = dialect.createCompiler(params).compileSelect(plan.query, plan.columns);
    } catch (e) {
      if (!(e instanceof EmptyResultSet)) throw e;
      compiled = null;
    }
    entry = { plan, compiled, readers: undefined };
    byQuery.set(query, entry);
    return entry;
  }
  return entry;
}

function bind(compiled: CompiledSql, params: readonly unknown[]): readonly unknown[] {
  const { recipes } = compiled;
  const out = new Array(recipes.length);
  for (let i = 0; i < recipes.length; i++) out[i] = recipes[i](params);
  return out;
}

function readerFor(entry: CachedSelect, shape: RowShape, dialect: Dialect): RowReader {
  entry.readers ??= new Map();
  let r = entry.readers.get(shape);
  if (!r) {
    r = rowReader(shape, dialect, entry.plan);
    entry.readers.set(shape, r);
  }
  return r;
}

/** Compile a SELECT for a database, or return null when it can match no row (no query is sent). */
export function compileSelectFor(
  db: Database,
  query: Query,
  params: readonly unknown[],
): { plan: SelectPlan; compiled: CompiledSelect } | null {
  const entry = selectFor(db.dialect, query, params);
  if (!entry.compiled) return null;
  return {
    plan: entry.plan,
    compiled: { ...entry.compiled, params: bind(entry.compiled, params) },
  };
}

/** Run a SELECT and build its rows in the given shape. */
export async function fetchRows(
  db: Database,
  query: Query,
  params: readonly unknown[],
  shape: RowShape,
): Promise<unknown[]> {
  await db.ready();
  const entry = selectFor(db.dialect, query, params);
  const compiled = entry.compiled;
  if (!compiled) return [];
  const res = await execute(db, compiled.sql, bind(compiled, params), {
    returnsRows: true,
    bigInts: compiled.bigInts,
  });
  const read = readerFor(entry, shape, db.dialect);
  const state = loadedState(db.alias);
  const rows = res.rows;
  const out = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = read(rows[i], state);
  return out;
}

/** Stream rows in chunks (iterator()). */
export async function* streamRows(
  db: Database,
  query: Query,
  params: readonly unknown[],
  shape: RowShape,
  chunkSize: number,
): AsyncIterable<unknown[]> {
  await db.ready();
  const entry = selectFor(db.dialect, query, params);
  const compiled = entry.compiled;
  if (!compiled) return;
  const read = readerFor(entry, shape, db.dialect);
  const state = loadedState(db.alias);
  const options = { returnsRows: true, bigInts: compiled.bigInts };
  for await (const chunk of stream(db, compiled.sql, bind(compiled, params), chunkSize, options)) {
    yield chunk.map((r) => read(r, state));
  }
}

const COUNT_SHAPE: RowShape = Object.freeze({ kind: "values", names: ["__count"] });

export async function runCount(
  db: Database,
  query: Query,
  params: readonly unknown[],
): Promise<number> {
  await db.ready();
  const q = planPlainCount(query);
  if (!q) {
    const bag = new ParamBag(params);
    const outer = planAggregate(query, { __count: Count("*") }, bag);
    return Number((await runAggregate(db, outer, bag.values, [0], COUNT_SHAPE)).__count);
  }
  let compiled: CompiledSql;
  try {
    compiled = db.dialect.createCompiler(params).compileCount(q);
  } catch (e) {
    if (e instanceof EmptyResultSet) return 0;
    throw e;
  }
  const res = await execute(db, compiled.sql, compiled.params, { returnsRows: true });
  return Number(res.rows[0]?.[0] ?? 0);
}

export async function runExists(
  db: Database,
  query: Query,
  params: readonly unknown[],
): Promise<boolean> {
  await db.ready();
  const q = planExists(query);
  let compiled: CompiledSql;
  try {
    compiled = db.dialect.createCompiler(params).compileSelect(q, []);
  } catch (e) {
    if (e instanceof EmptyResultSet) return false;
    throw e;
  }
  const res = await execute(db, compiled.sql, compiled.params, { returnsRows: true });
  return res.rows.length > 0;
}

async function runWrite(db: Database, compile: () => CompiledWrite, bigInts = false) {
  await db.ready();
  let compiled: CompiledWrite;
  try {
    compiled = compile();
  } catch (e) {
    if (e instanceof EmptyResultSet) return { rows: [], rowCount: 0 };
    throw e;
  }
  return execute(db, compiled.sql, compiled.params, { returnsRows: compiled.returnsRows, bigInts });
}

export async function runUpdate(
  db: Database,
  plan: UpdatePlan,
  params: readonly unknown[],
): Promise<number> {
  const res = await runWrite(db, () => compileUpdate(db.dialect.createCompiler(params), plan));
  return res.rowCount;
}

export async function runDelete(
  db: Database,
  plan: DeletePlan,
  params: readonly unknown[],
): Promise<number> {
  const res = await runWrite(db, () => compileDelete(db.dialect.createCompiler(params), plan));
  return res.rowCount;
}

export async function runInsert(db: Database, plan: InsertPlan) {
  return runWrite(db, () => compileInsert(db.dialect.createCompiler(), plan));
}

/**
 * Run aggregate()'s query and return its one row as an object. When the
 * query can match no row, `empty` (if known) is the answer and nothing is
 * sent; it is read through the same column readers as a real row.
 */
export async function runAggregate(
  db: Database,
  query: Query,
  params: readonly unknown[],
  empty: readonly unknown[] | null,
  shape: RowShape,
): Promise<Record<string, unknown>> {
  await db.ready();
  const entry = selectFor(db.dialect, query, params);
  const read = readerFor(entry, shape, db.dialect);
  const state = loadedState(db.alias);
  let compiled = entry.compiled;
  if (!compiled) {
    if (empty) {
      const columns = entry.plan.columns;
      const raw = empty.map((v, i) => (v === null ? null : db.dialect.encode(v, columns[i].field)));
      return read(raw, state) as Record<string, unknown>;
    }
    // Only the database can say what these expressions are over no rows: ask it.
    const compiler = db.dialect.createCompiler(params);
    compiler.elideEmpty = false;
    compiled = compiler.compileSelect(entry.plan.query, entry.plan.columns);
  }
  const res = await execute(db, compiled.sql, bind(compiled, params), {
    returnsRows: true,
    bigInts: compiled.bigInts,
  });
  return read(res.rows[0], state) as Record<string, unknown>;
}
