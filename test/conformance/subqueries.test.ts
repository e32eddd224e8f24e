/**
 * Conformance: Django's recorded answers for Subquery, OuterRef and Exists
 * (articles 000, 001 and 002) on the ecommerce, project_task, state_city and
 * aggregation data sets.
 */
import {
  Avg,
  Coalesce,
  Count,
  Exists,
  ExpressionWrapper,
  F,
  f,
  Max,
  OuterRef,
  Subquery,
  Sum,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Author, aggregationModels, Book, Store } from "../models/aggregation.js";
import { Customer, ecommerceModels, Order, OrderItem } from "../models/ecommerce.js";
import { Project, projectTaskModels, Task } from "../models/project-task.js";
import { City, State, stateCityModels } from "../models/state-city.js";
import { checkCase } from "./run-case.js";

type Cases = Record<string, () => PromiseLike<unknown>>;

forEachDialect(
  "conformance: subqueries (ecommerce)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    const cases: Cases = {
      "ec-latest-order-per-customer": () => {
        const latestOrder = Order.objects
          .filter({ customer: OuterRef("pk") })
          .orderBy("-createdAt")
          .values("createdAt")
          .slice(0, 1);
        return Customer.objects
          .annotate({ lastOrderAt: Subquery(latestOrder) })
          .orderBy("pk")
          .valuesList("pk", "lastOrderAt");
      },
      "ec-customers-with-paid-orders": () =>
        Customer.objects
          .filter(Exists(Order.objects.filter({ customer: OuterRef("pk"), status: "paid" })))
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      "ec-not-exists-filter": () =>
        Customer.objects
          .filter(Exists(Order.objects.filter({ customer: OuterRef("pk") })).not())
          .orderBy("pk")
          .valuesList("pk", { flat: true }),
      "ec-subquery-count-paid-coalesce": () => {
        const paid = Order.objects
          .filter({ customer: OuterRef("pk"), status: "paid" })
          .values("customer")
          .annotate({ c: Count("pk") })
          .values("c");
        return Customer.objects
          .annotate({ paidCount: Coalesce(Subquery(paid), 0) })
          .orderBy("pk")
          .valuesList("pk", "paidCount");
      },
      "ec-subquery-sum-spent": () => {
        const spent = OrderItem.objects
          .filter({ order__customer: OuterRef("pk"), order__status: "paid" })
          .values("order__customer")
          .annotate({ s: Sum(ExpressionWrapper(F("quantity").mul(F("price")), f.decimal())) })
          .values("s");
        return Customer.objects
          .annotate({ totalSpent: Subquery(spent) })
          .orderBy("pk")
          .valuesList("pk", "totalSpent");
      },
      "ec-subquery-outerref-outerref": () => {
        const firstOrder = Order.objects
          .filter({ customer: OuterRef(OuterRef("pk")) })
          .orderBy("createdAt")
          .values("pk")
          .slice(0, 1);
        const top = OrderItem.objects
          .filter({ order: Subquery(firstOrder) })
          .orderBy("-price")
          .values("product__name")
          .slice(0, 1);
        return Customer.objects
          .annotate({ firstOrderTopProduct: Subquery(top) })
          .orderBy("pk")
          .valuesList("pk", "firstOrderTopProduct");
      },
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }

    t.case("ec-subquery-multiple-rows", (ctx) =>
      checkCase(ctx, "ec-subquery-multiple-rows", {
        run: async () =>
          Customer.objects
            .filter({ pk__in: [1, 7, 30] })
            .annotate({
              someOrder: Subquery(
                Order.objects.filter({ customer: OuterRef("pk") }).values("createdAt"),
              ),
            })
            .orderBy("pk")
            .valuesList("pk", "someOrder"),
        // The database's own message; MySQL/MariaDB say it differently ("Subquery returns more than 1 row").
        // SQLite takes the first row of a scalar subquery instead of failing (Django's SQLite record).
        errorMessage: false,
      }),
    );
  },
);

forEachDialect(
  "conformance: subqueries (project_task)",
  { models: projectTaskModels, fixtures: () => loadFixture("project_task", projectTaskModels) },
  (t) => {
    const state = async () => Project.objects.orderBy("pk").valuesList("pk", "progress");
    t.case("pt-subquery-update-only-with-tasks", (ctx) =>
      checkCase(ctx, "pt-subquery-update-only-with-tasks", {
        run: async () => {
          const sub = Project.objects
            .filter({ id: OuterRef("id") })
            .annotate({ avgProg: Avg("task__progress") })
            .values("avgProg")
            .slice(0, 1);
          return Project.objects
            .filter(Exists(Task.objects.filter({ project: OuterRef("pk") })))
            .update({ progress: Subquery(sub) });
        },
        state,
      }),
    );
    t.case("pt-subquery-update-coalesce-int-error", (ctx) =>
      checkCase(ctx, "pt-subquery-update-coalesce-int-error", {
        run: async () => {
          const sub = Project.objects
            .filter({ id: OuterRef("id") })
            .annotate({ avgProg: Coalesce(Avg("task__progress"), 0) })
            .values("avgProg")
            .slice(0, 1);
          return Project.objects.update({ progress: Subquery(sub) });
        },
        state,
      }),
    );
    t.case("pt-subquery-update-default-kw", (ctx) =>
      checkCase(ctx, "pt-subquery-update-default-kw", {
        run: async () => {
          const sub = Project.objects
            .filter({ id: OuterRef("id") })
            .annotate({ avgProg: Avg("task__progress", { default: 0 }) })
            .values("avgProg")
            .slice(0, 1);
          return Project.objects.update({ progress: Subquery(sub) });
        },
        state,
      }),
    );
  },
);

forEachDialect(
  "conformance: subqueries (state_city)",
  { models: stateCityModels, fixtures: () => loadFixture("state_city", stateCityModels) },
  (t) => {
    const cases: Cases = {
      "sc-biggest-city-subquery": () => {
        const biggest = City.objects
          .filter({ stateId: OuterRef("id") })
          .values("stateId")
          .annotate({ maxPop: Max("population") })
          .values("maxPop");
        return State.objects
          .annotate({ biggestCityPopulation: Subquery(biggest) })
          .orderBy("pk")
          .valuesList("name", "biggestCityPopulation");
      },
      "sc-biggest-city-name": () =>
        State.objects
          .annotate({
            biggestCity: Subquery(
              City.objects
                .filter({ stateId: OuterRef("id") })
                .orderBy("-population")
                .values("name")
                .slice(0, 1),
            ),
          })
          .orderBy("pk")
          .valuesList("name", "biggestCity"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }
  },
);

forEachDialect(
  "conformance: subqueries (aggregation)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    t.case("agg-multijoin-subquery-correct", (ctx) =>
      checkCase(ctx, "agg-multijoin-subquery-correct", {
        run: async () => {
          const authors = Author.objects
            .filter({ book: OuterRef("pk") })
            .values("book")
            .annotate({ c: Count("pk") })
            .values("c");
          const stores = Store.objects
            .filter({ books: OuterRef("pk") })
            .values("books")
            .annotate({ c: Count("pk") })
            .values("c");
          return Book.objects
            .annotate({
              numAuthors: Coalesce(Subquery(authors), 0),
              numStores: Coalesce(Subquery(stores), 0),
            })
            .orderBy("pk")
            .valuesList("pk", "numAuthors", "numStores");
        },
      }),
    );
  },
);
