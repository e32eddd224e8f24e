/**
 * Conformance: Django's recorded answers for window functions on the
 * "ecommerce" data set (Window with RowNumber, Rank, Lag, … and filtering
 * on a window annotation, Django 4.2+'s QUALIFY emulation).
 */
import {
  Count,
  DenseRank,
  F,
  FirstValue,
  Lag,
  LastValue,
  Lead,
  Ntile,
  Q,
  Rank,
  RowNumber,
  RowRange,
  Window,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { ecommerceModels, Order, Product } from "../models/ecommerce.js";
import { checkCase } from "./run-case.js";

/** Each customer's orders numbered from the latest (Django: partition_by=[F("customer_id")]). */
const latestFirst = () =>
  Window({
    expression: RowNumber(),
    partitionBy: [F("customerId")],
    orderBy: F("createdAt").desc(),
  });

forEachDialect(
  "conformance: window functions (ecommerce set)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "win-row-number": () =>
        Order.objects
          .filter({ customerId__in: [1, 2] })
          .annotate({
            rn: Window({
              expression: RowNumber(),
              partitionBy: [F("customerId")],
              orderBy: F("createdAt").asc(),
            }),
          })
          .orderBy("customerId", "createdAt")
          .valuesList("pk", "customerId", "rn"),
      "win-rank-dense-rank": () =>
        Product.objects
          .annotate({
            rnk: Window({ expression: Rank(), orderBy: F("stock").desc() }),
            dense: Window({ expression: DenseRank(), orderBy: F("stock").desc() }),
          })
          .orderBy("-stock", "pk")
          .valuesList("pk", "stock", "rnk", "dense"),
      "win-lag-lead": () =>
        Order.objects
          .filter({ customerId: 5 })
          .annotate({
            prevAt: Window({ expression: Lag("createdAt"), orderBy: F("createdAt").asc() }),
            nextAt: Window({ expression: Lead("createdAt"), orderBy: F("createdAt").asc() }),
          })
          .orderBy("createdAt")
          .valuesList("pk", "createdAt", "prevAt", "nextAt"),
      "win-first-value": () =>
        Order.objects
          .filter({ customerId__in: [4, 11, 13] })
          .annotate({
            firstStatus: Window({
              expression: FirstValue("status"),
              partitionBy: [F("customerId")],
              orderBy: F("createdAt").asc(),
            }),
          })
          .orderBy("customerId", "createdAt")
          .valuesList("pk", "customerId", "status", "firstStatus"),
      "win-last-value-full-frame": () =>
        Order.objects
          .filter({ customerId: 13 })
          .annotate({
            lastStatus: Window({
              expression: LastValue("status"),
              orderBy: F("createdAt").asc(),
              frame: RowRange({ start: null, end: null }),
            }),
          })
          .orderBy("createdAt")
          .valuesList("pk", "status", "lastStatus"),
      "win-count-partition": () =>
        Order.objects
          .filter({ customerId__lte: 3 })
          .annotate({
            custTotal: Window({ expression: Count("id"), partitionBy: [F("customerId")] }),
          })
          .orderBy("pk")
          .valuesList("pk", "customerId", "custTotal")
          .slice(0, 20),
      "win-ntile": () =>
        Product.objects
          .annotate({ quartile: Window({ expression: Ntile(4), orderBy: F("price").asc() }) })
          .orderBy("price")
          .valuesList("pk", "price", "quartile"),
      // Django 3.2 raised NotSupportedError here; 4.2+ (and Tango) wrap the query and filter outside.
      "win-filter-not-supported": () =>
        Order.objects
          .annotate({ rn: latestFirst() })
          .filter({ rn: 1 })
          .valuesList("pk", { flat: true }),
      "win-filter-latest-order-per-customer": () =>
        Order.objects
          .annotate({ rn: latestFirst() })
          .filter({ rn: 1 })
          .orderBy("customerId")
          .valuesList("customerId", "pk", "createdAt"),
      "win-filter-count": () =>
        Order.objects.annotate({ rn: latestFirst() }).filter({ rn: 1 }).count(),
      "win-filter-or-plain-field": () =>
        Order.objects
          .filter({ customerId__lte: 5 })
          .annotate({ rn: latestFirst() })
          .filter(Q({ rn: 1 }).or(Q({ status: "returned" })))
          .orderBy("pk")
          .valuesList("pk", "customerId", "status", "rn"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }
  },
);
