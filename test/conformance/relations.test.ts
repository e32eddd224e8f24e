/**
 * Conformance: Django's recorded answers for select_related and
 * prefetch_related (article 001) on the aggregation and ecommerce sets.
 */
import { Prefetch } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Author, aggregationModels, Book } from "../models/aggregation.js";
import { ecommerceModels, OrderItem } from "../models/ecommerce.js";
import { checkCase } from "./run-case.js";

type Cases = Record<string, () => Promise<unknown>>;

forEachDialect(
  "conformance: relations (aggregation)",
  { models: aggregationModels, fixtures: () => loadFixture("aggregation", aggregationModels) },
  (t) => {
    const cases: Cases = {
      "qs-select-related-book-publisher": async () => {
        const books = await Book.objects.selectRelated("publisher").orderBy("pk");
        return books.map((b) => [b.name, b.publisher.name]);
      },
      "qs-prefetch-to-attr": async () => {
        const books = await Book.objects
          .prefetchRelated(
            Prefetch("authors", {
              queryset: Author.objects.filter({ age__gt: 30 }).orderBy("name"),
              toAttr: "olderAuthors",
            }),
          )
          .orderBy("pk");
        return books.map((b) => [b.pk, b.olderAuthors.map((a) => a.name)]);
      },
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run }));
    }
  },
);

forEachDialect(
  "conformance: relations (ecommerce)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("ec-select-related-items", (ctx) =>
      checkCase(ctx, "ec-select-related-items", {
        run: async () => {
          const items = await OrderItem.objects
            .selectRelated("order__customer", "product")
            .orderBy("pk")
            .slice(0, 10);
          return items.map((i) => [i.pk, i.order.customer.name, i.product.name]);
        },
      }),
    );
  },
);
