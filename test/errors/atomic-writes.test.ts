import { expect } from "vitest";
import { captureQueries, F, IntegrityError, resetSequences } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import { ErrItem, errorModels } from "./models.js";

const INITIAL: Array<[string, number]> = [
  ["A", 1],
  ["B", 2],
  ["C", 3],
];

async function loadItems(): Promise<void> {
  await ErrItem.objects.bulkCreate(
    INITIAL.map(([sku, qty], i) => new ErrItem({ id: i + 1, sku, qty })),
  );
  await resetSequences([ErrItem]);
}

async function snapshot(): Promise<unknown[]> {
  return ErrItem.objects.orderBy("pk").valuesList("pk", "sku", "qty");
}

const EXPECTED = INITIAL.map(([sku, qty], i) => [i + 1, sku, qty]);

/**
 * These cases run without the per-case transaction, so each write is its own
 * (real) transaction: the rollback observed is Tango's, not the harness's.
 * Afterwards the table is put back whatever happened.
 */
async function withCleanTable(fn: () => Promise<void>): Promise<void> {
  try {
    expect(await snapshot()).toEqual(EXPECTED);
    await fn();
  } finally {
    await ErrItem.objects.all().delete();
    await loadItems();
  }
}

forEachDialect(
  "errors › failed multi-row writes change nothing",
  { models: errorModels, fixtures: loadItems },
  (t) => {
    t.caseWithoutTransaction(
      "bulkCreate: a later row violating UNIQUE rolls back the earlier rows",
      () =>
        withCleanTable(async () => {
          const objs = [
            new ErrItem({ sku: "D", qty: 4 }),
            new ErrItem({ sku: "E", qty: 5 }),
            new ErrItem({ sku: "A", qty: 6 }),
          ];
          expect(await rejection(ErrItem.objects.bulkCreate(objs))).toBeInstanceOf(IntegrityError);
          expect(await snapshot()).toEqual(EXPECTED);
        }),
    );

    t.caseWithoutTransaction(
      "bulkCreate with batchSize: a failing last batch rolls back earlier INSERTs",
      () =>
        withCleanTable(async () => {
          const objs = [
            new ErrItem({ sku: "D", qty: 4 }),
            new ErrItem({ sku: "E", qty: 5 }),
            new ErrItem({ sku: "F", qty: 6 }),
            new ErrItem({ sku: "B", qty: 7 }),
          ];
          const { queries } = await captureQueries(async () => {
            const e = await rejection(ErrItem.objects.bulkCreate(objs, { batchSize: 1 }));
            expect(e).toBeInstanceOf(IntegrityError);
          });
          expect(queries.filter((q) => q.sql.startsWith("INSERT"))).toHaveLength(4);
          expect(await snapshot()).toEqual(EXPECTED);
        }),
    );

    t.caseWithoutTransaction("bulkCreate: a row violating a CHECK rolls back the others", () =>
      withCleanTable(async () => {
        const objs = [new ErrItem({ sku: "D", qty: 4 }), new ErrItem({ sku: "E", qty: -1 })];
        expect(await rejection(ErrItem.objects.bulkCreate(objs, { batchSize: 1 }))).toBeInstanceOf(
          IntegrityError,
        );
        expect(await snapshot()).toEqual(EXPECTED);
      }),
    );

    t.caseWithoutTransaction("bulkUpdate: one failing row (CHECK) leaves every row unchanged", () =>
      withCleanTable(async () => {
        const items = await ErrItem.objects.orderBy("pk");
        items[0].qty = 100;
        items[1].qty = -1;
        items[2].qty = 300;
        expect(await rejection(ErrItem.objects.bulkUpdate(items, ["qty"]))).toBeInstanceOf(
          IntegrityError,
        );
        expect(await snapshot()).toEqual(EXPECTED);
      }),
    );

    t.caseWithoutTransaction(
      "bulkUpdate with batchSize: a failing later batch rolls back earlier UPDATEs",
      () =>
        withCleanTable(async () => {
          const items = await ErrItem.objects.orderBy("pk");
          items[0].sku = "X";
          items[1].sku = "Y";
          items[2].sku = "X";
          const { queries } = await captureQueries(async () => {
            const e = await rejection(ErrItem.objects.bulkUpdate(items, ["sku"], { batchSize: 1 }));
            expect(e).toBeInstanceOf(IntegrityError);
          });
          expect(queries.filter((q) => q.sql.startsWith("UPDATE"))).toHaveLength(3);
          expect(await snapshot()).toEqual(EXPECTED);
        }),
    );

    t.caseWithoutTransaction("update() violating a CHECK on some rows changes no row", () =>
      withCleanTable(async () => {
        // A: 1 - 2 = -1 violates qty >= 0; B and C would be fine.
        const e = await rejection(ErrItem.objects.update({ qty: F("qty").sub(2) }));
        expect(e).toBeInstanceOf(IntegrityError);
        expect(await snapshot()).toEqual(EXPECTED);
      }),
    );

    t.caseWithoutTransaction("update() violating UNIQUE changes no row", () =>
      withCleanTable(async () => {
        const e = await rejection(
          ErrItem.objects.filter({ sku__in: ["B", "C"] }).update({ sku: "Z" }),
        );
        expect(e).toBeInstanceOf(IntegrityError);
        expect(await snapshot()).toEqual(EXPECTED);
      }),
    );

    t.caseWithoutTransaction("a successful bulkCreate commits", () =>
      withCleanTable(async () => {
        await ErrItem.objects.bulkCreate([new ErrItem({ sku: "D", qty: 4 })], { batchSize: 1 });
        expect((await snapshot()).length).toBe(4);
      }),
    );
  },
);
