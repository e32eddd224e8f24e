import { expect } from "vitest";
import { SubqueryCount } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import {
  ArticleQuerySet,
  CmArticle,
  CmAuthor,
  CmBroken,
  CmNote,
  CmReader,
  customManagerModels as models,
  PublishedManager,
} from "./custom-manager-models.js";

async function data() {
  const ann = await CmAuthor.objects.create({ name: "ann" });
  const rita = await CmReader.objects.create({ name: "rita" });
  const live = await CmArticle.objects.create({ title: "a-live", published: true, author: ann });
  const draft = await CmArticle.objects.create({ title: "a-draft", author: ann });
  await live.readers.add(rita);
  await draft.readers.add(rita);
  return { ann, rita, live };
}

/** Three published articles by bob, one by ann, and ann's draft. */
async function more() {
  const { ann, rita, live } = await data();
  const bob = await CmAuthor.objects.create({ name: "bob" });
  for (const title of ["b-1", "b-2", "b-3"]) {
    await CmArticle.objects.create({ title, published: true, author: bob });
  }
  return { ann, bob, rita, live };
}

forEachDialect("instances › custom managers", { models }, (t) => {
  t.case("the manager's getQueryset() filters every query, custom methods included", async () => {
    await data();
    expect(CmArticle.objects).toBeInstanceOf(PublishedManager);
    expect(await CmArticle.objects.valuesList("title", { flat: true })).toEqual(["a-live"]);
    expect(await CmArticle.objects.titled("a-").count()).toBe(1);
    expect(CmArticle.objects.all()).toBeInstanceOf(ArticleQuerySet);
  });

  t.case("related managers extend the model's manager: its filters apply there too", async () => {
    const { ann, rita } = await data();
    expect(await ann.articles.valuesList("title", { flat: true })).toEqual(["a-live"]);
    expect(await rita.articles.valuesList("title", { flat: true })).toEqual(["a-live"]);
    expect(await ann.articles.titled("a-").count()).toBe(1);
    expect(ann.articles).toBeInstanceOf(PublishedManager);
  });

  t.case("SubqueryCount of a relation counts what the related manager returns", async () => {
    await data();
    expect(
      await CmAuthor.objects.annotate({ n: SubqueryCount("articles") }).valuesList("name", "n"),
    ).toEqual([["ann", 1]]);
  });

  t.case("the manager's own methods start from its getQueryset()", async () => {
    await more();
    const latest = await CmArticle.objects.latestTwo();
    expect(latest.map((a) => a.title)).toEqual(["b-3", "b-2"]);
    expect(await CmArticle.objects.countLive()).toBe(4);
    expect(await CmArticle.objects.liveTitled("a-").valuesList("title", { flat: true })).toEqual([
      "a-live",
    ]);
    expect(CmArticle.objects.liveTitled("a-")).toBeInstanceOf(ArticleQuerySet);
    expect(await CmReader.objects.named("rita").count()).toBe(1);
  });

  t.case("related managers run the manager's methods scoped to the parent", async () => {
    const { ann, bob, rita, live } = await more();
    expect((await bob.articles.latestTwo()).map((a) => a.title)).toEqual(["b-3", "b-2"]);
    expect((await ann.articles.latestTwo()).map((a) => a.title)).toEqual(["a-live"]);
    expect(await ann.articles.countLive()).toBe(1);
    expect(await rita.articles.liveTitled("a-").valuesList("title", { flat: true })).toEqual([
      "a-live",
    ]);
    expect(await live.readers.named("rita").count()).toBe(1);
    expect(await live.readers.named("bob").count()).toBe(0);
  });

  t.case("an annotation made in getQueryset() is on every row the manager returns", async () => {
    await more();
    // Count() joins every article, drafts included: joins do not go through managers (as in Django).
    expect(await CmAuthor.objects.orderBy("name").valuesList("name", "nArticles")).toEqual([
      ["ann", 2],
      ["bob", 3],
    ]);
    expect((await CmAuthor.objects.get({ name: "bob" })).nArticles).toBe(3);
    expect(await CmAuthor.objects.prolific(3).valuesList("name", { flat: true })).toEqual(["bob"]);
    expect(await CmAuthor.objects.filter({ nArticles__lt: 3 }).count()).toBe(1);
  });

  t.case("one generic manager class serves several models", async () => {
    await CmNote.objects.create({ text: "kept" });
    await CmNote.objects.create({ text: "gone", deleted: true });
    expect(await CmNote.objects.valuesList("text", { flat: true })).toEqual(["kept"]);
    expect(await CmNote.objects.withDeleted().valuesList("text", { flat: true })).toEqual([
      "gone",
      "kept",
    ]);
  });

  t.case(
    "a manager option that is not a ManagerBase subclass is a TypeError naming the model",
    () => {
      expect(() => CmBroken.objects).toThrow(
        new TypeError(
          "CmBroken: the manager option must be a thunk returning a subclass of ManagerBase (manager: () => CmBrokenManager), got class NotAManager",
        ),
      );
    },
  );
});
