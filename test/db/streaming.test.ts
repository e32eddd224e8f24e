import { expect } from "vitest";
import {
  assertNumQueries,
  atomic,
  captureQueries,
  type QueryLogEntry,
  RawSQL,
} from "../../src/index.js";
import { type DialectName, forEachDialect } from "../harness/case.js";
import { DbEvent } from "./models.js";

/** Enough rows that a full read would be tens of megabytes on the wire (MySQL's socket buffers hold far less). */
const ROWS = 120_000;
const CHUNK = 2_000;
const PAYLOAD = "x".repeat(190);

async function loadEvents(): Promise<void> {
  const batch = 5_000;
  for (let start = 1; start <= ROWS; start += batch) {
    await DbEvent.objects.bulkCreate(
      Array.from(
        { length: Math.min(batch, ROWS - start + 1) },
        (_, i) => new DbEvent({ seq: start + i, payload: `${PAYLOAD}${start + i}` }),
      ),
    );
  }
}

const cursorSteps = (statements: readonly QueryLogEntry[]) =>
  statements.filter((s) => s.cursor).map((s) => s.sql.replace(/tango_cursor_\d+/, "c"));

/**
 * The streamed read still open on another connection: MySQL's SELECT still
 * sending, PostgreSQL's cursor transaction waiting for the next FETCH.
 */
const RUNNING_ELSEWHERE: Record<DialectName, string> = {
  sqlite: "(0 * LENGTH(%s))",
  postgres:
    "(SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction' AND query LIKE %s)",
  mysql:
    "(SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO LIKE %s)",
};

forEachDialect("iterator() streams", { models: [DbEvent], fixtures: loadEvents }, (t) => {
  t.caseWithoutTransaction(`every one of ${ROWS} rows, in order, in chunks`, async (ctx) => {
    let n = 0;
    let sum = 0;
    let ordered = true;
    const { allStatements } = await captureQueries(() =>
      assertNumQueries(1, async () => {
        for await (const e of DbEvent.objects.iterator({ chunkSize: CHUNK })) {
          n++;
          sum += e.seq;
          if (e.seq !== n || !e.payload.endsWith(String(n))) ordered = false;
        }
      }),
    );
    expect({ n, sum, ordered }).toEqual({ n: ROWS, sum: (ROWS * (ROWS + 1)) / 2, ordered: true });
    const steps = cursorSteps(allStatements);
    if (ctx.dialect === "postgres" && !ctx.embedded) {
      // A server-side cursor: one FETCH per chunk (and one that finds the end).
      expect(steps[0]).toMatch(/^BEGIN$/);
      expect(steps[1]).toMatch(/^DECLARE c NO SCROLL CURSOR FOR SELECT /);
      expect(steps.filter((s) => s === `FETCH ${CHUNK} FROM c`)).toHaveLength(ROWS / CHUNK + 1);
      expect(steps.slice(-2)).toEqual(["CLOSE c", "COMMIT"]);
    } else {
      expect(steps).toEqual([]);
    }
  });

  t.caseWithoutTransaction(
    "the first chunk arrives while the server still holds the rest; stopping early ends the read",
    async (ctx) => {
      let running: unknown;
      let firstChunk = 0;
      const { allStatements } = await captureQueries(async () => {
        for await (const e of DbEvent.objects.iterator({ chunkSize: CHUNK })) {
          firstChunk++;
          if (firstChunk === CHUNK) {
            // The stream holds a connection of its own; this runs on another.
            const [row] = await DbEvent.objects
              .filter({ seq: 1 })
              .annotate({
                running: RawSQL(
                  ctx.embedded ? RUNNING_ELSEWHERE.sqlite : RUNNING_ELSEWHERE[ctx.dialect],
                  [ctx.dialect === "postgres" ? "FETCH %" : "SELECT %db_event%"],
                ),
              })
              .values("running");
            running = Number(row.running);
            expect(e.seq).toBe(CHUNK);
            break;
          }
        }
      });
      expect(firstChunk).toBe(CHUNK);
      const steps = cursorSteps(allStatements);
      if (ctx.embedded) {
        // SQLite/PGlite in memory: read at once, handed out in chunks (a SQLite file streams; see sqlite-file.test.ts).
        expect(running).toBe(0);
      } else if (ctx.dialect === "postgres") {
        // The cursor's transaction is open (idle between FETCHes), and only one chunk was fetched.
        expect(steps.filter((s) => s.startsWith("FETCH"))).toEqual([`FETCH ${CHUNK} FROM c`]);
        expect(steps.slice(-2)).toEqual(["CLOSE c", "COMMIT"]);
        expect(running).toBe(1);
      } else if (ctx.dialect === "mysql") {
        // The server is still sending the result the client has not read.
        expect(running).toBe(1);
      }
      // The connections are usable afterwards (MySQL closed the half-read one).
      expect(await DbEvent.objects.count()).toBe(ROWS);
      expect(
        await DbEvent.objects.filter({ seq__lte: 3 }).valuesList("seq", { flat: true }),
      ).toEqual([1, 2, 3]);
    },
  );

  t.caseWithoutTransaction(
    "inside a transaction: PostgreSQL fetches from a cursor on the transaction's connection",
    async (ctx) => {
      const { allStatements, result } = await captureQueries(() =>
        atomic(async () => {
          let n = 0;
          for await (const _ of DbEvent.objects
            .filter({ seq__lte: 5_000 })
            .iterator({ chunkSize: CHUNK }))
            n++;
          return n;
        }),
      );
      expect(result).toBe(5_000);
      const steps = cursorSteps(allStatements);
      expect(steps.filter((s) => s.startsWith("FETCH"))).toHaveLength(
        ctx.dialect === "postgres" && !ctx.embedded ? 3 : 0,
      );
      // No BEGIN/COMMIT of its own inside the caller's transaction.
      expect(steps.filter((s) => s === "BEGIN" || s === "COMMIT")).toEqual([]);
    },
  );

  t.case("chunkSize must be a positive integer", async () => {
    const it = DbEvent.objects.iterator({ chunkSize: 0 })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow("chunkSize must be strictly positive.");
  });
});
