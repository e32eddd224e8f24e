import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * One direction of dependency (DESIGN §3): a layer may import (at run time)
 * only from the layers listed for it. Type-only imports are free — a
 * Subquery node may name the Query type it carries.
 */
const ALLOWED: Record<string, readonly string[]> = {
  values: [],
  util: [],
  "errors.ts": [],
  models: ["values", "util", "errors.ts"],
  expressions: ["models", "values", "util", "errors.ts"],
  query: ["expressions", "models", "values", "util", "errors.ts"],
  compiler: ["expressions", "models", "values", "util", "errors.ts"],
  dialects: ["compiler", "expressions", "models", "values", "util", "errors.ts", "db"],
  db: ["dialects", "values", "util", "errors.ts"],
  loading: ["models", "dialects", "query", "values", "util", "errors.ts"],
  migrations: ["db", "dialects", "query", "expressions", "models", "values", "util", "errors.ts"],
  queryset: [
    "query",
    "expressions",
    "compiler",
    "dialects",
    "db",
    "loading",
    "models",
    "values",
    "util",
    "errors.ts",
  ],
  "index.ts": ["*"],
};

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function layerOf(file: string): string {
  return relative(src, file).split("/")[0];
}

/** Runtime imports of a file: `import type` and all-`type` specifier lists are skipped. */
function runtimeImports(code: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/gms;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (m[2]) continue;
    const clause = m[3];
    const braces = /^\{([^}]*)\}$/s.exec(clause.trim());
    if (braces?.[1].split(",").every((s) => s.trim() === "" || s.trim().startsWith("type ")))
      continue;
    out.push(m[4]);
  }
  return out;
}

describe("layers import only downwards", () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    for (const spec of runtimeImports(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const to = layerOf(resolve(dirname(file), spec).replace(/\.js$/, ".ts"));
      if (to === from || allowed?.includes("*") || allowed?.includes(to)) continue;
      violations.push(`${relative(src, file)} imports ${spec} (${from} → ${to})`);
    }
  }

  it("has a rule for every folder", () => {
    const layers = new Set(files(src).map(layerOf));
    expect([...layers].filter((l) => !(l in ALLOWED))).toEqual([]);
  });

  it("has no upward runtime import", () => {
    expect(violations).toEqual([]);
  });
});
