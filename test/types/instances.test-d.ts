import { describe, expectTypeOf, test } from "vitest";
import { postSave, preDelete } from "../../src/index.js";
import { RmAuthor, RmBook, RmPublisher } from "../instances/relation-models.js";
import { City, State } from "../models/state-city.js";

describe("custom QuerySets are typed", () => {
  test("domain methods are on the manager and survive chaining", async () => {
    const rows = await City.objects.denseCities().orderBy("pk").valuesList("pk", "name", "density");
    // F("population").div(F("area")) has no declared output type: the value is unknown.
    expectTypeOf(rows[0]).toEqualTypeOf<[number, string, unknown]>();
    const chained = City.objects
      .filter({ population__gt: 1 })
      .annotateDensity()
      .exclude({ name: "x" });
    expectTypeOf(chained.denseCities).toBeFunction();
    const cities = await City.objects.all().denseCities();
    expectTypeOf(cities[0]).toHaveProperty("density");
    expectTypeOf(cities[0].name).toEqualTypeOf<string>();
  });

  test("annotations of one custom method are seen by the next", async () => {
    const rows = await State.objects
      .annotateHasDenseCities()
      .annotateDenseCityCount()
      .valuesList("name", "hasDenseCities", "denseCityCount");
    expectTypeOf(rows[0][1]).toEqualTypeOf<boolean>();
    expectTypeOf(rows[0][2]).toEqualTypeOf<number | null>();
  });

  test("related managers have the related model's custom methods", async () => {
    const state = await State.objects.get({ pk: 1 });
    expectTypeOf(state.cities.denseCities).toBeFunction();
    expectTypeOf(await state.cities.denseCities().exists()).toEqualTypeOf<boolean>();
  });

  test("a model without a custom QuerySet has none", () => {
    // @ts-expect-error RmPublisher has no denseCities()
    RmPublisher.objects.denseCities;
  });
});

describe("related managers are typed", () => {
  test("reverse foreign key and many-to-many writes", async () => {
    const pub = await RmPublisher.objects.get({ pk: 1 });
    const book = await pub.books.create({ title: "t" });
    expectTypeOf(book.title).toEqualTypeOf<string>();
    expectTypeOf(pub.books.add).toBeFunction();
    const ann = await book.authors.create({ name: "ann" });
    expectTypeOf(ann.name).toEqualTypeOf<string>();
    await book.authors.add(ann, 2);
    await book.authors.set([ann], { clear: true });
    await ann.books.remove(book);
    // @ts-expect-error a reverse foreign key adds instances, not keys
    await pub.books.add(3);
  });
});

describe("signals are typed by their sender", () => {
  test("receivers see the sender's instance type", () => {
    postSave.connect(
      ({ instance, created }) => {
        expectTypeOf(instance.title).toEqualTypeOf<string>();
        expectTypeOf(created).toEqualTypeOf<boolean>();
      },
      { sender: RmBook },
    );
    preDelete.connect(
      ({ instance, origin }) => {
        expectTypeOf(instance.name).toEqualTypeOf<string>();
        expectTypeOf(origin).toEqualTypeOf<unknown>();
      },
      { sender: RmAuthor },
    );
  });
});
