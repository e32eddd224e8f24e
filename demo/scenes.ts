/**
 * The scenes of the demo: the articles' queries, one per scene. The demo
 * prints each body as written here (see source.ts), runs it, and shows the
 * SQL it sent and the rows it returned. Write every scene as
 * `scene("title", async () => { … })`: that is the shape source.ts looks for.
 */
import {
  Avg,
  Count,
  captureQueries,
  Exists,
  ExpressionWrapper,
  F,
  f,
  Max,
  OuterRef,
  Prefetch,
  Q,
  RowNumber,
  Subquery,
  SubqueryAggregate,
  SubqueryCount,
  Sum,
  TruncMonth,
  Window,
} from "../src/index.js";
import { City, Project, State, Task } from "./articles-models.js";
import { Customer, Order, OrderItem, Product } from "./models.js";
import { DAY, NOW } from "./seed.js";

export interface Scene {
  title: string;
  run: () => Promise<unknown>;
}

export const scenes: Scene[] = [];

function scene(title: string, run: () => Promise<unknown>): void {
  scenes.push({ title, run });
}

scene("filter(): the easy case", async () => {
  return await Order.objects.filter({ status: "paid" });
});

scene("Q .or(): returned, or pending for more than 7 days", async () => {
  const staleCutoff = new Date(NOW.getTime() - 7 * DAY); // NOW: the demo's fixed clock
  return await Order.objects.filter(
    Q({ status: "returned" }).or(Q({ status: "pending", createdAt__lt: staleCutoff })),
  );
});

scene("Q .not() and distinct(): low on stock, or never ordered", async () => {
  return await Product.objects
    .filter(Q({ stock__lt: 10 }).or(Q({ orderItems__isnull: false }).not()))
    .distinct();
});

scene("Q(): composing filters dynamically", async () => {
  function searchOrders(filters: { status?: string; customerEmail?: string }) {
    let q = Q(); // the identity: no condition yet
    if (filters.status) q = q.and(Q({ status: filters.status }));
    if (filters.customerEmail) q = q.and(Q({ customer__email__icontains: filters.customerEmail }));
    return Order.objects.filter(q);
  }
  return await searchOrders({ status: "returned", customerEmail: "hopper" });
});

scene("F(): compare two columns of the same row", async () => {
  return await Product.objects.filter({ salePrice__lt: F("price") });
});

scene("F() across a relation: items sold above today's price", async () => {
  return await OrderItem.objects.filter({ price__gt: F("product__price") });
});

scene("Read-modify-write: two queries, and a race", async () => {
  const quantity = 2;
  const product = await Product.objects.get({ pk: 1 });
  product.stock -= quantity; // another request may have changed stock meanwhile
  await product.save();
  return product;
});

scene("F() in update(): an atomic decrement in one query", async () => {
  const quantity = 2;
  // returns the number of rows updated
  return await Product.objects.filter({ pk: 1 }).update({ stock: F("stock").sub(quantity) });
});

scene("values(): plain objects, fields across a relation", async () => {
  return await Order.objects
    .filter({ status: "paid" })
    .values("id", "createdAt", "customer__email");
});

scene("only(): instances with just these fields", async () => {
  // reading a field left out throws FieldNotLoaded: Tango never queries behind a property read
  return await Order.objects.only("id", "status");
});

scene("defer(): everything but these fields", async () => {
  return await Order.objects.defer("createdAt");
});

scene("exists() on a related manager", async () => {
  const customer = await Customer.objects.get({ pk: 1 });
  return await customer.orders.exists();
});

scene("Filter across a relation: customer__email__icontains", async () => {
  return await Order.objects.filter({ customer__email__icontains: "example.org" });
});

scene("first() and last(), in Meta ordering (-createdAt)", async () => {
  const newest = await Order.objects.first();
  const oldest = await Order.objects.last();
  return [newest, oldest];
});

scene("dates(): the distinct months that have orders", async () => {
  return await Order.objects.dates("createdAt", "month");
});

scene("Lazy QuerySets: String(qs.query) runs nothing", async () => {
  const qs = Order.objects
    .filter({ status: "shipped" })
    .exclude({ customer__email__endswith: ".test" })
    .orderBy("createdAt");
  return String(qs.query);
});

// ---- aggregation (articles 001 and 003) ----------------------------------

scene("aggregate(): total revenue from paid orders", async () => {
  return await OrderItem.objects.filter({ order__status: "paid" }).aggregate({
    totalRevenue: Sum(F("quantity").mul(F("price"))),
  });
});

scene("aggregate(): order statistics in one query", async () => {
  return await Order.objects.aggregate({
    totalOrders: Count("id"),
    avgValue: Avg("items__price"),
    maxValue: Max("items__price"),
  });
});

