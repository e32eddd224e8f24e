import { afterEach, expect } from "vitest";
import {
  assertNumQueries,
  F,
  type M2MChangedArgs,
  m2mChanged,
  postDelete,
  postSave,
  preDelete,
  preSave,
  type Receiver,
  type Signal,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { RmAuthor, RmBook, RmPublisher, RmReview, relationModels } from "./relation-models.js";

/** Receivers connected by a case, disconnected after it (signals are process-wide). */
const connected: Array<() => void> = [];
function listen<A>(signal: Signal<never>, receiver: Receiver<A>, sender?: unknown): void {
  (signal as unknown as Signal<never>).connect(receiver as never, { sender } as never);
  connected.push(() => signal.disconnect(receiver as never, { sender } as never));
}
afterEach(() => {
  for (const off of connected.splice(0)) off();
});

type Log = string[];
const name = (o: unknown) =>
  `${(o as object).constructor.name}:${String((o as { pk: unknown }).pk)}`;

forEachDialect("instances › signals", { models: relationModels }, (t) => {
  t.case(
    "save() sends preSave then postSave with created; update sends created false",
    async () => {
      const log: Log = [];
      listen(preSave as never, ({ instance, updateFields }: never) => {
        log.push(`pre ${name(instance)} ${JSON.stringify(updateFields)}`);
      });
      listen(postSave as never, ({ instance, created, using }: never) => {
        log.push(`post ${name(instance)} created=${created} ${using}`);
      });
      const pub = new RmPublisher({ name: "Acme" });
      await pub.save();
      pub.name = "Acme 2";
      await pub.save({ updateFields: ["name"] });
      expect(log).toEqual([
        "pre RmPublisher:undefined null",
        `post RmPublisher:${pub.pk} created=true default`,
        `pre RmPublisher:${pub.pk} ["name"]`,
        `post RmPublisher:${pub.pk} created=false default`,
      ]);
    },
  );

  t.case(
    "receivers connected for a sender only hear that model; disconnect stops them",
    async () => {
      const seen: string[] = [];
      const receiver = ({ instance }: { instance: unknown }) => {
        seen.push(name(instance));
      };
      postSave.connect(receiver, { sender: RmAuthor });
      await RmPublisher.objects.create({ name: "p" });
      const ann = await RmAuthor.objects.create({ name: "ann" });
      expect(postSave.disconnect(receiver as never, { sender: RmAuthor })).toBe(true);
      await RmAuthor.objects.create({ name: "bob" });
      expect(seen).toEqual([name(ann)]);
    },
  );

  t.case("async receivers run one after the other, in connection order", async () => {
    const log: Log = [];
    listen(postSave as never, async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push("slow");
    });
    listen(postSave as never, () => {
      log.push("fast");
    });
    await RmPublisher.objects.create({ name: "p" });
    expect(log).toEqual(["slow", "fast"]);
  });

  t.case("a receiver that throws stops the save (preSave: nothing is written)", async () => {
    listen(
      preSave as never,
      () => {
        throw new Error("no");
      },
      RmPublisher,
    );
    await expect(RmPublisher.objects.create({ name: "p" })).rejects.toThrow("no");
    expect(await RmPublisher.objects.count()).toBe(0);
  });

  t.case("update(), bulkCreate() and bulkUpdate() send no signals (article 000)", async () => {
    const log: Log = [];
    for (const s of [preSave, postSave, preDelete, postDelete])
      listen(s as never, ({ instance }: never) => log.push(name(instance)));
    const pubs = await RmPublisher.objects.bulkCreate([
      new RmPublisher({ name: "a" }),
      new RmPublisher({ name: "b" }),
    ]);
    await RmPublisher.objects.update({ name: F("name") });
    for (const p of pubs) p.name = `${p.name}!`;
    await RmPublisher.objects.bulkUpdate(pubs, ["name"]);
    expect(log).toEqual([]);
  });

  t.case(
    "a reverse manager's bulk add() sends nothing; bulk: false saves (and signals) each",
    async () => {
      const pub = await RmPublisher.objects.create({ name: "p" });
      const a = await RmBook.objects.create({ title: "a" });
      const b = await RmBook.objects.create({ title: "b" });
      const saved: string[] = [];
      listen(
        postSave as never,
        ({ instance, created }: never) => saved.push(`${name(instance)} ${created}`),
        RmBook,
      );
      await pub.books.add(a);
      expect(saved).toEqual([]);
      await pub.books.add([b], { bulk: false });
      expect(saved).toEqual([`RmBook:${b.pk} false`]);
    },
  );

  t.case("m2m set() is a remove of the old keys plus an add of the new ones", async () => {
    const book = await RmBook.objects.create({ title: "t" });
    const [ann, bob, cy] = await Promise.all(
      ["ann", "bob", "cy"].map((n) => RmAuthor.objects.create({ name: n })),
    );
    await book.authors.add(ann, bob);
    const log: string[] = [];
    listen(m2mChanged as never, (args: M2MChangedArgs<unknown>) => {
      log.push(`${args.action} [${args.pkSet ? [...args.pkSet].join(",") : "null"}]`);
    });
    await book.authors.set([bob, cy]);
    expect(log).toEqual([
      `pre_remove [${ann.pk}]`,
      `post_remove [${ann.pk}]`,
      `pre_add [${cy.pk}]`,
      `post_add [${cy.pk}]`,
    ]);
    log.length = 0;
    await book.authors.set([ann], { clear: true });
    expect(log).toEqual([
      "pre_clear [null]",
      "post_clear [null]",
      `pre_add [${ann.pk}]`,
      `post_add [${ann.pk}]`,
    ]);
  });

  t.case("delete() sends preDelete/postDelete per instance, cascaded rows first", async () => {
    const log: Log = [];
    listen(preDelete as never, ({ instance, origin }: never) => {
      log.push(`pre ${name(instance)} origin=${name(origin)}`);
    });
    listen(postDelete as never, ({ instance }: never) => {
      log.push(`post ${name(instance)}`);
    });
    const pub = await RmPublisher.objects.create({ name: "p" });
    const book = await RmBook.objects.create({ title: "t", publisher: pub });
    const review = await RmReview.objects.create({ stars: 1, book });
    const bookPk = book.pk;
    const result = await book.delete();
    expect(book.pk).toBeNull();
    expect(result).toEqual([2, { RmBook: 1, RmReview: 1 }]);
    expect(log).toEqual([
      `pre RmReview:${review.pk} origin=RmBook:${bookPk}`,
      `pre RmBook:${bookPk} origin=RmBook:${bookPk}`,
      `post RmReview:${review.pk}`,
      // the very instance whose delete() ran (its pk is cleared after the signals)
      `post RmBook:${bookPk}`,
    ]);
  });

  t.case("QuerySet.delete() fetches the rows to send them when a receiver listens", async () => {
    const pubs = await RmPublisher.objects.bulkCreate([
      new RmPublisher({ name: "a" }),
      new RmPublisher({ name: "b" }),
    ]);
    // Nobody listens to RmPublisher: one DELETE.
    await assertNumQueries(1, () => RmPublisher.objects.filter({ name: "zzz" }).delete());
    const seen: unknown[] = [];
    const received: Array<{ pk: unknown }> = [];
    listen(postDelete as never, ({ instance }: never) => received.push(instance), RmPublisher);
    listen(
      preDelete as never,
      ({ instance }: never) => seen.push((instance as { name: string }).name),
      RmPublisher,
    );
    // select pks, the books that cascade, the instances, then DELETE
    expect(await RmPublisher.objects.filter({ pk__in: pubs.map((p) => p.pk) }).delete()).toEqual([
      2,
      { RmPublisher: 2 },
    ]);
    expect(seen.sort()).toEqual(["a", "b"]);
    // the instances the receivers got have lost their primary key afterwards, as in Django
    expect(received.map((i) => i.pk)).toEqual([null, null]);
  });

  t.case("m2mChanged: pre/post add with the new keys only, remove, clear", async () => {
    const log: string[] = [];
    listen(m2mChanged as never, (args: M2MChangedArgs<unknown>) => {
      const keys = args.pkSet ? [...args.pkSet].map(String).sort().join(",") : "null";
      log.push(
        `${args.action} ${name(args.instance)} reverse=${args.reverse} ${args.model.meta.name} [${keys}]`,
      );
    });
    const book = await RmBook.objects.create({ title: "t" });
    const ann = await RmAuthor.objects.create({ name: "ann" });
    const bob = await RmAuthor.objects.create({ name: "bob" });
    await book.authors.add(ann);
    await book.authors.add(ann, bob);
    await ann.books.remove(book);
    await book.authors.clear();
    const b = `RmBook:${book.pk}`;
    expect(log).toEqual([
      `pre_add ${b} reverse=false RmAuthor [${ann.pk}]`,
      `post_add ${b} reverse=false RmAuthor [${ann.pk}]`,
      `pre_add ${b} reverse=false RmAuthor [${bob.pk}]`,
      `post_add ${b} reverse=false RmAuthor [${bob.pk}]`,
      `pre_remove RmAuthor:${ann.pk} reverse=true RmBook [${book.pk}]`,
      `post_remove RmAuthor:${ann.pk} reverse=true RmBook [${book.pk}]`,
      `pre_clear ${b} reverse=false RmAuthor [null]`,
      `post_clear ${b} reverse=false RmAuthor [null]`,
    ]);
  });

  t.case("m2mChanged is sent by the through model (sender filter)", async () => {
    const through = (RmBook.meta.manyToMany[0].throughMeta ?? null) as {
      modelClass: unknown;
    } | null;
    const book = await RmBook.objects.create({ title: "t" });
    const ann = await RmAuthor.objects.create({ name: "ann" });
    await book.authors.add(ann); // resolves the through model
    const Through = (RmBook.meta.manyToMany[0].throughMeta as { modelClass: unknown }).modelClass;
    const actions: string[] = [];
    listen(
      m2mChanged as never,
      ({ action }: M2MChangedArgs<unknown>) => actions.push(action),
      Through,
    );
    listen(m2mChanged as never, () => actions.push("wrong sender"), RmBook);
    await book.authors.remove(ann);
    expect(actions).toEqual(["pre_remove", "post_remove"]);
    expect(through === null || through.modelClass === Through).toBe(true);
  });
});
