/**
 * `npm run bench`: Tango against the raw drivers on SQLite and PostgreSQL.
 * Reports medians of interleaved warm runs; it does not assert.
 *
 *   npm run bench [-- sqlite|postgres] (env: BENCH_RUNS=11 BENCH_WARMUP=3 BENCH_PG_URL=…)
 */
import { rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { closeConnections, configure } from "../src/index.js";
import { measure, sinkValue } from "./harness.js";
import { seed } from "./model.js";
import { ensureBenchDatabase, postgresSuite } from "./postgres.js";
import { printTable, type ScenarioResult, summarise, writeJson } from "./report.js";
import { sanityCheck } from "./sanity.js";
import { sqliteSuite } from "./sqlite.js";
import type { Suite } from "./suite.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/tango_bench";
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const dialects = wanted.length ? wanted : ["sqlite", "postgres"];

interface DialectResult {
  dialect: string;
  url: string;
  baseline: string;
  scenarios: ScenarioResult[];
}

async function runDialect(name: string): Promise<DialectResult> {
  let url: string;
  let make: () => Promise<Suite> | Suite;
  let cleanup = () => {};
  if (name === "sqlite") {
    const file = join(tmpdir(), `tango-bench-${process.pid}.sqlite3`);
    url = `sqlite:///${file}`; // four slashes: absolute path
    make = () => sqliteSuite(file);
    cleanup = () => {
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    };
  } else if (name === "postgres") {
    url = PG_URL;
    await ensureBenchDatabase(PG_URL);
    make = () => postgresSuite(PG_URL);
  } else {
    throw new Error(`Unknown dialect '${name}' (use sqlite or postgres)`);
  }
  configure({ databases: { default: url } });
  try {
    await seed();
    const suite = await make();
    try {
      await sanityCheck();
      console.error(`${name}: ${WARMUP} warm-up + ${RUNS} measured rounds…`);
      const timings = await measure(suite.scenarios, WARMUP, RUNS, (r) =>
        process.stderr.write(`  round ${r + 1}/${WARMUP + RUNS}\n`),
      );
      const scenarios = suite.scenarios.map((s) => summarise(s, timings.get(s.name)!));
      return { dialect: name, url, baseline: suite.baseline, scenarios };
    } finally {
      await suite.close();
    }
  } finally {
    await closeConnections();
    cleanup();
  }
}

const results: DialectResult[] = [];
for (const d of dialects) {
  const r = await runDialect(d);
  results.push(r);
  printTable(`${d} — median of ${RUNS} warm runs (baseline: ${r.baseline})`, r.scenarios);
}
writeJson(new URL("./results/latest.json", import.meta.url).pathname, {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  runs: RUNS,
  warmup: WARMUP,
  method:
    "raw, Tango and references interleaved in one process (order alternating per round), full GC before each run; " +
    "ms = median of the measured runs; ratio / addedUsPerCall = median over rounds of the side-by-side pairs",
  results,
  sink: sinkValue(),
});
