/**
 * Conformance: Django's recorded answers for updates and deletes on the
 * "ecommerce" data set, with the table state afterwards (`state_code`).
 */
import { Case, F, f, When } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { ecommerceModels, Product } from "../models/ecommerce.js";
import { checkCase } from "./run-case.js";
import { djangoDeleteResult } from "./serialize.js";

/** `Product.objects.order_by("pk").values_list("pk", "stock")` */
const allStock = async () => Product.objects.orderBy("pk").valuesList("pk", "stock");
/** `Product.objects.filter(pk=n).values_list("pk", "stock")` */
const stockOf = (pk: number) => async () =>
  Product.objects.filter({ pk }).valuesList("pk", "stock");

forEachDialect(
  "conformance: ecommerce set (update, delete)",
  { models: ecommerceModels, fixtures: () => loadFixture("ecommerce", ecommerceModels) },
  (t) => {
    t.case("ec-stock-read-modify-write", (ctx) =>
      checkCase(ctx, "ec-stock-read-modify-write", {
        run: async () => {
          const [productId, quantity] = [6, 5];
          const product = await Product.objects.get({ pk: productId });
          product.stock -= quantity;
          await product.save();
          return product.stock;
        },
        state: stockOf(6),
      }),
    );

    t.case("ec-stock-f-decrement", (ctx) =>
      checkCase(ctx, "ec-stock-f-decrement", {
        run: () => {
          const [productId, quantity] = [6, 5];
          return Product.objects
            .filter({ pk: productId })
            .update({ stock: F("stock").sub(quantity) });
        },
        state: stockOf(6),
      }),
    );

    t.case("ec-stock-f-decrement-below-zero", (ctx) =>
      checkCase(ctx, "ec-stock-f-decrement-below-zero", {
        // The message is the database's own. On MySQL/MariaDB a positive integer column is
        // UNSIGNED and the server rejects -1 as out of range (error 1264) before any CHECK:
        // Django's MySQL backend raises DataError there (1264 is not among its
        // codes_for_integrityerror), and so does Tango.
        errorMessage: false,
        override: { mysql: { error: { type: "DataError", message: "" } } },
        run: () => Product.objects.filter({ pk: 3 }).update({ stock: F("stock").sub(1) }),
        state: stockOf(3),
      }),
    );

    t.case("ec-stock-f-bulk-update", (ctx) =>
      checkCase(ctx, "ec-stock-f-bulk-update", {
        run: () => Product.objects.filter({ stock__lt: 10 }).update({ stock: F("stock").add(50) }),
        state: allStock,
      }),
    );

    t.case("ec-update-join-filter", (ctx) =>
      checkCase(ctx, "ec-update-join-filter", {
        run: () =>
          Product.objects
            .filter({ orderItems__order__status: "returned" })
            .update({ stock: F("stock").add(1) }),
        state: allStock,
      }),
    );

    t.case("fn-case-when-update-output-field", (ctx) =>
      checkCase(ctx, "fn-case-when-update-output-field", {
        run: () =>
          Product.objects.update({
            stock: Case(new When({ stock__lt: 10 }, F("stock").add(100)), {
              default: F("stock"),
              outputField: f.integer(),
            }),
          }),
        state: allStock,
      }),
    );

    t.case("ec-delete-protected", (ctx) =>
      checkCase(ctx, "ec-delete-protected", {
        run: () => Product.objects.filter({ pk: 1 }).delete(),
        state: () => Product.objects.filter({ pk: 1 }).count(),
      }),
    );

    t.case("ec-delete-unreferenced", (ctx) =>
      checkCase(ctx, "ec-delete-unreferenced", {
        run: () => Product.objects.filter({ pk: 25 }).delete(),
        serialize: (r) => djangoDeleteResult(r),
        state: () => Product.objects.count(),
      }),
    );
  },
);
