import { defineModel, f } from "../../src/index.js";

/** Owners and their items: chunked updates over a few thousand rows. */
export const BatchOwner = defineModel(
  "BatchOwner",
  { name: f.char({ maxLength: 20 }), total: f.integer({ default: 0 }) },
  { dbTable: "bk_owner" },
);

export const BatchItem = defineModel(
  "BatchItem",
  {
    owner: f.foreignKey("BatchOwner", { onDelete: "CASCADE", relatedName: "items" }),
    n: f.integer(),
    /** The value `n` had when loaded (to compare and restore). */
    orig: f.integer(),
    /** NULL for exactly one row (index POISONED): copying it into `n` violates NOT NULL. */
    maybe: f.integer({ null: true }),
    touched: f.boolean({ default: false }),
  },
  { dbTable: "bk_item" },
);

export const batchModels = [BatchOwner, BatchItem];

declare module "../../src/models/types.js" {
  interface TangoModels {
    BatchOwner: typeof BatchOwner;
    BatchItem: typeof BatchItem;
  }
}

export const ITEM_COUNT = 2000;
export const OWNER_COUNT = 400;
/** The 0-based creation index of the item whose `maybe` is NULL (in batch 3 of 500). */
export const POISONED = 1200;

/** Item i (created in pk order) has n = orig = i % 7, maybe = i (NULL at POISONED), owner i % 400. */
export async function loadBatchItems(): Promise<void> {
  const owners = await BatchOwner.objects.bulkCreate(
    Array.from({ length: OWNER_COUNT }, (_, i) => new BatchOwner({ name: `o${i}` })),
  );
  await BatchItem.objects.bulkCreate(
    Array.from(
      { length: ITEM_COUNT },
      (_, i) =>
        new BatchItem({
          ownerId: owners[i % OWNER_COUNT].pk,
          n: i % 7,
          orig: i % 7,
          maybe: i === POISONED ? null : i,
        }),
    ),
    { batchSize: 500 },
  );
}
