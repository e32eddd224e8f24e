import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resetSequences } from "../../src/migrations/schema.js";
import type { ModelBase } from "../../src/models/instance.js";
import { registeredMetas } from "../../src/models/registry.js";
import type { AnyModel } from "../../src/models/types.js";
import { loadRaw } from "../../src/queryset/insert.js";
import { Duration } from "../../src/values/duration.js";

export type FixtureSet = "aggregation" | "ecommerce" | "project_task" | "state_city";

const dataDir = fileURLToPath(new URL("../conformance/data/", import.meta.url));

export function readFixture(set: FixtureSet): Record<string, Array<Record<string, unknown>>> {
  return JSON.parse(readFileSync(`${dataDir}fixtures/${set}.json`, "utf8"));
}

/**
 * Load one of the conformance fixture sets as raw rows (Django's loaddata:
 * no auto_now; rows keyed by column name, explicit ids, dependency order), then move
 * id sequences past the loaded ids.
 */
export async function loadFixture(set: FixtureSet, models: readonly AnyModel[]): Promise<void> {
  const data = readFixture(set);
  const byTable = new Map([...registeredMetas()].map((m) => [m.table, m]));
  for (const [table, rows] of Object.entries(data)) {
    const meta = byTable.get(table);
    if (!meta)
      throw new Error(
        `Fixture table ${table} has no model (define it and its many-to-manys first)`,
      );
    const Model = meta.modelClass as new (v?: Record<string, unknown>) => ModelBase;
    const objs = rows.map((row) => {
      const values: Record<string, unknown> = {};
      for (const f of meta.fields) {
        if (!(f.column in row)) continue;
        const v = row[f.column];
        values[f.attname] =
          f.internalType === "DurationField" && typeof v === "string" ? Duration.parse(v) : v;
      }
      return new Model(values);
    });
    await loadRaw(meta, objs);
  }
  await resetSequences(models);
}
