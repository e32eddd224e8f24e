/**
 * Where Tango's time goes, stage by stage (not part of `npm run bench`):
 *
 *   npx tsx bench/profile.ts [sqlite|postgres]   (env: PROFILE_REPS=9)
 *
 * Calls the internals fetchRows() is made of — planSelect, compileSelect,
 * execute, rowReader, the generated reader — separately, and reports medians.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDatabase } from "../src/db/database.js";
import { execute } from "../src/db/execute.js";
import { closeConnections, configure } from "../src/index.js";
import { loadedState } from "../src/models/state.js";
import { planSelect } from "../src/query/plan.js";
import type { Query } from "../src/query/query.js";
import { type RowShape, rowReader } from "../src/queryset/row-shapes.js";
import { median } from "./harness.js";
import { BenchItem, ROWS, seed, shuffledIds, VALUE_NAMES } from "./model.js";

const dialect = process.argv[2] ?? "sqlite";
const REPS = Number(process.env.PROFILE_REPS ?? 9);
const file = join(tmpdir(), `tango-profile-${process.pid}.sqlite3`);
const url =
  dialect === "sqlite"
    ? `sqlite:///${file}`
    : (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/tango_bench");
configure({ databases: { default: url } });
await seed();
const db = getDatabase();
await db.ready();
const state = loadedState(db.alias);

const stats: Array<[string, number]> = [];
/** Time `fn` REPS times (after one warm-up) and record the median in ms. */
async function stage(label: string, fn: () => unknown): Promise<void> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  stats.push([label, median(t)]);
}

async function bulk(
  name: string,
  make: () => PromiseLike<unknown[]> & { state: { query: Query; shape: RowShape } },
) {
  const { query, shape } = make().state;
  const plan = planSelect(query);
  const compiled = db.dialect.createCompiler().compileSelect(plan.query, plan.columns);
  const opts = { returnsRows: true, bigInts: compiled.bigInts };
  const { rows } = await execute(db, compiled.sql, compiled.params, opts);
  const read = rowReader(shape, db.dialect, plan);
  await stage(`${name}: planSelect`, () => planSelect(query));
  await stage(`${name}: compileSelect`, () =>
    db.dialect.createCompiler().compileSelect(plan.query, plan.columns),
  );
  await stage(`${name}: execute() (driver + Tango's execute)`, () =>
    execute(db, compiled.sql, compiled.params, opts),
  );
  await stage(`${name}: rowReader() lookup`, () => rowReader(shape, db.dialect, plan));
  await stage(`${name}: hydrate ${rows.length} rows`, () => rows.map((r) => read(r, state)));
  plan.columns.forEach((c, i) => {
    const r = db.dialect.reader(c);
    stats.push([`${name}:   column ${i} ${c.field?.internalType ?? "?"} reader`, 0]);
    const t: number[] = [];
    for (let k = 0; k < REPS; k++) {
      const t0 = performance.now();
      for (const row of rows) r(row[i]);
      t.push(performance.now() - t0);
    }
    stats[stats.length - 1][1] = median(t);
  });
  await stage(`${name}: whole await`, async () => {
    const n = (await make()).length;
    if (n !== ROWS) throw new Error("bad row count");
  });
}

await bulk("all()", () => BenchItem.objects.all());
await bulk("values()", () => BenchItem.objects.values(...VALUE_NAMES));

// get(): the same stages, 10,000 calls each.
const ids = shuffledIds();
const qsFor = (id: number) => BenchItem.objects.filter({ pk: id }).orderBy().slice(0, 21);
const queries = ids.map((id) => qsFor(id).state.query);
const plans = queries.map((q) => planSelect(q));
const comp = plans.map((p) => db.dialect.createCompiler().compileSelect(p.query, p.columns));
const shape = BenchItem.objects.all().state.shape;
const oneRow = (await execute(db, comp[0].sql, comp[0].params, { returnsRows: true })).rows[0];
const read = rowReader(shape, db.dialect, plans[0]);
const g = "get × 10k";
await stage(`${g}: Manager.filter({pk}).orderBy().slice()`, () => ids.map(qsFor));
await stage(`${g}: planSelect`, () => queries.map((q) => planSelect(q)));
await stage(`${g}: compileSelect`, () =>
  plans.map((p) => db.dialect.createCompiler().compileSelect(p.query, p.columns)),
);
await stage(`${g}: rowReader() lookup`, () => plans.map((p) => rowReader(shape, db.dialect, p)));
await stage(`${g}: hydrate 1 row`, () => ids.map(() => read(oneRow, state)));
await stage(`${g}: loadedState()`, () => ids.map(() => loadedState(db.alias)));
await stage(`${g}: db.ready()`, async () => {
  for (let i = 0; i < ids.length; i++) await db.ready();
});
await stage(`${g}: driver acquire/execute/release`, async () => {
  for (const c of comp) {
    const conn = await db.driver.acquire();
    await conn.execute(c.sql, c.params, { returnsRows: true, bigInts: c.bigInts });
    db.driver.release(conn, undefined);
  }
});
await stage(`${g}: Tango execute()`, async () => {
  for (const c of comp)
    await execute(db, c.sql, c.params, { returnsRows: true, bigInts: c.bigInts });
});
await stage(`${g}: whole get()`, async () => {
  for (const id of ids) await BenchItem.objects.get({ pk: id });
});

await closeConnections();
if (dialect === "sqlite") for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
const w = Math.max(...stats.map(([l]) => l.length));
console.log(`${dialect}: median of ${REPS} (ms)`);
for (const [l, ms] of stats) console.log(`${l.padEnd(w)}  ${ms.toFixed(2).padStart(9)}`);
