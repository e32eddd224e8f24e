import { afterAll, describe, expect, it } from "vitest";
import { allDatabaseSettings, DEFAULT_DATABASE_URL } from "../../src/db/config.js";
import { sqlitePath } from "../../src/dialects/sqlite/driver.js";
import { closeConnections, configure, createTables, defineModel, f } from "../../src/index.js";

const PgliteNote = defineModel(
  "PgliteNote",
  { text: f.char({ maxLength: 20 }), at: f.dateTime() },
  { dbTable: "pglite_note" },
);

describe("configuration", () => {
  it("reads SQLite URLs as SQLAlchemy does (three slashes relative, four absolute)", () => {
    expect(sqlitePath("sqlite:///.tango/app.db")).toBe(".tango/app.db");
    expect(sqlitePath("sqlite:////var/data/app.db")).toBe("/var/data/app.db");
    expect(sqlitePath("sqlite::memory:")).toBe(":memory:");
    expect(() => sqlitePath("sqlite:")).toThrow("Invalid SQLite URL");
  });

  it("uses DATABASE_URL, else an embedded SQLite file", () => {
    const before = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      expect(allDatabaseSettings()).toEqual({ default: { url: DEFAULT_DATABASE_URL } });
      expect(DEFAULT_DATABASE_URL).toBe("sqlite:///.tango/default.sqlite3");
      process.env.DATABASE_URL = "postgres://db.example/app";
      expect(allDatabaseSettings().default.url).toBe("postgres://db.example/app");
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });

  it("refuses an unsupported URL with the supported forms", () => {
    configure({ databases: { default: "oracle://x" } });
    expect(() => PgliteNote.objects.sql()).toThrow(/Unsupported database URL 'oracle:\/\/x'/);
  });
});

describe("PGlite, the embedded PostgreSQL used when no server answers", () => {
  afterAll(() => closeConnections());

  it("creates tables and round-trips rows", async () => {
    configure({ databases: { default: "pglite://memory" } });
    await createTables([PgliteNote]);
    const at = new Date("2024-05-06T07:08:09.123Z");
    await PgliteNote.objects.create({ text: "hello", at });
    const [row] = await PgliteNote.objects.filter({ text__startswith: "he" }).values("text", "at");
    expect(row).toEqual({ text: "hello", at });
  }, 60_000);
});
