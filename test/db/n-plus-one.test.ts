import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  atomic,
  Count,
  captureQueries,
  configure,
  detectNPlusOne,
  NPlusOneError,
  nPlusOneMiddleware,
  nPlusOneScope,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import { DbProduct, DbSupplier, dbModels, loadProducts } from "./models.js";

const SOURCE = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
/** The line (1-based) holding a marker comment. */
function lineOf(marker: string): number {
  return SOURCE.findIndex((l) => l.includes(marker) && !l.includes("lineOf(")) + 1;
}

function columnOf(marker: string, word: string): number {
  return SOURCE[lineOf(marker) - 1].indexOf(word) + 1;
}

/** Ten products over two suppliers (in the case's transaction). */
async function moreProducts(): Promise<void> {
  const [acme, bolt] = await DbSupplier.objects.orderBy("name");
  await DbProduct.objects.bulkCreate(
    Array.from(
      { length: 6 },
      (_, i) => new DbProduct({ name: `extra${i}`, stock: i, supplier: i % 2 ? acme : bolt }),
    ),
  );
}

/** The classic N+1: one supplier query per product. */
async function suppliersOneByOne(): Promise<string[]> {
  const names: string[] = [];
  for (const p of await DbProduct.objects.filter({ supplier__isnull: false })) {
    const s = await DbSupplier.objects.get({ pk: p.supplierId! }); // N+1 HERE
    names.push(s.name);
  }
  return names;
}

