import { expect } from "vitest";
import {
  assertNumQueries,
  atomic,
  FieldError,
  IntegrityError,
  ObjectDoesNotExist,
  ValidationError,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import {
  RmAuthor,
  RmBook,
  RmClub,
  RmMembership,
  RmPublisher,
  RmReview,
  relationModels,
} from "./relation-models.js";

async function library() {
  const pub = await RmPublisher.objects.create({ name: "Acme" });
  const other = await RmPublisher.objects.create({ name: "Other" });
  const a = await RmBook.objects.create({ title: "a", publisher: pub });
  const b = await RmBook.objects.create({ title: "b", publisher: pub });
  const c = await RmBook.objects.create({ title: "c", publisher: other });
  const ann = await RmAuthor.objects.create({ name: "ann" });
  const bob = await RmAuthor.objects.create({ name: "bob" });
  const cy = await RmAuthor.objects.create({ name: "cy" });
  return { pub, other, a, b, c, ann, bob, cy };
}

const titles = (qs: PromiseLike<Array<{ title: string }>>) =>
  Promise.resolve(qs).then((rows) => rows.map((r) => r.title));

forEachDialect("instances › related managers", { models: relationModels }, (t) => {
  // ---- reverse foreign key ------------------------------------------------

  t.case("a reverse manager is a QuerySet scoped to the parent", async () => {
    const { pub } = await library();
    expect(await titles(pub.books.all())).toEqual(["a", "b"]);
    expect(await pub.books.filter({ title: "b" }).count()).toBe(1);
    expect(await pub.books.exclude({ title: "b" }).valuesList("title", { flat: true })).toEqual([
      "a",
    ]);
  });

  t.case("rows read through the manager know their parent (no query to read it)", async () => {
    const { pub } = await library();
    const books = await pub.books.filter({ title__in: ["a", "b"] }).orderBy("title");
    const parents = await assertNumQueries(0, () => books.map((b) => b.publisher));
    expect(parents.every((p) => p === pub)).toBe(true);
    for await (const b of pub.books.iterator()) expect(b.publisher).toBe(pub);
  });

  t.case("create() sets the key to the parent in one INSERT", async () => {
    const { pub } = await library();
    const d = await assertNumQueries(1, () => pub.books.create({ title: "d" }));
    expect(d.publisherId).toBe(pub.id);
    expect(d.publisher).toBe(pub);
    expect(await titles(pub.books.all())).toEqual(["a", "b", "d"]);
  });

  t.case("getOrCreate() looks among the parent's rows and creates with the key", async () => {
    const { pub } = await library();
    const [found, created] = await pub.books.getOrCreate({ title: "a" });
    expect([found.title, created]).toEqual(["a", false]);
    const [made, created2] = await pub.books.getOrCreate({ title: "c" }); // "c" is Other's
    expect(created2).toBe(true);
    expect(made.publisherId).toBe(pub.id);
  });

  t.case("add() moves saved instances to the parent with one UPDATE", async () => {
    const { pub, c } = await library();
    await assertNumQueries(1, () => pub.books.add(c));
    expect(c.publisherId).toBe(pub.id);
    expect(await titles(pub.books.all())).toEqual(["a", "b", "c"]);
  });

  t.case("add() of an unsaved instance needs bulk: false, which saves it", async () => {
    const { pub } = await library();
    const d = new RmBook({ title: "d" });
    await expect(pub.books.add(d)).rejects.toThrow(
      "<RmBook: RmBook object (None)> instance isn't saved. Use bulk: false or save the object first.",
    );
    await pub.books.add([d], { bulk: false });
    expect(d.pk).not.toBeNull();
    expect(await titles(pub.books.all())).toEqual(["a", "b", "d"]);
  });

  t.case("add() of another model's instance is a TypeError naming the expected model", async () => {
    const { pub, ann } = await library();
    await expect(pub.books.add(ann as never)).rejects.toThrow(
      new TypeError(`'RmBook' instance expected, got <RmAuthor: RmAuthor object (${ann.pk})>`),
    );
  });

  t.case("remove() and clear() set a nullable key to null", async () => {
    const { pub, a, b } = await library();
    await assertNumQueries(1, () => pub.books.remove(a));
    expect(a.publisherId).toBeNull();
    expect(await titles(pub.books.all())).toEqual(["b"]);
    await assertNumQueries(1, () => pub.books.clear());
    expect(await pub.books.count()).toBe(0);
    expect(await RmBook.objects.filter({ publisher__isnull: true }).count()).toBe(2);
    await b.refreshFromDb();
    expect(b.publisherId).toBeNull();
  });

  t.case("remove() of a row of another parent raises the parent's DoesNotExist", async () => {
    const { pub, c } = await library();
    const err = await pub.books.remove(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RmPublisher.DoesNotExist);
    expect(err).toBeInstanceOf(ObjectDoesNotExist);
    expect((err as Error).message).toBe(
      `<RmBook: RmBook object (${c.pk})> is not related to <RmPublisher: RmPublisher object (${pub.pk})>.`,
    );
  });

  t.case("remove() and clear() need a nullable key", async () => {
    const { a } = await library();
    const r = await a.reviews.create({ stars: 5 });
    await expect(a.reviews.remove(r)).rejects.toThrow(FieldError);
    await expect(a.reviews.clear()).rejects.toThrow(
      "clear() needs RmReview.book to be nullable (null: true): its rows cannot be left without a RmBook; delete them, or add() them to another RmBook.",
    );
    expect(await a.reviews.count()).toBe(1);
  });

  t.case("set() removes the rows not given and adds the new ones", async () => {
    const { pub, a, c } = await library();
    await pub.books.set([a, c]);
    expect(await titles(pub.books.all())).toEqual(["a", "c"]);
    expect(await RmBook.objects.filter({ publisher__isnull: true }).count()).toBe(1);
    await pub.books.set([c], { clear: true });
    expect(await titles(pub.books.all())).toEqual(["c"]);
  });

  t.case("an unsaved parent's manager cannot be used", async () => {
    const pub = new RmPublisher({ name: "new" });
    expect(() => pub.books).toThrow(ValidationError);
    expect(() => pub.books).toThrow(
      `"<RmPublisher: RmPublisher object (None)>" needs to have a value for field "id" before this relationship can be used (save the RmPublisher first).`,
    );
  });

  // ---- many-to-many (auto-created through) ---------------------------------

  t.case("add() links instances or keys in one INSERT, skipping existing links", async (ctx) => {
    const { a, ann, bob } = await library();
    // MySQL's INSERT IGNORE would also drop a row with a missing key: the links are read first there.
    const n = ctx.features().ignoreConflictsOnlySkipsUniqueClashes ? 1 : 2;
    await assertNumQueries(n, () => a.authors.add(ann, bob.id));
    // Already linked: nothing new (an ignored INSERT, or only the SELECT on MySQL).
    await assertNumQueries(1, () => a.authors.add(ann));
    expect(await a.authors.orderBy("name").valuesList("name", { flat: true })).toEqual([
      "ann",
      "bob",
    ]);
    // the reverse side sees the same links
    expect(await titles(ann.books.all())).toEqual(["a"]);
  });

  t.case("remove(), clear() and set() delete and add the join rows", async () => {
    const { a, b, ann, bob, cy } = await library();
    await a.authors.add(ann, bob, cy);
    await b.authors.add(ann);
    await a.authors.remove(bob);
    expect(await a.authors.orderBy("name").valuesList("name", { flat: true })).toEqual([
      "ann",
      "cy",
    ]);
    await a.authors.set([bob.id, cy]);
    expect(await a.authors.orderBy("name").valuesList("name", { flat: true })).toEqual([
      "bob",
      "cy",
    ]);
    await a.authors.clear();
    expect(await a.authors.count()).toBe(0);
    expect(await titles(ann.books.all())).toEqual(["b"]); // other links untouched
  });

  t.case("the reverse side adds and removes too", async () => {
    const { a, b, ann } = await library();
    await ann.books.add(a, b);
    expect(await a.authors.valuesList("name", { flat: true })).toEqual(["ann"]);
    await ann.books.remove(a);
    expect(await titles(ann.books.all())).toEqual(["b"]);
  });

  t.case("create() inserts the related row and links it", async () => {
    const { a } = await library();
    const dee = await a.authors.create({ name: "dee" });
    expect(await a.authors.valuesList("name", { flat: true })).toEqual(["dee"]);
    expect(await titles(dee.books.all())).toEqual(["a"]);
  });

  t.case("add() of an unsaved instance is an error naming the missing key", async () => {
    const { a } = await library();
    await expect(a.authors.add(new RmAuthor({ name: "x" }))).rejects.toThrow(
      'Cannot add "<RmAuthor: RmAuthor object (None)>": the value for field "id" is None',
    );
  });

  t.case("a symmetrical self relation links both ways", async () => {
    const { ann, bob, cy } = await library();
    await ann.friends.add(bob, cy);
    expect(await bob.friends.valuesList("name", { flat: true })).toEqual(["ann"]);
    await bob.friends.remove(ann);
    expect(await ann.friends.valuesList("name", { flat: true })).toEqual(["cy"]);
    expect(await bob.friends.count()).toBe(0);
  });

  // ---- many-to-many through an explicit model ------------------------------

  t.case("an explicit through model's required fields come from throughDefaults", async () => {
    const { ann, bob } = await library();
    const club = await RmClub.objects.create({ name: "chess" });
    await expect(club.members.add(ann)).rejects.toThrow(
      "RmMembership needs role for each link: pass them as { throughDefaults: { role: … } }.",
    );
    await expect(club.members.create({ name: "eve" })).rejects.toThrow(ValidationError);
    expect(await RmAuthor.objects.filter({ name: "eve" }).count()).toBe(0); // checked before the INSERT
    await club.members.add([ann, bob], { throughDefaults: { role: "member" } });
    await club.members.create({ name: "dee" }, { throughDefaults: { role: "chair" } });
    expect(
      await RmMembership.objects.orderBy("author__name").valuesList("author__name", "role"),
    ).toEqual([
      ["ann", "member"],
      ["bob", "member"],
      ["dee", "chair"],
    ]);
    await club.members.remove(bob);
    expect(await club.members.orderBy("name").valuesList("name", { flat: true })).toEqual([
      "ann",
      "dee",
    ]);
    await club.members.set([ann], { throughDefaults: { role: "x" } });
    expect(await ann.clubs.valuesList("name", { flat: true })).toEqual(["chess"]);
    expect(await RmMembership.objects.count()).toBe(1);
  });

  t.case("a failing add() leaves the links as they were", async () => {
    const { a, ann, bob } = await library();
    await a.authors.add(ann);
    // A key that does not exist: the database refuses the link (IntegrityError), nothing is added.
    await expect(atomic(() => a.authors.add(ann, 999_999, bob))).rejects.toThrow(IntegrityError);
    expect(await a.authors.valuesList("name", { flat: true })).toEqual(["ann"]);
  });

  t.case("fetchRelated() of a to-many relation returns its rows", async () => {
    const { pub } = await library();
    const rows = (await pub.fetchRelated("books")) as Array<{ title: string }>;
    expect(rows.map((r) => r.title)).toEqual(["a", "b"]);
  });

  t.case("RmReview is reachable from the book (reverse manager typed)", async () => {
    const { a } = await library();
    await a.reviews.create({ stars: 3 });
    expect(await RmReview.objects.filter({ book: a }).count()).toBe(1);
  });
});
