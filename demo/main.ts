/**
 * `npm run demo`: article 001's e-commerce models in an embedded SQLite
 * database, a few thousand generated rows, and the article's queries, each
 * shown with its code, its SQL, a few rows and its number of queries.
 */
import { fileURLToPath } from "node:url";
import { captureQueries, closeConnections, configure } from "../src/index.js";
import { bold, cyan, dim, formatQueries, formatResult, indent, rule } from "./print.js";
import { scenes } from "./scenes.js";
import { resetSchema, seed } from "./seed.js";
import { sceneBodies } from "./source.js";

/**
 * The repository's .tango/demo.sqlite3, as an absolute path: "sqlite://" + "/abs/path".
 * (sqlitePath() reads "sqlite:///.tango/x" as the absolute "/.tango/x" today.)
 */
const FILE = fileURLToPath(new URL("../.tango/demo.sqlite3", import.meta.url));
const DATABASE = `sqlite:///${FILE}`;

async function main(): Promise<void> {
  const started = performance.now();
  configure({ databases: { default: DATABASE } });
  await resetSchema();
  const counts = await seed();
  const seeded = performance.now() - started;
  console.log(bold("Tango demo: articles 001 and 003, e-commerce queries and aggregation"));
  console.log(dim(`database ${FILE} (SQLite), recreated`));
  const summary = Object.entries(counts).map(([name, n]) => `${n} ${name}`);
  console.log(dim(`seeded ${summary.join(", ")} in ${seeded.toFixed(0)} ms`));

  const bodies = sceneBodies(fileURLToPath(new URL("./scenes.ts", import.meta.url)));
  for (const [i, scene] of scenes.entries()) {
    const code = bodies.get(scene.title);
    if (code === undefined) throw new Error(`no source found for scene "${scene.title}"`);
    const { result, queries } = await captureQueries(scene.run);
    const ms = queries.reduce((sum, q) => sum + q.ms, 0);
    const noun = queries.length === 1 ? "query" : "queries";
    const timing = queries.length ? dim(` (${ms.toFixed(1)} ms in the database)`) : "";
    console.log(`\n${rule()}\n${bold(`${i + 1}. ${scene.title}`)}\n${rule()}`);
    console.log(cyan(indent(code)));
    console.log(`\n${bold("SQL")}\n${indent(formatQueries(queries))}`);
    console.log(`\n${bold("Result")} ${formatResult(result)}`);
    console.log(`\n${bold(`${queries.length} ${noun}`)}${timing}`);
  }
  const total = (performance.now() - started) / 1000;
  console.log(`\n${rule()}\n${dim(`${scenes.length} scenes in ${total.toFixed(1)} s`)}`);
}

try {
  await main();
} finally {
  await closeConnections();
}
