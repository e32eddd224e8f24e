/**
 * Article 001's e-commerce models: customers place orders, orders hold
 * items, items point at products. `salePrice` is added to Product so the
 * article's `filter({ salePrice__lt: F("price") })` has a column to compare.
 */
import { defineModel, f } from "../src/index.js";

export const Customer = defineModel(
  "Customer",
  {
    name: f.char({ maxLength: 255 }),
    email: f.email({ unique: true }),
    createdAt: f.dateTime({ autoNowAdd: true }),
  },
  { dbTable: "demo_customer" },
);

export const Product = defineModel(
  "Product",
  {
    name: f.char({ maxLength: 255 }),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    stock: f.positiveInteger({ default: 0 }),
    salePrice: f.decimal({ maxDigits: 10, decimalPlaces: 2, null: true }),
  },
  { dbTable: "demo_product" },
);

export const Order = defineModel(
  "Order",
  {
    customer: f.foreignKey("Customer", { onDelete: "CASCADE", relatedName: "orders" }),
    status: f.char({
      maxLength: 20,
      choices: ["pending", "paid", "shipped", "returned"],
      default: "pending",
    }),
    createdAt: f.dateTime({ autoNowAdd: true }),
  },
  { dbTable: "demo_order", ordering: ["-createdAt"] },
);

export const OrderItem = defineModel(
  "OrderItem",
  {
    order: f.foreignKey("Order", { onDelete: "CASCADE", relatedName: "items" }),
    product: f.foreignKey("Product", { onDelete: "PROTECT", relatedName: "orderItems" }),
    quantity: f.positiveInteger(),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }), // price at time of purchase
  },
  { dbTable: "demo_orderitem" },
);

/** In dependency order (createTables creates them in this order). */
export const models = [Customer, Product, Order, OrderItem];

declare module "../src/models/types.js" {
  interface TangoModels {
    Customer: typeof Customer;
    Product: typeof Product;
    Order: typeof Order;
    OrderItem: typeof OrderItem;
  }
}
