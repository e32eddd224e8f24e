import { defineModel, f } from "../../src/index.js";

/** Article 001's e-commerce models (conformance set "ecommerce"). */
export const Customer = defineModel(
  "Customer",
  {
    name: f.char({ maxLength: 255 }),
    email: f.email({ unique: true }),
    createdAt: f.dateTime({ autoNowAdd: true }),
  },
  { dbTable: "orders_customer" },
);

export const Product = defineModel(
  "Product",
  {
    name: f.char({ maxLength: 255 }),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    stock: f.positiveInteger({ default: 0 }),
    salePrice: f.decimal({ maxDigits: 10, decimalPlaces: 2, null: true }),
  },
  { dbTable: "orders_product" },
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
  { dbTable: "orders_order" },
);

export const OrderItem = defineModel(
  "OrderItem",
  {
    order: f.foreignKey("Order", { onDelete: "CASCADE", relatedName: "items" }),
    product: f.foreignKey("Product", { onDelete: "PROTECT", relatedName: "orderItems" }),
    quantity: f.positiveInteger(),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
  },
  { dbTable: "orders_orderitem" },
);

export const ecommerceModels = [Customer, Product, Order, OrderItem];

declare module "../../src/models/types.js" {
  interface TangoModels {
    Customer: typeof Customer;
    Product: typeof Product;
    Order: typeof Order;
    OrderItem: typeof OrderItem;
  }
}