scene("The N+1 aggregate loop, and annotate() instead", async () => {
  const slow: Array<[string, number]> = [];
  for (const customer of await Customer.objects.orderBy("pk").slice(0, 3)) {
    const { total } = await customer.orders.aggregate({ total: Count("id") }); // one query each
    slow.push([customer.name, total]);
  }
  const fast = await Customer.objects
    .annotate({ orderCount: Count("orders") })
    .orderBy("pk")
    .slice(0, 3)
    .valuesList("name", "orderCount"); // one query for all
  return { slow, fast };
});

scene("annotate(): each order's total value; filter and order on it", async () => {
  const orders = Order.objects.annotate({
    totalValue: Sum(ExpressionWrapper(F("items__quantity").mul(F("items__price")), f.decimal())),
  });
  return await orders.filter({ totalValue__gt: 500 }).orderBy("-totalValue").slice(0, 5);
});

scene("values().annotate(): revenue per product (GROUP BY)", async () => {
  return await OrderItem.objects
    .filter({ order__status: "paid" })
    .values("product__name")
    .annotate({
      totalQty: Sum("quantity"),
      totalRevenue: Sum(ExpressionWrapper(F("quantity").mul(F("price")), f.decimal())),
    })
    .orderBy("-totalRevenue")
    .slice(0, 5);
});

scene("Top 5 customers by number of orders (HAVING, ORDER BY, LIMIT)", async () => {
  return await Customer.objects
    .annotate({ numOrders: Count("orders") })
    .filter({ numOrders__gte: 5 })
    .orderBy("-numOrders", "name")
    .slice(0, 5)
    .valuesList("name", "numOrders");
});

scene("Conditional counts: FILTER (WHERE …) per customer", async () => {
  return await Customer.objects
    .annotate({
      paid: Count("orders", { filter: Q({ orders__status: "paid" }) }),
      returned: Count("orders", { filter: Q({ orders__status: "returned" }) }),
    })
    .filter({ returned__gt: 0 })
    .orderBy("-returned", "name")
    .valuesList("name", "paid", "returned");
});

scene("Filter then annotate: only paid orders are counted", async () => {
  return await Customer.objects
    .filter({ orders__status: "paid" })
    .annotate({ n: Count("orders") })
    .orderBy("pk")
    .slice(0, 3)
    .valuesList("name", "n");
});

scene("Annotate then filter: all orders counted, of customers with a paid one", async () => {
  return await Customer.objects
    .annotate({ n: Count("orders", { distinct: true }) })
    .filter({ orders__status: "paid" })
    .orderBy("pk")
    .slice(0, 3)
    .valuesList("name", "n");
});

scene("orderBy() splits the groups; orderBy() with no argument clears it", async () => {
  const polluted = Order.objects
    .orderBy("createdAt")
    .values("status")
    .annotate({ n: Count("id") });
  const grouped = polluted.orderBy();
  return { pollutedRows: (await polluted).length, grouped: await grouped };
});

scene("aggregate() over an annotation: average items per order (a subquery)", async () => {
  return await Order.objects.annotate({ numItems: Count("items") }).aggregate({
    avgItems: Avg("numItems"),
    mostItems: Max("numItems"),
  });
});

scene("Orders per month: TruncMonth, then values().annotate()", async () => {
  return await Order.objects
    .filter({ status: "paid" })
    .annotate({ month: TruncMonth("createdAt") })
    .values("month")
    .annotate({ orderCount: Count("id") })
    .orderBy("month");
});

// ---- window functions -------------------------------------------------------

scene("Window: running total of item value per customer, by date", async () => {
  return await OrderItem.objects
    .filter({ order__customer: 1 })
    .annotate({
      runningTotal: Window({
        expression: Sum(ExpressionWrapper(F("quantity").mul(F("price")), f.decimal())),
        partitionBy: "order__customer",
        orderBy: ["order__createdAt", "pk"],
      }),
    })
    .orderBy("order__createdAt", "pk")
    .valuesList("order__createdAt", "price", "quantity", "runningTotal");
});

scene("Window filter: each customer's latest order (row number 1)", async () => {
  return await Order.objects
    .annotate({
      rn: Window({ expression: RowNumber(), partitionBy: "customer", orderBy: "-createdAt" }),
    })
    .filter({ rn: 1 })
    .orderBy("customer")
    .slice(0, 5)
    .valuesList("customer__name", "createdAt", "status");
});

// ---- prefetching (article 001) --------------------------------------------------

scene("Article 001, the naive loop: paid orders → items → product, per customer", async () => {
  const out: Array<[string, number, number]> = [];
  for (const customer of await Customer.objects.orderBy("pk").slice(0, 5)) {
    let items = 0;
    const paidOrders = await customer.orders.filter({ status: "paid" }); // a query per customer
    for (const order of paidOrders) {
      for (const item of await order.items.all()) {
        // a query per order above, and one per item here: Tango never loads behind a read
        await item.fetchRelated("product");
        items++;
      }
    }
    out.push([customer.name, paidOrders.length, items]);
  }
  return out;
});

