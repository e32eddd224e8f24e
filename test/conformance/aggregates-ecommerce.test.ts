/**
 * Conformance: Django's recorded answers for aggregate()/annotate() on the
 * "ecommerce" data set (article 001: customers, products, orders, items).
 */
import {
  Avg,
  Case,
  Count,
  ExpressionWrapper,
  F,
  f,
  Max,
  Min,
  Q,
  Sum,
  When,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Customer, ecommerceModels, Order } from "../models/ecommerce.js";
import { expectedFor } from "./oracle.js";
import { checkCase } from "./run-case.js";

/** The article's `search_orders()`: WHERE parts and a HAVING part composed into one Q. */
function searchOrders(opts: { status?: string; customerEmail?: string; minValue?: number } = {}) {
  let q = Q();
  if (opts.status) q = q.and(Q({ status: opts.status }));
  if (opts.customerEmail) q = q.and(Q({ customer__email__icontains: opts.customerEmail }));
  if (opts.minValue !== undefined) q = q.and(Q({ totalValue__gte: opts.minValue }));
  return Order.objects
    .annotate({
      totalValue: Sum(
        ExpressionWrapper(
          F("items__quantity").mul(F("items__price")),
          f.decimal({ maxDigits: 12, decimalPlaces: 2 }),
        ),
      ),
    })
    .filter(q);
}

forEachDialect(
  "conformance: ecommerce set (aggregate/annotate)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "ec-order-stats": () =>
        Order.objects.aggregate({
          totalOrders: Count("id"),
          avgValue: Avg("items__price"),
          maxValue: Max("items__price"),
        }),
      "ec-order-stats-distinct": () =>
        Order.objects.aggregate({
          totalOrders: Count("id", { distinct: true }),
          avgValue: Avg("items__price"),
          maxValue: Max("items__price"),
        }),
      "ec-annotate-order-count": async () => {
        const customers = await Customer.objects
          .annotate({ orderCount: Count("orders") })
          .orderBy("pk");
        return customers.map((c) => [c.name, c.orderCount]);
      },
      "ec-order-total-value": () =>
        Order.objects
          .annotate({
            totalValue: Sum(
              ExpressionWrapper(
                F("items__quantity").mul(F("items__price")),
                f.decimal({ maxDigits: 12, decimalPlaces: 2 }),
              ),
            ),
          })
          .orderBy("pk")
          .valuesList("pk", "totalValue"),
      "ec-annotate-values-status": () =>
        Order.objects
          .annotate({ nItems: Count("items") })
          .values("status", "nItems")
          .orderBy("pk")
          .slice(0, 15),
      "ec-orderby-pollutes-groupby": () =>
        Order.objects
          .filter({ customer: 1 })
          .orderBy("createdAt")
          .values("status")
          .annotate({ n: Count("id") }),
      "ec-orderby-cleared": () =>
        Order.objects
          .filter({ customer: 1 })
          .orderBy("createdAt")
          .values("status")
          .annotate({ n: Count("id") })
          .orderBy(),
      "ec-values-annotate-order-by-count": () =>
        Order.objects
          .values("status")
          .annotate({ n: Count("id") })
          .orderBy("-n", "status"),
      "ec-annotate-then-filter-customers": () =>
        Customer.objects
          .annotate({ n: Count("orders") })
          .filter({ orders__status: "returned" })
          .orderBy("pk")
          .valuesList("pk", "n"),
      "ec-having-count": () =>
        Customer.objects
          .annotate({ n: Count("orders") })
          .filter({ n__gte: 10 })
          .orderBy("-n", "pk")
          .valuesList("pk", "n"),
      "ec-having-or-where": () =>
        Customer.objects
          .annotate({ n: Count("orders") })
          .filter(Q({ n__gte: 20 }).or(Q({ name__startswith: "Z" })))
          .orderBy("pk")
          .valuesList("pk", "n"),
      "ec-aggregate-over-annotation": () =>
        Customer.objects.annotate({ n: Count("orders") }).aggregate({
          avgOrders: Avg("n"),
          maxOrders: Max("n"),
          minOrders: Min("n"),
        }),
      "ec-multijoin-distinct": () =>
        Customer.objects
          .annotate({
            nOrders: Count("orders", { distinct: true }),
            nItems: Count("orders__items"),
          })
          .orderBy("pk")
          .valuesList("pk", "nOrders", "nItems"),
      "ec-conditional-sum-case": () =>
        Order.objects.aggregate({
          paid: Sum(Case(When({ status: "paid" }, 1), { default: 0, outputField: f.integer() })),
          returned: Sum(
            Case(When({ status: "returned" }, 1), { default: 0, outputField: f.integer() }),
          ),
        }),
      "ec-top5-customers-revenue": () =>
        Customer.objects
          .annotate({
            revenue: Sum(F("orders__items__quantity").mul(F("orders__items__price")), {
              filter: Q({ orders__status: "paid" }),
            }),
          })
          .orderBy(F("revenue").desc({ nullsLast: true }), "pk")
          .valuesList("pk", "revenue")
          .slice(0, 5),
      "ec-order-by-desc-nulls-last": () =>
        Customer.objects
          .annotate({ lastOrderAt: Max("orders__createdAt") })
          .orderBy(F("lastOrderAt").desc({ nullsLast: true }), "pk")
          .valuesList("pk", "lastOrderAt")
          .slice(0, 8),
      "ec-alias-filter": () =>
        Customer.objects
          .alias({ n: Count("orders") })
          .filter({ n__gte: 20 })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      "ec-search-orders-status": () =>
        searchOrders({ status: "paid" }).orderBy("pk").valuesList("pk", { flat: true }),
      "ec-search-orders-email": () =>
        searchOrders({ customerEmail: "ALICE" }).orderBy("pk").valuesList("pk", { flat: true }),
      "ec-search-orders-combined": () =>
        searchOrders({ status: "shipped", customerEmail: "example.com", minValue: 200 })
          .orderBy("pk")
          .valuesList("pk", "totalValue"),
      "ec-search-orders-empty": () => searchOrders().count(),
      "ec-count-gt-0-vs-exists": () =>
        Customer.objects
          .annotate({ nPaid: Count("orders", { filter: Q({ orders__status: "paid" }) }) })
          .filter({ nPaid__gt: 0 })
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      "ec-aggregate-min-max-datetime": () =>
        Order.objects.aggregate({
          first: Min("createdAt"),
          last: Max("createdAt"),
          minStatus: Min("status"),
          maxStatus: Max("status"),
        }),
      "ec-conditional-sum-default": () =>
        Customer.objects
          .annotate({
            paidQty: Sum("orders__items__quantity", {
              filter: Q({ orders__status: "paid" }),
              default: 0,
            }),
            returnedQty: Sum("orders__items__quantity", {
              filter: Q({ orders__status: "returned" }),
              default: 0,
            }),
          })
          .orderBy("pk")
          .valuesList("pk", "paidQty", "returnedQty"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }

    t.case("ec-order-by-desc-nulls", (ctx) =>
      checkCase(ctx, "ec-order-by-desc-nulls", {
        // MySQL/MariaDB, like SQLite, sorts NULL before every value, so last in DESC order:
        // the customers without orders do not lead the list as on PostgreSQL.
        override: { mysql: { result: expectedFor("ec-order-by-desc-nulls", "sqlite").result } },
        run: async () =>
          Customer.objects
            .annotate({ lastOrderAt: Max("orders__createdAt") })
            .orderBy("-lastOrderAt", "pk")
            .valuesList("pk", "lastOrderAt")
            .slice(0, 8),
      }),
    );
  },
);
