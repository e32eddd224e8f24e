import { defineModel, f } from "../../src/index.js";
import { Customer } from "../models/ecommerce.js";

/**
 * A purchase with a total, for running totals per customer (the window
 * functions' acceptance example). Customers come from the ecommerce models.
 */
export const Sale = defineModel(
  "Sale",
  {
    customer: f.foreignKey("Customer", { onDelete: "CASCADE", relatedName: "sales" }),
    total: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    quantity: f.integer(),
    createdAt: f.dateTime(),
    note: f.char({ maxLength: 20, null: true }),
  },
  { dbTable: "window_sale" },
);

export const windowModels = [Customer, Sale];

const day = (d: number) => new Date(Date.UTC(2024, 0, d, 12));

/** Three customers (the third buys nothing) and six sales. */
export async function loadSales(): Promise<void> {
  await Customer.objects.bulkCreate([
    new Customer({ id: 1, name: "Ann", email: "ann@example.com", createdAt: day(1) }),
    new Customer({ id: 2, name: "Bob", email: "bob@example.com", createdAt: day(1) }),
    new Customer({ id: 3, name: "Cid", email: "cid@example.com", createdAt: day(1) }),
  ]);
  const rows: Array<[number, number, string, number, number, string | null]> = [
    [1, 1, "10.00", 1, 1, "a"],
    [2, 2, "5.50", 2, 2, null],
    [3, 1, "20.25", 3, 3, "b"],
    [4, 1, "7.75", 1, 5, null],
    [5, 2, "5.50", 4, 4, "c"],
    [6, 2, "12.00", 2, 6, "d"],
  ];
  await Sale.objects.bulkCreate(
    rows.map(
      ([id, customerId, total, quantity, d, note]) =>
        new Sale({ id, customerId, total, quantity, createdAt: day(d), note }),
    ),
  );
}

declare module "../../src/models/types.js" {
  interface TangoModels {
    Sale: typeof Sale;
  }
}

/** Rows with decimals and floats as fixed-point text (databases differ in trailing zeros). */
export function fixed(rows: ReadonlyArray<ReadonlyArray<unknown>>): unknown[][] {
  return rows.map((r) =>
    r.map((v) => {
      if (v !== null && typeof v === "object" && "toFixed" in v)
        return (v as { toFixed(n: number): string }).toFixed(2);
      if (typeof v === "number" && !Number.isInteger(v)) return v.toFixed(4);
      return v;
    }),
  );
}
