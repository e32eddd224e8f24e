import { expect } from "vitest";
import {
  assertNumQueries,
  atomic,
  configure,
  type DatabaseRouter,
  instanceState,
  Prefetch,
  RouterError,
  Sum,
  ValidationError,
} from "../../src/index.js";
import { forEachDialect, OTHER_DB } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import { DbProduct, DbSupplier, DbTag, dbModels, loadProducts, routedModels } from "./models.js";

/** Route one model to the other database, both ways. */
const suppliersElsewhere: DatabaseRouter = {
  dbForRead: (model) => (model.meta.name === "DbSupplier" ? OTHER_DB : undefined),
  dbForWrite: (model) => (model.meta.name === "DbSupplier" ? OTHER_DB : undefined),
};

async function withRouters(routers: DatabaseRouter[], fn: () => Promise<void>): Promise<void> {
  configure({ routers });
  try {
    await fn();
  } finally {
    configure({ routers: [] });
  }
}

const names = (alias: string) =>
  DbSupplier.objects.using(alias).orderBy("name").valuesList("name", { flat: true });

forEachDialect(
  "several databases › using() and routers",
  { models: dbModels, fixtures: loadProducts, secondDatabase: true },
  (t) => {
    t.case("using() reads and writes the named database; instances remember it", async () => {
      const made = await DbSupplier.objects.using(OTHER_DB).create({ name: "zeta" });
      expect(instanceState(made)).toEqual({ adding: false, db: OTHER_DB });
      expect(await names(OTHER_DB)).toEqual(["zeta"]);
      expect(await names("default")).toEqual(["acme", "bolt"]);

      const z = await DbSupplier.objects.using(OTHER_DB).get({ name: "zeta" });
      expect(instanceState(z).db).toBe(OTHER_DB);
      z.name = "zed";
      await z.save(); // to "other", where it came from
      expect(await names(OTHER_DB)).toEqual(["zed"]);
      expect(await names("default")).toEqual(["acme", "bolt"]);
      await DbSupplier.objects.using(OTHER_DB).filter({ pk: z.pk }).update({ name: "zz" });
      await z.refreshFromDb();
      expect(z.name).toBe("zz");

      const fromDefault = await DbSupplier.objects.get({ name: "acme" });
      expect(instanceState(fromDefault).db).toBe("default");
      await z.delete();
      expect(await DbSupplier.objects.using(OTHER_DB).count()).toBe(0);
      expect(await DbSupplier.objects.count()).toBe(2);
      expect(await DbProduct.objects.using(OTHER_DB).aggregate({ s: Sum("stock") })).toEqual({
        s: null,
      });
      expect(await DbProduct.objects.aggregate({ s: Sum("stock") })).toEqual({ s: 18 });
    });

    t.case("bulkCreate, getOrCreate and iterator() follow using()", async () => {
      await DbSupplier.objects
        .using(OTHER_DB)
        .bulkCreate([new DbSupplier({ name: "x1" }), new DbSupplier({ name: "x2" })]);
      const [got, created] = await DbSupplier.objects.using(OTHER_DB).getOrCreate({ name: "x1" });
      expect(created).toBe(false);
      expect(instanceState(got).db).toBe(OTHER_DB);
      const seen: string[] = [];
      for await (const s of DbSupplier.objects.using(OTHER_DB).iterator({ chunkSize: 1 }))
        seen.push(s.name);
      expect(seen).toEqual(["x1", "x2"]);
    });

    t.case("a router sends one model's reads and writes to its database", () =>
      withRouters([suppliersElsewhere], async () => {
        const s = await DbSupplier.objects.create({ name: "routed" });
        expect(instanceState(s).db).toBe(OTHER_DB);
        expect(await DbSupplier.objects.valuesList("name", { flat: true })).toEqual(["routed"]);
        expect(await DbProduct.objects.count()).toBe(4);
        // using() is not routed.
        expect(await DbSupplier.objects.using("default").count()).toBe(2);
        await DbSupplier.objects.filter({ name: "routed" }).update({ name: "moved" });
        expect(await names(OTHER_DB)).toEqual(["moved"]);
      }),
    );

    t.case("routers are asked in order: the first answer wins, undefined/null pass on", () => {
      const asked: string[] = [];
      const routers: DatabaseRouter[] = [
        {},
        {
          dbForRead: (_m, hints) => {
            asked.push(`read ${"instance" in hints}`);
            return undefined;
          },
        },
        { dbForRead: () => null },
        { dbForRead: () => OTHER_DB },
        { dbForRead: () => "default", dbForWrite: () => undefined },
      ];
      return withRouters(routers, async () => {
        expect(DbSupplier.objects.all().db).toBe(OTHER_DB);
        expect(asked).toEqual(["read false"]);
        // No router answers for writes: "default".
        expect(DbSupplier.objects.all().writeDb).toBe("default");
        // selectForUpdate() reads from the write database (Django's _for_write).
        expect(DbSupplier.objects.selectForUpdate().db).toBe("default");
      });
    });

    t.case("the routers' answer wins over the instance's own database when saving", async () => {
      const z = await DbSupplier.objects.using(OTHER_DB).create({ id: 100, name: "zeta" });
      await withRouters([{ dbForWrite: () => "default" }], async () => {
        z.name = "copied";
        await z.save();
        expect(instanceState(z).db).toBe("default");
      });
      expect(await names("default")).toEqual(["acme", "bolt", "copied"]);
      expect(await names(OTHER_DB)).toEqual(["zeta"]);
    });

    t.case("a relation across databases needs allowRelation", async () => {
      const elsewhere = await DbSupplier.objects.using(OTHER_DB).create({ name: "far" });
      const apple = await DbProduct.objects.get({ name: "apple" });
      const before = apple.supplierId;
      const err = await rejection(() => {
        apple.supplier = elsewhere;
      });
      expect(err).toBeInstanceOf(RouterError);
      expect((err as Error).message).toBe(
        `Cannot assign DbSupplier (pk ${elsewhere.pk}) to DbProduct from database 'default': it comes from database 'other' and the database routers prevent this relation (allowRelation).`,
      );
      expect(apple.supplierId).toBe(before);

      await withRouters([{ allowRelation: () => true }], async () => {
        apple.supplier = elsewhere;
        expect(apple.supplierId).toBe(elsewhere.pk);
      });
      await withRouters([{ allowRelation: () => false }], async () => {
        const acme = await DbSupplier.objects.get({ name: "acme" });
        expect(await rejection(() => (apple.supplier = acme))).toBeInstanceOf(RouterError);
      });
    });

    t.case("a new instance is bound to the database of the object assigned to it", async () => {
      const far = await DbSupplier.objects.using(OTHER_DB).create({ name: "far" });
      const kiwi = new DbProduct({ name: "kiwi", stock: 1, supplier: far });
      expect(instanceState(kiwi)).toEqual({ adding: true, db: OTHER_DB });
      await kiwi.save();
      expect(await DbProduct.objects.using(OTHER_DB).valuesList("name", "supplier__name")).toEqual([
        ["kiwi", "far"],
      ]);
      expect(await DbProduct.objects.filter({ name: "kiwi" }).exists()).toBe(false);
    });

    t.case("atomic() covers one database: each alias has its own transaction", async () => {
      await rejection(
        atomic(
          async () => {
            await DbSupplier.objects.using(OTHER_DB).create({ name: "undone" });
            await DbSupplier.objects.create({ name: "kept" });
            throw new Error("stop");
          },
          { using: OTHER_DB },
        ),
      );
      expect(await names(OTHER_DB)).toEqual([]);
      expect(await names("default")).toEqual(["acme", "bolt", "kept"]);
    });

    t.case("an unknown alias names the configured ones", async () => {
      const err = await rejection(DbSupplier.objects.using("replica").count());
      expect((err as Error).message).toBe(
        "The database alias 'replica' is not configured. Configured: default, other",
      );
      expect(() => DbSupplier.objects.using("")).toThrow("using() takes a database alias (got )");
    });
  },
);

