import { createTables, defineModel, dropTables, f, type ModelBase } from "../src/index.js";

/** A small lookup table so BenchItem carries a nullable foreign key. */
export const BenchCategory = defineModel(
  "BenchCategory",
  { name: f.char({ maxLength: 50 }) },
  { dbTable: "bench_category" },
);

/** The measured model: 7 columns of mixed types (bigint pk, char, int, decimal, datetime, bool, nullable FK). */
export const BenchItem = defineModel(
  "BenchItem",
  {
    name: f.char({ maxLength: 100 }),
    quantity: f.integer(),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    createdAt: f.dateTime(),
    active: f.boolean(),
    category: f.foreignKey("BenchCategory", { onDelete: "SET_NULL", null: true }),
  },
  { dbTable: "bench_item" },
);

export const ROWS = 10_000;
export const CATEGORIES = 10;

/** Every column name of BenchItem as values() takes them (attnames). */
export const VALUE_NAMES = ["id", "name", "quantity", "price", "createdAt", "active", "categoryId"];

type Ctor = new (v: Record<string, unknown>) => ModelBase;
interface Bulk {
  bulkCreate(objs: ModelBase[], o?: { batchSize?: number }): Promise<unknown>;
}

/** Drop, create and fill both tables through Tango (deterministic data). */
export async function seed(): Promise<void> {
  await dropTables([BenchItem, BenchCategory]);
  await createTables([BenchCategory, BenchItem]);
  const Cat = BenchCategory as unknown as Ctor;
  const cats = Array.from({ length: CATEGORIES }, (_, i) => new Cat({ id: i + 1, name: `c${i}` }));
  await (BenchCategory.objects as unknown as Bulk).bulkCreate(cats);
  const Item = BenchItem as unknown as Ctor;
  const base = Date.UTC(2024, 0, 1);
  const items = Array.from(
    { length: ROWS },
    (_, i) =>
      new Item({
        id: i + 1,
        name: `item-${String(i).padStart(5, "0")}`,
        quantity: (i * 7) % 1000,
        price: `${Math.floor(i / 100)}.${String(i % 100).padStart(2, "0")}`,
        createdAt: new Date(base + i * 61_001),
        active: i % 3 !== 0,
        categoryId: i % 5 === 0 ? null : (i % CATEGORIES) + 1,
      }),
  );
  await (BenchItem.objects as unknown as Bulk).bulkCreate(items, { batchSize: 500 });
}

/** 10,000 primary keys in a shuffled but fixed order (so get() does not walk the table in order). */
export function shuffledIds(): number[] {
  const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
  let s = 12345;
  for (let i = ids.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}