scene("Article 001, nested Prefetch: 3 queries for any number of customers", async () => {
  const paidOrders = Order.objects
    .filter({ status: "paid" })
    .selectRelated("customer")
    .prefetchRelated(Prefetch("items", { queryset: OrderItem.objects.selectRelated("product") }));
  const customers = await Customer.objects
    .orderBy("pk")
    .slice(0, 5)
    .prefetchRelated(Prefetch("orders", { queryset: paidOrders, toAttr: "paidOrders" }));
  const out: Array<[string, number, number]> = [];
  for (const customer of customers) {
    let items = 0;
    for (const order of customer.paidOrders) {
      // no query: read from the prefetched results
      for (const item of await order.items.all()) items += item.product.name ? 1 : 0;
    }
    out.push([customer.name, customer.paidOrders.length, items]);
  }
  return out;
});

scene("Article 001, side by side: queries as the number of customers grows", async () => {
  async function naive(n: number) {
    for (const customer of await Customer.objects.orderBy("pk").slice(0, n)) {
      for (const order of await customer.orders.filter({ status: "paid" })) {
        for (const item of await order.items.all()) await item.fetchRelated("product");
      }
    }
  }
  async function prefetched(n: number) {
    const paidOrders = Order.objects
      .filter({ status: "paid" })
      .prefetchRelated(Prefetch("items", { queryset: OrderItem.objects.selectRelated("product") }));
    const customers = await Customer.objects
      .orderBy("pk")
      .slice(0, n)
      .prefetchRelated(Prefetch("orders", { queryset: paidOrders, toAttr: "paidOrders" }));
    for (const customer of customers) {
      for (const order of customer.paidOrders)
        for (const item of await order.items.all()) item.product.name;
    }
  }
  const rows: Array<{ customers: number; naiveQueries: number; prefetchQueries: number }> = [];
  for (const n of [5, 25, 100]) {
    const slow = await captureQueries(() => naive(n));
    const fast = await captureQueries(() => prefetched(n));
    rows.push({
      customers: n,
      naiveQueries: slow.queries.length,
      prefetchQueries: fast.queries.length,
    });
  }
  return rows;
});

scene("Article 001's gotcha: a new filter on a prefetched relation queries again", async () => {
  const [customer] = await Customer.objects.filter({ pk: 1 }).prefetchRelated("orders");
  const all = await customer.orders.all(); // the prefetched rows: no query
  const paid = await customer.orders.filter({ status: "paid" }); // a new QuerySet: one query
  return { prefetched: all.length, paidQueriedAgain: paid.length };
});

// ---- subqueries (articles 002 and 000) ----------------------------------------

scene("Article 002, the slow way: one exists() per state (N+1)", async () => {
  const withDense: string[] = [];
  for (const state of await State.objects.orderBy("pk")) {
    // dense: more than 3000 inhabitants per km²
    const dense = City.objects.filter({ state: state.pk, population__gt: F("area").mul(3000) });
    if (await dense.exists()) withDense.push(state.name);
  }
  return withDense.length;
});

scene("Article 002, one query: Exists() as an annotation", async () => {
  const dense = City.objects.filter({ state: OuterRef("pk"), population__gt: F("area").mul(3000) });
  const states = await State.objects
    .annotate({ hasDense: Exists(dense) })
    .filter({ hasDense: true })
    .orderBy("pk");
  return states.length;
});

scene("Article 002: dense cities per state and the biggest city, as subqueries", async () => {
  return await State.objects
    .annotate({
      denseCities: SubqueryCount("cities", { filter: Q({ population__gt: F("area").mul(3000) }) }),
      biggest: SubqueryAggregate("cities__population", Max),
      biggestName: Subquery(
        City.objects
          .filter({ state: OuterRef("pk") })
          .orderBy("-population")
          .values("name")
          .slice(0, 1),
      ),
    })
    .orderBy("-denseCities", "pk")
    .slice(0, 5)
    .valuesList("name", "denseCities", "biggest", "biggestName");
});

scene(
  "Article 000, the loop: progress = average task progress, one save() per project",
  async () => {
    let saved = 0;
    for (const project of await Project.objects
      .filter({ tasks__isnull: false })
      .distinct()
      .annotate({ avgProgress: Avg("tasks__progress") })
      .orderBy("pk")) {
      project.progress = project.avgProgress ?? project.progress;
      await project.save({ updateFields: ["progress"] });
      saved++;
    }
    return saved;
  },
);

scene("Article 000, one UPDATE with a Subquery", async () => {
  const average = Task.objects
    .filter({ project: OuterRef("pk") })
    .values("project")
    .annotate({ avg: Avg("progress") })
    .values("avg");
  return await Project.objects
    .filter(Exists(Task.objects.filter({ project: OuterRef("pk") })))
    .update({ progress: Subquery(average) });
});

scene("Article 000, past Django: annotate(...).update(...) in one UPDATE", async () => {
  return await Project.objects
    .filter({ tasks__isnull: false })
    .annotate({ avgProgress: Avg("tasks__progress") })
    .update({ progress: F("avgProgress") });
});
