/**
 * Deterministic demo data: the same rows on every run (a seeded PRNG, a
 * fixed clock), inserted with bulkCreate inside one transaction.
 */
import { atomic, createTables, dropTables } from "../src/index.js";
import { articleModels } from "./articles-models.js";
import { seedArticles } from "./articles-seed.js";
import { Customer, models, Order, OrderItem, Product } from "./models.js";

/** The demo's "now": data is generated relative to it, so output never drifts. */
export const NOW = new Date("2026-06-30T12:00:00Z");
export const DAY = 24 * 60 * 60 * 1000;

export const COUNTS = { customers: 500, products: 60, orders: 3000 } as const;
/** The last customers never order; the last products are never ordered. */
const CUSTOMERS_WITHOUT_ORDERS = 10;
const PRODUCTS_NEVER_ORDERED = 4;

/** mulberry32: a tiny, well-mixed 32-bit PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(20260630);
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const money = (cents: number): string => (cents / 100).toFixed(2);
/** A time `maxDays` or less before NOW, whole seconds. */
const before = (maxDays: number): Date =>
  new Date(NOW.getTime() - Math.floor(random() * maxDays * 86400) * 1000);

const FIRST = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Dennis", "Margaret", "Ken", "Frances"];
const LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Ritchie", "Hamilton", "Allen"];
const DOMAINS = ["example.com", "example.org", "mail.test", "shop.test"];
const ADJECTIVES = ["Red", "Blue", "Steel", "Oak", "Paper", "Glass", "Wool", "Cedar", "Linen"];
const NOUNS = ["Mug", "Lamp", "Notebook", "Kettle", "Chair", "Scarf", "Teapot"];
type Status = "pending" | "paid" | "shipped" | "returned";
/** Weighted: 45% paid, 30% shipped, 15% pending, 10% returned. */
const STATUSES: readonly Status[] = [
  ...Array<Status>(45).fill("paid"),
  ...Array<Status>(30).fill("shipped"),
  ...Array<Status>(15).fill("pending"),
  ...Array<Status>(10).fill("returned"),
];

/** Drop and recreate the demo tables. */
export async function resetSchema(): Promise<void> {
  await dropTables([...models, ...articleModels]);
  await createTables([...models, ...articleModels]);
}

/** Insert the demo rows; returns how many of each were inserted. */
export async function seed(): Promise<Record<string, number>> {
  const customers = Array.from({ length: COUNTS.customers }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    return new Customer({
      id: i + 1,
      name: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@${pick(DOMAINS)}`.toLowerCase(),
      createdAt: before(730),
    });
  });

  const prices: number[] = [];
  const products = Array.from({ length: COUNTS.products }, (_, i) => {
    const cents = int(2, 200) * 100 - pick([1, 5, 50]);
    prices.push(cents);
    const onSale = random();
    return new Product({
      id: i + 1,
      name: `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[i % NOUNS.length]} ${i + 1}`,
      price: money(cents),
      stock: random() < 0.15 ? int(0, 9) : int(10, 150),
      // a third are discounted; a few "sale" prices are not lower at all
      salePrice:
        onSale < 0.33 ? money(Math.round(cents * 0.8)) : onSale < 0.4 ? money(cents) : null,
    });
  });

  const orders: InstanceType<typeof Order>[] = [];
  const items: InstanceType<typeof OrderItem>[] = [];
  const orderedProducts = COUNTS.products - PRODUCTS_NEVER_ORDERED;
  for (let id = 1; id <= COUNTS.orders; id++) {
    orders.push(
      new Order({
        id,
        customerId: int(1, COUNTS.customers - CUSTOMERS_WITHOUT_ORDERS),
        status: pick(STATUSES),
        createdAt: before(365),
      }),
    );
    for (let n = int(1, 5); n > 0; n--) {
      const productId = int(1, orderedProducts);
      const current = prices[productId - 1];
      // prices move: most items were sold at today's price, some above, some below
      const drift = random();
      const cents =
        drift < 0.1 ? current + int(1, 500) : drift < 0.25 ? current - int(1, 100) : current;
      items.push(
        new OrderItem({
          orderId: id,
          productId,
          quantity: int(1, 4),
          price: money(Math.max(cents, 1)),
        }),
      );
    }
  }

  // autoNowAdd stamps "now" on insert (as Django's auto_now_add does); back-date afterwards,
  // as a Django user would, with one bulkUpdate per table.
  const customerDates = customers.map((c) => c.createdAt);
  const orderDates = orders.map((o) => o.createdAt);
  await atomic(async () => {
    await Customer.objects.bulkCreate(customers);
    await Product.objects.bulkCreate(products);
    await Order.objects.bulkCreate(orders);
    await OrderItem.objects.bulkCreate(items);
    customers.forEach((c, i) => {
      c.createdAt = customerDates[i];
    });
    orders.forEach((o, i) => {
      o.createdAt = orderDates[i];
    });
    await Customer.objects.bulkUpdate(customers, ["createdAt"], { batchSize: 500 });
    await Order.objects.bulkUpdate(orders, ["createdAt"], { batchSize: 500 });
  });

  return {
    customers: customers.length,
    products: products.length,
    orders: orders.length,
    items: items.length,
    ...(await seedArticles()),
  };
}
