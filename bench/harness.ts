import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** One timed body; returns something derived from its result so nothing is optimised away. */
export type Body = () => Promise<unknown> | unknown;

/** A scenario: the raw-driver baseline, Tango, and optional reference variants (not compared). */
export interface Scenario {
  readonly name: string;
  /** "ratio": Tango/raw ≤ target; "perCall": (Tango - raw) / calls ≤ target µs. */
  readonly target:
    | { kind: "ratio"; max: number }
    | { kind: "perCall"; maxUs: number; calls: number };
  readonly raw: Body;
  readonly tango: Body;
  readonly refs?: Readonly<Record<string, Body>>;
}

export interface Timings {
  readonly raw: number[];
  readonly tango: number[];
  readonly refs: Record<string, number[]>;
  /** Process CPU ms of the same runs (raw, Tango). */
  readonly cpu: { raw: number[]; tango: number[] };
}

setFlagsFromString("--expose-gc");
/** A full GC between timed runs, so one side's garbage is not collected on the other's clock. */
const gc = runInNewContext("gc") as () => void;

let sink = 0;
/** Keep results observable (prevents dead-code elimination of the timed work). */
export function consume(v: unknown): void {
  sink ^= Array.isArray(v) ? v.length : v ? 1 : 0;
}
export function sinkValue(): number {
  return sink;
}

/** Wall-clock ms of one run, and this process's CPU ms (robust to other load; excludes the server). */
async function timeOnce(body: Body): Promise<[number, number]> {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  consume(await body());
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [wall, (c.user + c.system) / 1000];
}

/**
 * Run every scenario `warmup + runs` times, interleaving raw, Tango and the
 * references in one process (order alternates each round), and keep the
 * timings of the last `runs` rounds.
 */
export async function measure(
  scenarios: readonly Scenario[],
  warmup: number,
  runs: number,
  onRound?: (round: number) => void,
): Promise<Map<string, Timings>> {
  const out = new Map<string, Timings>();
  for (const s of scenarios)
    out.set(s.name, { raw: [], tango: [], refs: {}, cpu: { raw: [], tango: [] } });
  for (let round = 0; round < warmup + runs; round++) {
    for (const s of scenarios) {
      const t = out.get(s.name)!;
      const variants: Array<[string, Body]> = [
        ["raw", s.raw],
        ["tango", s.tango],
        ...Object.entries(s.refs ?? {}),
      ];
      if (round % 2 === 1) variants.reverse();
      for (const [label, body] of variants) {
        const [ms, cpu] = await timeOnce(body);
        if (round < warmup) continue;
        if (label === "raw") {
          t.raw.push(ms);
          t.cpu.raw.push(cpu);
        } else if (label === "tango") {
          t.tango.push(ms);
          t.cpu.tango.push(cpu);
        } else {
          t.refs[label] ??= [];
          t.refs[label].push(ms);
        }
      }
    }
    onRound?.(round);
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
