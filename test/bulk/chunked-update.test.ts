/**
 * Past Django (issue 4, item 6): update(values, { batchSize }) walks
 * primary-key ranges, one short transaction per batch, reporting progress;
 * a failing batch is rolled back alone and the error lists what was applied.
 */
import { expect } from "vitest";
import {
  BatchUpdateError,
  captureQueries,
  F,
  FieldError,
  IntegrityError,
  OuterRef,
  Subquery,
  Sum,
  type UpdateProgress,
  ValidationError,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import {
  BatchItem,
  BatchOwner,
  batchModels,
  ITEM_COUNT,
  loadBatchItems,
  POISONED,
} from "./models.js";

const ns = () => BatchItem.objects.orderBy("pk").valuesList("n", { flat: true });

forEachDialect("bulk: chunked update", { models: batchModels, fixtures: loadBatchItems }, (t) => {
  t.case("batchSize 500 over 2000 rows: 4 range UPDATEs, the same rows as one UPDATE", async () => {
    const progress: UpdateProgress[] = [];
    const { result, queries } = await captureQueries(() =>
      BatchItem.objects.update(
        { n: F("n").add(10) },
        { batchSize: 500, onProgress: (p) => void progress.push(p) },
      ),
    );
    expect(result).toBe(ITEM_COUNT);
    const updates = queries.filter((q) => q.sql.startsWith("UPDATE"));
    const selects = queries.filter((q) => q.sql.startsWith("SELECT"));
    expect(updates).toHaveLength(4);
    // Four batch bounds, then one that finds no row left.
    expect(selects).toHaveLength(5);
    // The first batch has only an upper bound; the others a range.
    expect((updates[0].sql.match(/[<>]=?/g) ?? []).sort()).toEqual(["<="]);
    for (const u of updates.slice(1))
      expect((u.sql.match(/[<>]=?/g) ?? []).sort()).toEqual(["<=", ">"]);
    expect(progress.map((p) => [p.batch, p.updated, p.totalUpdated])).toEqual([
      [1, 500, 500],
      [2, 500, 1000],
      [3, 500, 1500],
      [4, 500, 2000],
    ]);
    const pks = await BatchItem.objects.orderBy("pk").valuesList("pk", { flat: true });
    expect(progress.map((p) => [p.afterPk, p.lastPk])).toEqual([
      [null, pks[499]],
      [pks[499], pks[999]],
      [pks[999], pks[1499]],
      [pks[1499], pks[1999]],
    ]);
    const batched = await ns();
    await BatchItem.objects.update({ n: F("orig").add(10) });
    expect(batched).toEqual(await ns());
  });

  t.case("a filter the update itself changes: every matching row once", async () => {
    // Rows leave the filter as they are updated; pk ranges (not offsets) keep the walk exact.
    const expected = await BatchItem.objects.filter({ touched: false, n__gte: 3 }).count();
    const batches: number[] = [];
    const updated = await BatchItem.objects
      .filter({ touched: false, n__gte: 3 })
      .update(
        { touched: true, n: F("n").mul(2) },
        { batchSize: 300, onProgress: (p) => void batches.push(p.updated) },
      );
    expect(updated).toBe(expected);
    expect(expected).toBe(1142);
    expect(batches).toEqual([300, 300, 300, 242]);
    expect(await BatchItem.objects.filter({ touched: true }).count()).toBe(expected);
    expect(
      await BatchItem.objects
        .filter({ touched: true })
        .exclude({ n: F("orig").mul(2) })
        .count(),
    ).toBe(0);
  });

  t.case("a batch size above the row count is one batch", async () => {
    const progress: UpdateProgress[] = [];
    const n = await BatchItem.objects
      .filter({ orig: 0 })
      .update({ n: 99 }, { batchSize: 10_000, onProgress: (p) => void progress.push(p) });
    expect(n).toBe(286);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ batch: 1, afterPk: null, updated: 286, totalUpdated: 286 });
  });

  t.case("no matching row: no UPDATE, no progress, 0", async () => {
    const progress: UpdateProgress[] = [];
    const { result, queries } = await captureQueries(() =>
      BatchItem.objects
        .filter({ n: -1 })
        .update({ n: 1 }, { batchSize: 10, onProgress: (p) => void progress.push(p) }),
    );
    expect(result).toBe(0);
    expect(progress).toEqual([]);
    expect(queries.map((q) => q.sql.split(" ")[0])).toEqual(["SELECT"]);
  });

  t.case("Subquery values are computed per row, as in a single UPDATE", async () => {
    const itemSum = BatchItem.objects
      .filter({ owner: OuterRef("pk") })
      .values("owner")
      .annotate({ s: Sum("orig") })
      .values("s");
    const updated = await BatchOwner.objects.update(
      { total: Subquery(itemSum) },
      { batchSize: 150 },
    );
    expect(updated).toBe(400);
    const batched = await BatchOwner.objects.orderBy("pk").valuesList("total", { flat: true });
    await BatchOwner.objects.update({ total: 0 });
    await BatchOwner.objects.update({ total: Subquery(itemSum) });
    expect(batched).toEqual(
      await BatchOwner.objects.orderBy("pk").valuesList("total", { flat: true }),
    );
    // Owner i has items i, i+400, …, i+1600: sum of their (index % 7).
    expect(batched.slice(0, 3)).toEqual([0 + 1 + 2 + 3 + 4, 1 + 2 + 3 + 4 + 5, 2 + 3 + 4 + 5 + 6]);
  });

  t.case("annotate().update() values (past Django) work in batches", async () => {
    const progress: number[] = [];
    const updated = await BatchOwner.objects
      .annotate({ s: Sum("items__orig") })
      .update(
        { total: F("s").add(1) },
        { batchSize: 100, onProgress: (p) => void progress.push(p.updated) },
      );
    expect(updated).toBe(400);
    expect(progress).toEqual([100, 100, 100, 100]);
    const batched = await BatchOwner.objects.orderBy("pk").valuesList("total", { flat: true });
    await BatchOwner.objects.annotate({ s: Sum("items__orig") }).update({ total: F("s").add(1) });
    expect(batched).toEqual(
      await BatchOwner.objects.orderBy("pk").valuesList("total", { flat: true }),
    );
    expect(batched[0]).toBe(11);
  });

  t.case(
    "a failing batch (inside atomic: savepoints): 1–2 applied, 3 rolled back, 4 never run",
    async () => {
      const progress: number[] = [];
      const pks = await BatchItem.objects.orderBy("pk").valuesList("pk", { flat: true });
      let error: unknown;
      try {
        await BatchItem.objects.update(
          { n: F("maybe") },
          { batchSize: 500, onProgress: (p) => void progress.push(p.batch) },
        );
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BatchUpdateError);
      const err = error as BatchUpdateError;
      expect(err.code).toBe("BATCH_UPDATE");
      expect(err.cause).toBeInstanceOf(IntegrityError);
      expect(err.applied).toEqual([
        { batch: 1, afterPk: null, lastPk: pks[499], updated: 500 },
        { batch: 2, afterPk: pks[499], lastPk: pks[999], updated: 500 },
      ]);
      expect(err.failed).toEqual({ batch: 3, afterPk: pks[999], lastPk: pks[1499], updated: 0 });
      expect(err.updated).toBe(1000);
      expect(err.message).toContain(
        `Batch 3 of the chunked update of BatchItem (pk > ${pks[999]} and <= ${pks[1499]}) failed and was rolled back; 2 earlier batch(es) with 1000 row(s) stay applied:`,
      );
      expect(progress).toEqual([1, 2]);
      const after = await ns();
      expect(after.slice(0, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(after.slice(1000)).toEqual(Array.from({ length: 1000 }, (_, i) => (i + 1000) % 7));
    },
  );

  t.caseWithoutTransaction("outside a transaction each batch commits on its own", async () => {
    try {
      const { result, allStatements } = await captureQueries(() =>
        BatchItem.objects.update({ n: F("maybe") }, { batchSize: 500 }).catch((e: unknown) => e),
      );
      expect(result).toBeInstanceOf(BatchUpdateError);
      expect((result as BatchUpdateError).applied.map((b) => b.batch)).toEqual([1, 2]);
      const control = allStatements.filter((s) => s.transaction).map((s) => s.sql);
      expect(control.filter((s) => s === "COMMIT")).toHaveLength(2);
      expect(control.filter((s) => s === "ROLLBACK")).toHaveLength(1);
      expect(control.filter((s) => /SAVEPOINT/.test(s))).toEqual([]);
      // Read back outside any transaction: batches 1–2 are committed, the rest untouched.
      const after = await ns();
      expect(after.slice(0, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(after[POISONED]).toBe(POISONED % 7);
    } finally {
      await BatchItem.objects.update({ n: F("orig") });
    }
  });

  t.case("onProgress throwing stops the walk after its (committed) batch", async () => {
    const stop = new Error("enough");
    const error = await BatchItem.objects
      .update(
        { n: F("n").add(100) },
        {
          batchSize: 500,
          onProgress: (p) => {
            if (p.batch === 2) throw stop;
          },
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchUpdateError);
    const err = error as BatchUpdateError;
    expect(err.cause).toBe(stop);
    expect(err.failed).toBeNull();
    expect(err.applied.map((b) => [b.batch, b.updated])).toEqual([
      [1, 500],
      [2, 500],
    ]);
    expect(err.message).toBe(
      "onProgress threw after batch 2 of the chunked update of BatchItem; 2 batch(es) with 1000 row(s) are applied, the rest did not run.",
    );
    expect(await BatchItem.objects.filter({ n__gte: 100 }).count()).toBe(1000);
  });

  t.case("bad batch sizes and sliced querysets are refused before anything runs", async () => {
    for (const bad of [0, -5, 1.5, Number.NaN]) {
      await expect(BatchItem.objects.update({ n: 1 }, { batchSize: bad })).rejects.toThrow(
        new ValidationError(`update() batchSize must be a positive integer (got ${bad}).`),
      );
    }
    await expect(
      BatchItem.objects.orderBy("pk").slice(0, 10).update({ n: 1 }, { batchSize: 5 }),
    ).rejects.toThrow(new FieldError("Cannot update a query once a slice has been taken."));
    const { queries } = await captureQueries(() =>
      BatchItem.objects.update({ nope: 1 } as never, { batchSize: 5 }).catch(() => undefined),
    );
    expect(queries).toEqual([]);
    expect(await BatchItem.objects.filter({ n: 1 }).count()).toBe(286);
  });
});
