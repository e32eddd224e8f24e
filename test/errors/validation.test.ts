import { expect } from "vitest";
import { captureQueries, ValidationError } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { ErrBook, ErrPublisher, errorModels } from "./models.js";
import { untyped } from "./untyped.js";

/** Run `fn`, expecting a ValidationError with `message` and no statement sent. */
async function rejectedBeforeSql(fn: () => unknown, message: string): Promise<void> {
  const { queries } = await captureQueries(async () => {
    let error: unknown;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe("VALIDATION_ERROR");
    expect((error as ValidationError).message).toBe(message);
  });
  expect(queries.map((q) => q.sql)).toEqual([]);
}

forEachDialect(
  "errors › wrong value types are rejected before SQL",
  { models: errorModels },
  (t) => {
    t.case("filter() with a string for an integer field", async () => {
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).filter({ pages: "abc" }),
        "ErrBook.pages expects an integer (number), got 'abc' (string)",
      );
    });

    t.case("filter() with a bad value inside __in, __range and through a relation", async () => {
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).filter({ pages__in: [1, "x"] }),
        "ErrBook.pages expects an integer (number), got 'x' (string)",
      );
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).filter({ price__range: ["1", "lots"] }),
        "ErrBook.price expects a Decimal, a decimal string or a finite number, got 'lots' (string)",
      );
      await rejectedBeforeSql(
        () => untyped(ErrPublisher.objects).filter({ books__pages__gt: "many" }),
        "ErrBook.pages expects an integer (number), got 'many' (string)",
      );
    });

    t.case("filter() with an impossible date", async () => {
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).filter({ publishedOn: "2024-13-45" }),
        "ErrBook.publishedOn expects a date ('YYYY-MM-DD' or a Date), got '2024-13-45' (string)",
      );
    });

    t.case("create() with a bad decimal", async () => {
      const p = await ErrPublisher.objects.create({ name: "p" });
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).create({ title: "t", pages: 1, price: "x", publisher: p }),
        "ErrBook.price expects a Decimal, a decimal string or a finite number, got 'x' (string)",
      );
      expect(await ErrBook.objects.count()).toBe(0);
    });

    t.case("save() with a wrong type on a loaded instance", async () => {
      const p = await ErrPublisher.objects.create({ name: "p" });
      const book = await ErrBook.objects.create({
        title: "t",
        pages: 1,
        price: "1.00",
        publisher: p,
      });
      (book as unknown as Record<string, unknown>).pages = 1.5;
      await rejectedBeforeSql(
        () => book.save(),
        "ErrBook.pages expects an integer (number), got 1.5 (number)",
      );
      expect((await ErrBook.objects.get({ pk: book.pk })).pages).toBe(1);
    });

    t.case("update() with a wrong type", async () => {
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).update({ pages: "abc" }),
        "ErrBook.pages expects an integer (number), got 'abc' (string)",
      );
    });

    t.case("bulkCreate() with a bad value in a later row sends nothing", async () => {
      const p = await ErrPublisher.objects.create({ name: "p" });
      const good = new ErrBook({ title: "a", pages: 1, price: "1", publisher: p });
      const bad = new ErrBook({ title: "b", pages: 2, price: "1", publisher: p });
      (bad as unknown as Record<string, unknown>).publishedOn = "yesterday";
      await rejectedBeforeSql(
        () => ErrBook.objects.bulkCreate([good, bad]),
        "ErrBook.publishedOn expects a date ('YYYY-MM-DD' or a Date), got 'yesterday' (string)",
      );
      expect(await ErrBook.objects.count()).toBe(0);
    });

    t.case("null for a lookup other than exact / isnull", async () => {
      await rejectedBeforeSql(
        () => untyped(ErrBook.objects).filter({ pages__gt: null }),
        "Cannot use null as a query value for 'gt'",
      );
    });
  },
);