const flatNames = { flat: true } as const;

/**
 * Reads of DbProduct go to the other database; the instance hints are
 * collected. The rows read point back at their supplier (from 'default'):
 * Django asks allowRelation too, so it allows every relation.
 */
function productReadsElsewhere(hints: unknown[]): DatabaseRouter {
  return {
    dbForRead: (model, h) => {
      if (model.meta.name !== "DbProduct") return undefined;
      hints.push(h.instance);
      return OTHER_DB;
    },
    allowRelation: () => true,
  };
}

forEachDialect(
  "several databases › related managers and routers",
  { models: routedModels, fixtures: loadProducts, secondDatabase: true },
  (t) => {
    t.case("supplier.products reads where dbForRead(DbProduct, { instance }) says", async () => {
      const acme = await DbSupplier.objects.get({ name: "acme" });
      await DbSupplier.objects.using(OTHER_DB).create({ id: acme.pk, name: "acme" });
      await DbProduct.objects.using(OTHER_DB).create({ name: "far", supplierId: acme.pk });
      const hints: unknown[] = [];
      const productsElsewhere = productReadsElsewhere(hints);
      expect(await acme.products.valuesList("name", flatNames)).toEqual(["apple", "pear"]);
      await withRouters([productsElsewhere], async () => {
        expect(acme.products.all().db).toBe(OTHER_DB);
        expect(await acme.products.valuesList("name", flatNames)).toEqual(["far"]);
        expect(await acme.products.count()).toBe(1);
        const [far] = await acme.products.all();
        expect([far.name, instanceState(far).db, far.supplier]).toEqual(["far", OTHER_DB, acme]);
      });
      // The router was told whose products these are.
      expect(hints.length).toBeGreaterThan(0);
      expect(hints.every((h) => h === acme)).toBe(true);
    });

    t.case(
      "prefetchRelated() reads where the related manager reads (the first owner as hint)",
      async () => {
        const [acme, bolt] = await DbSupplier.objects.orderBy("name");
        for (const s of [acme, bolt])
          await DbSupplier.objects.using(OTHER_DB).create({ id: s.pk, name: s.name });
        await DbProduct.objects.using(OTHER_DB).create({ name: "far", supplierId: acme.pk });
        const hints: unknown[] = [];
        const productsElsewhere = productReadsElsewhere(hints);
        const namesOf = async (suppliers: readonly (typeof acme)[]) => {
          const out: string[][] = [];
          for (const s of suppliers)
            out.push(await s.products.all().then((ps) => ps.map((p) => p.name)));
          return out;
        };
        // No router: the suppliers' database.
        const here = await DbSupplier.objects.prefetchRelated("products").orderBy("name");
        expect(await assertNumQueries(0, () => namesOf(here))).toEqual([
          ["apple", "pear"],
          ["plum"],
        ]);
        await withRouters([productsElsewhere], async () => {
          const routed = await assertNumQueries(2, () =>
            DbSupplier.objects.prefetchRelated("products").orderBy("name").fetch(),
          );
          expect(hints[0]).toBe(routed[0]);
          const prefetched = await assertNumQueries(0, () => namesOf(routed));
          expect(prefetched).toEqual([["far"], []]);
          // The same rows as the related managers without prefetching.
          expect(prefetched).toEqual(await namesOf([acme, bolt]));
          // A Prefetch queryset with using() is not routed.
          const pinned = await DbSupplier.objects
            .prefetchRelated(
              Prefetch("products", {
                queryset: DbProduct.objects.using("default"),
                toAttr: "here",
              }),
            )
            .orderBy("name");
          expect(pinned.map((s) => s.here.map((p) => p.name))).toEqual([
            ["apple", "pear"],
            ["plum"],
          ]);
        });
      },
    );

    t.case("supplier.products writes where dbForWrite(DbProduct, { instance }) says", async () => {
      const acme = await DbSupplier.objects.get({ name: "acme" });
      await DbSupplier.objects.using(OTHER_DB).create({ id: acme.pk, name: "acme" });
      const writesElsewhere: DatabaseRouter = {
        dbForWrite: (model, h) =>
          model.meta.name === "DbProduct" && h.instance === acme ? OTHER_DB : undefined,
        allowRelation: () => true,
      };
      await withRouters([writesElsewhere], async () => {
        const made = await acme.products.create({ name: "new" });
        expect(instanceState(made).db).toBe(OTHER_DB);
        // getOrCreate reads where it writes: it finds the row just made.
        const [got, created] = await acme.products.getOrCreate({ name: "new" });
        expect([got.pk, created]).toEqual([made.pk, false]);
        await acme.products.clear(); // one UPDATE, in the write database
        // A bulk add() updates rows in the write database: a row read elsewhere is refused.
        const apple = await DbProduct.objects.get({ name: "apple" });
        const err = await rejection(acme.products.add(apple));
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toBe(
          `<DbProduct: DbProduct object (${apple.pk})> instance isn't saved in database 'other' ` +
            "(it comes from 'default'). Use bulk: false or save the object first.",
        );
      });
      expect(
        await DbProduct.objects.using(OTHER_DB).valuesList("name", "supplierId").orderBy("name"),
      ).toEqual([["new", null]]);
      // The parent's own database is untouched.
      expect(await acme.products.valuesList("name", flatNames)).toEqual(["apple", "pear"]);
      expect(await DbProduct.objects.filter({ name: "new" }).exists()).toBe(false);
    });

    t.case("without a router, related managers use the parent's database", async () => {
      const far = await DbSupplier.objects.using(OTHER_DB).create({ name: "far" });
      const kiwi = await far.products.create({ name: "kiwi" });
      expect(instanceState(kiwi).db).toBe(OTHER_DB);
      expect(await far.products.valuesList("name", flatNames)).toEqual(["kiwi"]);
      const tag = await DbTag.objects.using(OTHER_DB).create({ label: "fresh" });
      await tag.products.add(kiwi);
      expect(await tag.products.valuesList("name", flatNames)).toEqual(["kiwi"]);
      expect(await kiwi.tags.valuesList("label", flatNames)).toEqual(["fresh"]);
      const made = await tag.products.create({ name: "lime" });
      expect(instanceState(made).db).toBe(OTHER_DB);
      expect(await tag.products.orderBy("name").valuesList("name", flatNames)).toEqual([
        "kiwi",
        "lime",
      ]);
      expect(await DbProduct.objects.filter({ name__in: ["kiwi", "lime"] }).exists()).toBe(false);
      expect(await DbTag.objects.exists()).toBe(false);
    });

    t.case(
      "many-to-many add() of an instance from another database needs allowRelation",
      async () => {
        const tag = await DbTag.objects.create({ label: "red" });
        const apple = await DbProduct.objects.get({ name: "apple" });
        // A copy in the other database, same key.
        const there = await DbProduct.objects
          .using(OTHER_DB)
          .create({ id: apple.pk, name: "apple" });
        const err = await rejection(tag.products.add(there));
        expect(err).toBeInstanceOf(RouterError);
        expect((err as Error).message).toBe(
          `Cannot add "<DbProduct: DbProduct object (${apple.pk})>": instance is on database "default", ` +
            `value is on database "other" (the database routers prevent this relation: allowRelation).`,
        );
        expect(await tag.products.count()).toBe(0);
        // A router allowing the relation lets it through (the link row goes to the tag's database).
        await withRouters([{ allowRelation: () => true }], () => tag.products.add(there));
        expect(await tag.products.valuesList("name", flatNames)).toEqual(["apple"]);
      },
    );

    t.case(
      "many-to-many managers: reads by the related model's router, join rows by the through model's",
      async () => {
        const tag = await DbTag.objects.create({ label: "red" });
        const apple = await DbProduct.objects.get({ name: "apple" });
        // Copies with the same keys in the other database (its join rows point at them).
        await DbTag.objects.using(OTHER_DB).create({ id: tag.pk, label: "red" });
        await DbProduct.objects.using(OTHER_DB).create({ id: apple.pk, name: "apple" });
        const hints: unknown[] = [];
        const router: DatabaseRouter = {
          dbForRead: (model) => (model.meta.name === "DbProduct" ? OTHER_DB : undefined),
          dbForWrite: (model, h) => {
            if (model.meta.name !== "DbTag_products") return undefined;
            hints.push(h.instance);
            return OTHER_DB;
          },
        };
        await withRouters([router], async () => {
          await tag.products.add(apple);
          expect(await tag.products.valuesList("name", flatNames)).toEqual(["apple"]);
        });
        expect(hints.length).toBeGreaterThan(0);
        expect(hints.every((h) => h === tag)).toBe(true);
        // The link is in the other database only.
        expect(await tag.products.count()).toBe(0);
        await withRouters([router], async () => {
          await tag.products.clear();
          expect(await tag.products.count()).toBe(0);
        });
        await tag.products.add(apple);
        expect(await tag.products.valuesList("name", flatNames)).toEqual(["apple"]);
      },
    );
  },
);
