import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  atomic,
  closeConnections,
  configure,
  createTables,
  defineModel,
  f,
} from "../../src/index.js";

const FileRow = defineModel("FileRow", { n: f.integer() }, { dbTable: "file_row" });

describe("SQLite in a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "tango-"));
  afterAll(async () => {
    await closeConnections();
    rmSync(dir, { recursive: true, force: true });
  });

  it("iterator() streams through its own reader while other queries run", async () => {
    configure({ databases: { default: `sqlite:///${join(dir, "app.db")}` } });
    await createTables([FileRow]);
    await atomic(() =>
      FileRow.objects.bulkCreate(Array.from({ length: 3000 }, (_, i) => new FileRow({ n: i }))),
    );
    let sum = 0;
    let checks = 0;
    for await (const row of FileRow.objects.orderBy("n").iterator({ chunkSize: 500 })) {
      sum += row.n;
      if (row.n % 1000 === 0) {
        checks += await FileRow.objects.filter({ n__lt: row.n }).count();
        await FileRow.objects.filter({ n: row.n }).update({ n: row.n });
      }
    }
    expect(sum).toBe((2999 * 3000) / 2);
    expect(checks).toBe(0 + 1000 + 2000);
  });
});
