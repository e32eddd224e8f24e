/**
 * Conformance: Django's recorded answers on the "ecommerce" data set
 * (article 001: customers, products, orders, items), read-only cases.
 */
import { Case, ExpressionWrapper, F, f, Q, Value, When } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Customer, ecommerceModels, Order, OrderItem, Product } from "../models/ecommerce.js";
import { checkCase } from "./run-case.js";

/** `NOW` of the recorded cases. */
const NOW = new Date("2025-02-25T00:00:00Z");
const DAY_MS = 86_400_000;

forEachDialect(
  "conformance: ecommerce set (queryset API)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("ec-marked-up-items", (ctx) =>
      checkCase(ctx, "ec-marked-up-items", {
        run: async () =>
          OrderItem.objects
            .filter({ price__gt: F("product__price") })
            .orderBy("pk")
            .valuesList("pk", "price", "product__price"),
      }),
    );

    t.case("ec-line-total", (ctx) =>
      checkCase(ctx, "ec-line-total", {
        run: async () =>
          OrderItem.objects
            .annotate({
              lineTotal: ExpressionWrapper(
                F("quantity").mul(F("price")),
                f.decimal({ maxDigits: 12, decimalPlaces: 2 }),
              ),
            })
            .orderBy("pk")
            .valuesList("pk", "quantity", "price", "lineTotal")
            .slice(0, 25),
      }),
    );

    t.case("ec-flagged-orders", (ctx) =>
      checkCase(ctx, "ec-flagged-orders", {
        run: async () => {
          const staleCutoff = new Date(NOW.getTime() - 7 * DAY_MS);
          const flagged = Order.objects.filter(
            Q({ status: "returned" }).or(Q({ status: "pending", createdAt__lt: staleCutoff })),
          );
          return flagged.orderBy("pk").valuesList("pk", { flat: true });
        },
      }),
    );

    t.case("ec-in-queryset-values", (ctx) =>
      checkCase(ctx, "ec-in-queryset-values", {
        run: async () =>
          Customer.objects
            .filter({ pk__in: Order.objects.filter({ status: "returned" }).values("customerId") })
            .orderBy("pk")
            .valuesList("pk", { flat: true }),
      }),
    );

    t.case("ec-in-queryset-join-duplicates", (ctx) =>
      checkCase(ctx, "ec-in-queryset-join-duplicates", {
        run: async () =>
          Customer.objects
            .filter({ orders__in: Order.objects.filter({ status: "returned" }) })
            .orderBy("pk")
            .valuesList("pk", { flat: true }),
      }),
    );

    t.case("ec-in-sliced-queryset", (ctx) =>
      checkCase(ctx, "ec-in-sliced-queryset", {
        // MySQL/MariaDB reject LIMIT inside IN (...) (error 1235, a NotSupportedError under
        // Django); Tango wraps the subquery in a derived table there, so the answer is PostgreSQL's.
        run: async () =>
          Product.objects
            .filter({
              pk__in: OrderItem.objects
                .orderBy("-order__createdAt", "pk")
                .values("productId")
                .slice(0, 10),
            })
            .orderBy("pk")
            .valuesList("pk", "name"),
      }),
    );

    t.case("ec-no-select-related-items", (ctx) =>
      checkCase(ctx, "ec-no-select-related-items", {
        // Django loads i.order, order.customer and i.product implicitly (1 + 3 x 10 queries);
        // Tango never loads silently: fetchRelated() is the explicit, one-query-each load.
        run: async () => {
          const out: Array<[unknown, string, string]> = [];
          for (const i of await OrderItem.objects.orderBy("pk").slice(0, 10)) {
            await i.fetchRelated("order");
            await i.order.fetchRelated("customer");
            await i.fetchRelated("product");
            out.push([i.pk, i.order.customer.name, i.product.name]);
          }
          return out;
        },
      }),
    );

    t.case("ec-only-no-deferred-access", (ctx) =>
      checkCase(ctx, "ec-only-no-deferred-access", {
        run: async () => {
          const orders = await Order.objects.only("id", "status").orderBy("pk").slice(0, 10);
          return orders.map((o) => o.status);
        },
      }),
    );

    t.case("ec-defer-access", (ctx) =>
      checkCase(ctx, "ec-defer-access", {
        // Django loads the deferred field on access; Tango loads it with refreshFromDb().
        run: async () => {
          const out: Array<[unknown, Date]> = [];
          for (const o of await Order.objects.defer("createdAt").orderBy("pk").slice(0, 5)) {
            await o.refreshFromDb({ fields: ["createdAt"] });
            out.push([o.pk, o.createdAt]);
          }
          return out;
        },
      }),
    );

    t.case("fn-icontains-non-ascii", (ctx) =>
      checkCase(ctx, "fn-icontains-non-ascii", {
        // MySQL/MariaDB: LIKE follows the column collation (utf8mb4_general_ci), which folds
        // É like PostgreSQL's UPPER(): the PostgreSQL answer (Django on MySQL agrees).
        run: async () =>
          Customer.objects
            .filter({ name__icontains: "CHLOÉ" })
            .orderBy("pk")
            .valuesList("name", { flat: true }),
      }),
    );

    t.case("fn-case-when-tier", (ctx) =>
      checkCase(ctx, "fn-case-when-tier", {
        run: async () =>
          Product.objects
            .annotate({
              tier: Case(
                new When({ price__gte: 100 }, new Value("premium")),
                new When({ price__gte: 25 }, new Value("standard")),
                { default: new Value("budget") },
              ),
            })
            .orderBy("pk")
            .valuesList("pk", "tier"),
      }),
    );

    t.case("qs-distinct-on-latest-per-customer", (ctx) =>
      checkCase(ctx, "qs-distinct-on-latest-per-customer", {
        // DISTINCT ON is PostgreSQL-only: Django raises NotSupportedError on MySQL as on SQLite,
        // while compiling (no query).
        // Tango's message adds the dialect and the alternative to Django's sentence.
        override: {
          sqlite: {
            error: {
              type: "NotSupportedError",
              message:
                "DISTINCT ON fields is not supported by this database backend (sqlite); order by the fields and keep the first row per group with a window function, or filter on a subquery",
            },
            numQueries: 0,
          },
          mysql: {
            error: {
              type: "NotSupportedError",
              message:
                "DISTINCT ON fields is not supported by this database backend (mysql); order by the fields and keep the first row per group with a window function, or filter on a subquery",
            },
            numQueries: 0,
          },
        },
        run: async () =>
          Order.objects
            .orderBy("customerId", "-createdAt")
            .distinct("customerId")
            .valuesList("customerId", "pk", "createdAt"),
      }),
    );

    t.case("qs-dates-on-datetimefield", (ctx) =>
      checkCase(ctx, "qs-dates-on-datetimefield", {
        run: () => Order.objects.dates("createdAt", "year"),
      }),
    );

    t.case("qs-latest-earliest", (ctx) =>
      checkCase(ctx, "qs-latest-earliest", {
        run: async () => [
          (await Order.objects.latest("createdAt")).pk,
          (await Order.objects.earliest("createdAt")).pk,
        ],
      }),
    );

    t.case("qs-first-last-returned", (ctx) =>
      checkCase(ctx, "qs-first-last-returned", {
        run: async () => {
          const returned = () => Order.objects.filter({ status: "returned" }).orderBy("createdAt");
          return [(await returned().first())?.pk, (await returned().last())?.pk];
        },
      }),
    );

    t.case("qs-count-distinct-customers", (ctx) =>
      checkCase(ctx, "qs-count-distinct-customers", {
        run: () => Order.objects.values("customer").distinct().count(),
      }),
    );

    t.case("qs-union", (ctx) =>
      checkCase(ctx, "qs-union", {
        run: async () =>
          Customer.objects
            .filter({ pk__lte: 3 })
            .valuesList("pk", { flat: true })
            .union(Customer.objects.filter({ pk__gte: 38 }).valuesList("pk", { flat: true }))
            .orderBy("pk"),
      }),
    );

    t.case("qs-exists-empty-relation", (ctx) =>
      checkCase(ctx, "qs-exists-empty-relation", {
        run: async () => [
          await (await Customer.objects.get({ pk: 7 })).orders.exists(),
          await (await Customer.objects.get({ pk: 1 })).orders.exists(),
        ],
      }),
    );
  },
);