forEachDialect("N+1 detection", { models: dbModels, fixtures: loadProducts }, (t) => {
  t.case("a loop running one query per row trips it (throw mode)", async () => {
    await moreProducts();
    const { queries, result: err } = await captureQueries(() =>
      rejection(detectNPlusOne(suppliersOneByOne, { mode: "throw", threshold: 3 })),
    );
    expect(err).toBeInstanceOf(NPlusOneError);
    const supplierQueries = queries.filter((q) => q.sql.includes("db_supplier"));
    // The 4th is refused before it is sent.
    expect(supplierQueries).toHaveLength(3);
    const message = (err as Error).message.split("\n");
    expect(message[0]).toBe(
      "N+1 queries: the same query ran 4 times in one scope (threshold 3) on 'default'",
    );
    expect(message[1]).toBe(`  query: ${supplierQueries[1].sql}`);
    expect(message[2]).toBe(
      `  called from: test/db/n-plus-one.test.ts:${lineOf("N+1 HERE")}:${columnOf("N+1 HERE", "await")} (suppliersOneByOne)`,
    );
    expect(message[3]).toBe(
      "  fix: load the related rows with the outer query: selectRelated() for a foreign key or one-to-one, prefetchRelated() for reverse and many-to-many relations (or one query with `field__in`).",
    );
  });

  t.case(
    "warn mode reports each repeated shape with its final count when the scope ends",
    async () => {
      await moreProducts();
      const warnings: string[] = [];
      const names = await detectNPlusOne(suppliersOneByOne, {
        threshold: 5,
        logger: (m) => warnings.push(m),
      });
      expect(names).toHaveLength(9);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^N\+1 queries: the same query ran 9 times in one scope \(threshold 5\) on 'default'\n {2}query: SELECT .*db_supplier/,
      );
    },
  );

  t.case("an aggregate per row is told to annotate", async () => {
    const warnings: string[] = [];
    await detectNPlusOne(
      async () => {
        for (const s of await DbSupplier.objects.all())
          for (let i = 0; i < 3; i++) await DbProduct.objects.filter({ supplier: s }).count();
      },
      { threshold: 4, logger: (m) => warnings.push(m) },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("ran 6 times");
    expect(warnings[0]).toContain(
      "fix: compute it in the outer query: annotate() it (Count/Sum/…, or Subquery/SubqueryCount), not one aggregate per row.",
    );
  });

  t.case(
    "the same data read with a join, one IN query or an annotation does not trip it",
    async () => {
      await moreProducts();
      const result = await detectNPlusOne(
        async () => {
          // selectRelated()/prefetchRelated() do the same in one or two queries.
          const joined = await DbProduct.objects
            .filter({ supplier__isnull: false })
            .orderBy("name")
            .valuesList("supplier__name", { flat: true });
          const products = await DbProduct.objects.filter({ supplier__isnull: false });
          const suppliers = await DbSupplier.objects.inBulk(products.map((p) => p.supplierId!));
          const counts = await DbSupplier.objects
            .annotate({ n: Count("products") })
            .orderBy("name")
            .valuesList("name", "n");
          return { joined: joined.length, inBulk: suppliers.size, counts };
        },
        { mode: "throw", threshold: 1 },
      );
      expect(result).toEqual({
        joined: 9,
        inBulk: 2,
        counts: [
          ["acme", 5],
          ["bolt", 4],
        ],
      });
    },
  );

  t.case(
    "the same loop over selectRelated() or prefetchRelated() rows does not trip it",
    async () => {
      await moreProducts();
      const expected = (await suppliersOneByOne()).sort();
      const result = await detectNPlusOne(
        async () => {
          const viaJoin: string[] = [];
          for (const p of await DbProduct.objects
            .filter({ supplier__isnull: false })
            .selectRelated("supplier"))
            viaJoin.push(p.supplier!.name);
          const viaPrefetch: string[] = [];
          for (const s of await DbSupplier.objects.prefetchRelated("products"))
            for (const p of await s.products.all())
              if (p.supplierId !== null) viaPrefetch.push(s.name);
          return { viaJoin: viaJoin.sort(), viaPrefetch: viaPrefetch.sort() };
        },
        { mode: "throw", threshold: 1 },
      );
      expect(result).toEqual({ viaJoin: expected, viaPrefetch: expected });
      // The loop itself still trips it: the check above could fail.
      expect(
        await rejection(detectNPlusOne(suppliersOneByOne, { mode: "throw", threshold: 1 })),
      ).toBeInstanceOf(NPlusOneError);
    },
  );

  t.case("scopes follow async calls and do not see each other", async () => {
    await moreProducts();
    const products = await DbProduct.objects.filter({ supplier__isnull: false });
    const lookup = async (id: number) => {
      await new Promise((r) => setTimeout(r, 1));
      return DbSupplier.objects.get({ pk: id });
    };
    const err = await rejection(
      detectNPlusOne(() => Promise.all(products.map((p) => lookup(p.supplierId!))), {
        mode: "throw",
        threshold: 5,
      }),
    );
    expect(err).toBeInstanceOf(NPlusOneError);
    // Two scopes with 3 runs each, concurrently: neither passes 3.
    const three = () => Promise.all(products.slice(0, 3).map((p) => lookup(p.supplierId!)));
    const both = await Promise.all([
      detectNPlusOne(three, { mode: "throw", threshold: 3 }),
      detectNPlusOne(three, { mode: "throw", threshold: 3 }),
    ]);
    expect(both.map((r) => r.length)).toEqual([3, 3]);
  });

  t.case("transaction control and cursor steps are not counted", async () => {
    await detectNPlusOne(
      async () => {
        for (let i = 0; i < 5; i++) await atomic(async () => undefined);
        let n = 0;
        for await (const _ of DbProduct.objects.iterator({ chunkSize: 1 })) n++;
        expect(n).toBe(4);
      },
      { mode: "throw", threshold: 1 },
    );
  });

  t.case("bad options are a TypeError", async () => {
    await expect(detectNPlusOne(async () => 1, { threshold: 0 })).rejects.toThrow(
      "threshold must be a positive integer (got 0).",
    );
    await expect(detectNPlusOne(async () => 1, { mode: "loud" as "warn" })).rejects.toThrow(
      'mode must be "warn" or "throw" (got loud).',
    );
  });

  t.case(
    "the global opt-in: nPlusOneScope() and the middleware detect only when configured",
    async () => {
      await moreProducts();
      try {
        expect(await nPlusOneScope(suppliersOneByOne)).toHaveLength(9);
        configure({ detectNPlusOne: { mode: "throw", threshold: 2 } });
        expect(await rejection(nPlusOneScope(suppliersOneByOne))).toBeInstanceOf(NPlusOneError);

        const warnings: string[] = [];
        configure({ detectNPlusOne: { threshold: 2, logger: (m) => warnings.push(m) } });
        const res = new EventEmitter();
        let handled!: Promise<string[]>;
        nPlusOneMiddleware()({}, res, () => {
          handled = suppliersOneByOne();
        });
        await handled;
        expect(warnings).toEqual([]);
        res.emit("finish");
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain("ran 9 times");
      } finally {
        configure({ detectNPlusOne: false });
      }
    },
  );
});
