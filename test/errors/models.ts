import type { AnyModel } from "../../src/index.js";
import { CheckConstraint, defineModel, f, Q } from "../../src/index.js";

export const ErrPublisher = defineModel(
  "ErrPublisher",
  { name: f.char({ maxLength: 50 }) },
  { dbTable: "err_publisher" },
);

export const ErrBook = defineModel(
  "ErrBook",
  {
    title: f.char({ maxLength: 50 }),
    pages: f.integer(),
    price: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
    publishedOn: f.date({ null: true }),
    publisher: f.foreignKey("ErrPublisher", { onDelete: "CASCADE", relatedName: "books" }),
  },
  { dbTable: "err_book" },
);

/** Stock rows: sku unique, qty never negative (a CHECK constraint). */
export const ErrItem = defineModel(
  "ErrItem",
  {
    sku: f.char({ maxLength: 10, unique: true }),
    qty: f.integer(),
  },
  {
    dbTable: "err_item",
    constraints: [
      new CheckConstraint({ condition: Q({ qty__gte: 0 }), name: "err_item_qty_gte_0" }),
    ],
  },
);

export const errorModels: readonly AnyModel[] = [ErrPublisher, ErrBook, ErrItem];

declare module "../../src/models/types.js" {
  interface TangoModels {
    ErrPublisher: typeof ErrPublisher;
    ErrBook: typeof ErrBook;
    ErrItem: typeof ErrItem;
  }
}
