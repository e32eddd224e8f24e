import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { median, type Scenario, type Timings } from "./harness.js";

export interface ScenarioResult {
  scenario: string;
  rawMs: number;
  tangoMs: number;
  /** Median over rounds of Tango/raw for the runs made side by side (robust to load drifting between rounds). */
  ratio: number;
  /** get(): µs added per call over the raw prepared statement (median over rounds of the paired difference). */
  addedUsPerCall?: number;
  target: string;
  pass: boolean;
  /** Medians of the reference variants (informational). */
  refsMs: Record<string, number>;
  /** Medians of this process's CPU time over the same runs (less sensitive to other load). */
  cpuMs: { raw: number; tango: number };
  /** Every measured run in ms, space-separated (a string keeps the JSON stable under biome's formatter). */
  samplesMs: { raw: string; tango: string };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function summarise(s: Scenario, t: Timings): ScenarioResult {
  const rawMs = median(t.raw);
  const tangoMs = median(t.tango);
  const ratio = median(t.tango.map((x, i) => x / t.raw[i]));
  const refsMs: Record<string, number> = {};
  for (const [k, v] of Object.entries(t.refs)) refsMs[k] = round(median(v));
  const base = {
    scenario: s.name,
    rawMs: round(rawMs),
    tangoMs: round(tangoMs),
    ratio: round(ratio, 3),
    refsMs,
    cpuMs: { raw: round(median(t.cpu.raw)), tango: round(median(t.cpu.tango)) },
    samplesMs: {
      raw: t.raw.map((x) => x.toFixed(2)).join(" "),
      tango: t.tango.map((x) => x.toFixed(2)).join(" "),
    },
  };
  if (s.target.kind === "ratio") {
    return { ...base, target: `ratio ≤ ${s.target.max}`, pass: ratio <= s.target.max };
  }
  const { calls } = s.target;
  const added = median(t.tango.map((x, i) => ((x - t.raw[i]) * 1000) / calls));
  return {
    ...base,
    addedUsPerCall: round(added, 1),
    target: `+${s.target.maxUs} µs/call`,
    pass: added <= s.target.maxUs,
  };
}

export function printTable(title: string, rows: readonly ScenarioResult[]): void {
  const header = ["scenario", "raw ms", "Tango ms", "ratio", "+µs/call", "target", "result"];
  const body = rows.map((r) => [
    r.scenario,
    r.rawMs.toFixed(2),
    r.tangoMs.toFixed(2),
    `${r.ratio.toFixed(2)}×`,
    r.addedUsPerCall === undefined ? "" : r.addedUsPerCall.toFixed(1),
    r.target,
    r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${title}`);
  console.log("(ms: medians; ratio and +µs/call: medians of the per-round pairs)");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) console.log(line(b));
  for (const r of rows) {
    const refs = Object.entries(r.refsMs);
    if (refs.length)
      console.log(`  ${r.scenario} references: ${refs.map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
  }
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
