import type { TestProject } from "vitest/node";
import { detectDatabases, type TestDatabase } from "./servers.js";

declare module "vitest" {
  export interface ProvidedContext {
    tangoDatabases: TestDatabase[];
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const dbs = await detectDatabases();
  const lines = dbs.map(
    (d) =>
      `  ${d.dialect.padEnd(8)} ${d.url ? d.engine : `SKIPPED — ${d.reason}`}` +
      (d.url && d.url2 === null
        ? `\n  ${"".padEnd(8)} second database SKIPPED — ${d.reason2}`
        : ""),
  );
  process.stdout.write(`\nTango test databases:\n${lines.join("\n")}\n`);
  for (const d of dbs.filter((x) => !x.url)) {
    const bar = "!".repeat(78);
    process.stdout.write(
      `\n${bar}\n!! ${d.dialect.toUpperCase()} TESTS ARE SKIPPED: ${d.reason}\n!! Start the server (see README) to run them. CI=true makes this an error.\n${bar}\n\n`,
    );
  }
  project.provide("tangoDatabases", dbs);
}
