import { defineModel, f } from "../../src/index.js";

/** Models for transactions, locking, routing and streaming (test/db). */
export const DbSupplier = defineModel(
  "DbSupplier",
  { name: f.char({ maxLength: 50 }) },
  { dbTable: "db_supplier", ordering: ["name"] },
);

export const DbProduct = defineModel(
  "DbProduct",
  {
    name: f.char({ maxLength: 50 }),
    stock: f.integer({ default: 0 }),
    supplier: f.foreignKey("DbSupplier", {
      onDelete: "CASCADE",
      null: true,
      relatedName: "products",
    }),
  },
  { dbTable: "db_product", ordering: ["name"] },
);

export const dbModels = [DbSupplier, DbProduct];

/** Tags of products (many-to-many, auto through table): related managers and routers. */
export const DbTag = defineModel(
  "DbTag",
  {
    label: f.char({ maxLength: 20 }),
    products: f.manyToMany("DbProduct", { relatedName: "tags" }),
  },
  { dbTable: "db_tag" },
);

/** The routers suite's models: dbModels and the tags. */
export const routedModels = [...dbModels, DbTag];

/** A wide-ish row for streaming tests (a 200-character payload). */
export const DbEvent = defineModel(
  "DbEvent",
  { seq: f.integer(), payload: f.char({ maxLength: 200 }) },
  { dbTable: "db_event", ordering: ["seq"] },
);

declare module "../../src/models/types.js" {
  interface TangoModels {
    DbSupplier: typeof DbSupplier;
    DbProduct: typeof DbProduct;
    DbEvent: typeof DbEvent;
    DbTag: typeof DbTag;
  }
}

/** Two suppliers; products apple(10, acme), pear(5, acme), plum(0, bolt), fig(3, none). */
export async function loadProducts(): Promise<void> {
  const [acme, bolt] = await DbSupplier.objects.bulkCreate([
    new DbSupplier({ name: "acme" }),
    new DbSupplier({ name: "bolt" }),
  ]);
  await DbProduct.objects.bulkCreate([
    new DbProduct({ name: "apple", stock: 10, supplier: acme }),
    new DbProduct({ name: "pear", stock: 5, supplier: acme }),
    new DbProduct({ name: "plum", stock: 0, supplier: bolt }),
    new DbProduct({ name: "fig", stock: 3, supplier: null }),
  ]);
}

export const INITIAL_STOCK: Array<[string, number]> = [
  ["apple", 10],
  ["fig", 3],
  ["pear", 5],
  ["plum", 0],
];

export async function stockTable(): Promise<Array<[string, number]>> {
  return (await DbProduct.objects.orderBy("name").valuesList("name", "stock")) as Array<
    [string, number]
  >;
}

/** Put the rows back as loadProducts() left them (after cases that commit for real). */
export async function resetProducts(): Promise<void> {
  await DbProduct.objects.all().delete();
  await DbSupplier.objects.all().delete();
  await loadProducts();
}
