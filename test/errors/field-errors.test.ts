import { expect } from "vitest";
import { captureQueries, FieldError } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { ErrBook, ErrPublisher, errorModels } from "./models.js";
import { untyped } from "./untyped.js";

const BOOK_CHOICES = "id, pages, price, publishedOn, publisher, publisherId, title";
const PUBLISHER_CHOICES = "books, id, name";

/** Call `build` (which must throw synchronously, at the call) and return the FieldError. */
function fieldError(build: () => unknown): FieldError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    expect((e as FieldError).code).toBe("FIELD_ERROR");
    return e as FieldError;
  }
  throw new Error("expected a FieldError at the call, not at await");
}

forEachDialect("errors › FieldError at the call", { models: errorModels }, (t) => {
  t.case("unknown field in filter(): model, sorted choices, closest match", async () => {
    const { queries } = await captureQueries(() => {
      const e = fieldError(() => untyped(ErrBook.objects).filter({ titel: "x" }));
      expect(e.message).toBe(
        `Cannot resolve keyword 'titel' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'title'?`,
      );
    });
    expect(queries).toHaveLength(0);
  });

  t.case("unknown field with no close match: no suggestion", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ zzz: 1 }));
    expect(e.message).toBe(
      `Cannot resolve keyword 'zzz' into field on ErrBook. Choices are: ${BOOK_CHOICES}.`,
    );
  });

  t.case("unknown field in exclude(), get() and Q objects", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).exclude({ prise__gt: 1 }));
    expect(e.message).toBe(
      `Cannot resolve keyword 'prise' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'price'?`,
    );
    await expect(untyped(ErrBook.objects).get({ pagez: 1 })).rejects.toThrow(FieldError);
  });

  t.case("unknown part after a forward relation names the related model", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ publisher__nmae: "x" }));
    expect(e.message).toBe(
      `Cannot resolve keyword 'nmae' into field on ErrPublisher. Choices are: ${PUBLISHER_CHOICES}. Did you mean 'name'?`,
    );
  });

  t.case("unknown reverse relation, and unknown part after a reverse relation", async () => {
    const e = fieldError(() => untyped(ErrPublisher.objects).filter({ boks__title: "x" }));
    expect(e.message).toBe(
      `Cannot resolve keyword 'boks' into field on ErrPublisher. Choices are: ${PUBLISHER_CHOICES}. Did you mean 'books'?`,
    );
    const e2 = fieldError(() => untyped(ErrPublisher.objects).filter({ books__titel: "x" }));
    expect(e2.message).toBe(
      `Cannot resolve keyword 'titel' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'title'?`,
    );
  });

  t.case("unknown lookup on a field: 'Unsupported lookup', with the closest lookups", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ title__icontainz: "x" }));
    expect(e.message).toBe(
      "Unsupported lookup 'icontainz' for CharField or join on the field not permitted, perhaps you meant icontains or contains or iendswith?",
    );
  });

  t.case("unknown lookup after a relation path: 'Unsupported lookup'", async () => {
    const e = fieldError(() =>
      untyped(ErrBook.objects).filter({ publisher__name__icontainz: "x" }),
    );
    expect(e.message).toBe(
      "Unsupported lookup 'icontainz' for CharField or join on the field not permitted, perhaps you meant icontains or contains or iendswith?",
    );
  });

  t.case("unknown transform on a date field suggests the transform", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ publishedOn__yaer: 2020 }));
    expect(e.message).toBe(
      "Unsupported lookup 'yaer' for DateField or join on the field not permitted, perhaps you meant year or quarter or week?",
    );
  });

  t.case("unknown lookup after a transform", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ publishedOn__year__gtee: 2020 }));
    expect(e.message).toBe(
      "Unsupported lookup 'gtee' for IntegerField or join on the field not permitted, perhaps you meant gte or lte or gt?",
    );
  });

  t.case("a transform on the wrong field type is an unsupported lookup", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).filter({ pages__year: 2020 }));
    expect(e.message).toMatch(/^Unsupported lookup 'year' for IntegerField/);
  });

  t.case("orderBy() with an unknown field, descending, or through a relation", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).orderBy("-titel"));
    expect(e.message).toBe(
      `Cannot resolve keyword 'titel' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'title'?`,
    );
    const e2 = fieldError(() => untyped(ErrBook.objects).orderBy("publisher__nmae"));
    expect(e2.message).toBe(
      `Cannot resolve keyword 'nmae' into field on ErrPublisher. Choices are: ${PUBLISHER_CHOICES}. Did you mean 'name'?`,
    );
  });

  t.case("values() / valuesList() with an unknown field", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).values("title", "titel"));
    expect(e.message).toBe(
      `Cannot resolve keyword 'titel' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'title'?`,
    );
    const e2 = fieldError(() => untyped(ErrBook.objects).valuesList("pagez", { flat: true }));
    expect(e2.message).toBe(
      `Cannot resolve keyword 'pagez' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'pages'?`,
    );
    const e3 = fieldError(() => untyped(ErrBook.objects).values("publisher__nmae"));
    expect(e3.message).toBe(
      `Cannot resolve keyword 'nmae' into field on ErrPublisher. Choices are: ${PUBLISHER_CHOICES}. Did you mean 'name'?`,
    );
  });

  t.case("only() / defer() with an unknown field", async () => {
    const e = fieldError(() => untyped(ErrBook.objects).only("titel"));
    expect(e.message).toBe(
      `Cannot resolve keyword 'titel' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'title'?`,
    );
    const e2 = fieldError(() => untyped(ErrBook.objects).defer("prise"));
    expect(e2.message).toBe(
      `Cannot resolve keyword 'prise' into field on ErrBook. Choices are: ${BOOK_CHOICES}. Did you mean 'price'?`,
    );
  });

  t.case("update() with an unknown field rejects before any SQL", async () => {
    const { queries } = await captureQueries(async () => {
      await expect(untyped(ErrBook.objects).update({ pagez: 1 })).rejects.toThrow(
        "ErrBook has no field named 'pagez'. Choices are: id, pages, price, publishedOn, publisher, title. Did you mean 'pages'?",
      );
    });
    expect(queries).toHaveLength(0);
  });
});
