import { describe, expectTypeOf, test } from "vitest";
import type { Instance, QuerySetOf } from "../../src/index.js";
import {
  type ArticleQuerySet,
  CmArticle,
  CmAuthor,
  CmNote,
  CmReader,
} from "../instances/custom-manager-models.js";
import { RmPublisher } from "../instances/relation-models.js";

type Article = Instance<typeof CmArticle>;

describe("custom managers are typed (TangoManagers)", () => {
  test("the manager's own methods are on Model.objects, with their QuerySet types", async () => {
    const latest = CmArticle.objects.latestTwo();
    expectTypeOf(latest).toEqualTypeOf<QuerySetOf<typeof CmArticle>>();
    expectTypeOf(latest.titled).toBeFunction();
    const rows = await latest;
    expectTypeOf(rows).toEqualTypeOf<Article[]>();
    expectTypeOf(await CmArticle.objects.countLive()).toEqualTypeOf<number>();
    const titles = await CmArticle.objects.liveTitled("a-").valuesList("title", { flat: true });
    expectTypeOf(titles).toEqualTypeOf<string[]>();
    // @ts-expect-error a manager method's parameters are checked
    CmArticle.objects.liveTitled(3);
    // @ts-expect-error no such manager method
    CmArticle.objects.oldest();
  });

  test("QuerySet methods, the model's custom ones included, stay typed", async () => {
    const rows = await CmArticle.objects.filter({ title__startswith: "a" }).orderBy("-title");
    expectTypeOf(rows).toEqualTypeOf<Article[]>();
    expectTypeOf(CmArticle.objects.titled("a")).toEqualTypeOf<ArticleQuerySet<Article, {}>>();
    expectTypeOf(await CmArticle.objects.get({ pk: 1 })).toEqualTypeOf<Article>();
    expectTypeOf(CmArticle.objects.getQueryset()).toEqualTypeOf<QuerySetOf<typeof CmArticle>>();
    // @ts-expect-error filter keys are still checked
    CmArticle.objects.filter({ titel: "x" });
    // @ts-expect-error create() input is still checked
    void CmArticle.objects.create({ title: 3 });
  });

  test("an annotation made in getQueryset() is seen by every manager method", async () => {
    const rows = await CmAuthor.objects.filter({ nArticles__gt: 1 }).orderBy("-nArticles");
    expectTypeOf(rows[0].nArticles).toEqualTypeOf<number>();
    expectTypeOf(rows[0].name).toEqualTypeOf<string>();
    const prolific = await CmAuthor.objects.prolific(2).valuesList("name", "nArticles");
    expectTypeOf(prolific).toEqualTypeOf<[string, number][]>();
    expectTypeOf((await CmAuthor.objects.getQueryset())[0].nArticles).toEqualTypeOf<number>();
    // @ts-expect-error prolific() takes a number
    CmAuthor.objects.prolific("2");
  });

  test("related managers have the custom manager's methods", async () => {
    const author = await CmAuthor.objects.get({ pk: 1 });
    expectTypeOf(await author.articles.latestTwo()).toEqualTypeOf<Article[]>();
    expectTypeOf(await author.articles.countLive()).toEqualTypeOf<number>();
    expectTypeOf(author.articles.add).toBeFunction();
    const reader = await CmReader.objects.get({ pk: 1 });
    expectTypeOf(await reader.articles.liveTitled("a").exists()).toEqualTypeOf<boolean>();
    expectTypeOf(reader.articles.add).toBeFunction();
    const article = await CmArticle.objects.get({ pk: 1 });
    expectTypeOf(article.readers.named).toBeFunction();
    // @ts-expect-error CmReader's manager has no latestTwo()
    article.readers.latestTwo;
  });

  test("a manager written against ManagerBase<AnyModel>: its methods, the model's QuerySet", async () => {
    expectTypeOf(CmReader.objects.named).toBeFunction();
    const readers = await CmReader.objects.filter({ name: "x" });
    expectTypeOf(readers).toEqualTypeOf<Instance<typeof CmReader>[]>();
    expectTypeOf(CmReader.objects.getQueryset()).toEqualTypeOf<QuerySetOf<typeof CmReader>>();
    // @ts-expect-error filter keys are checked against CmReader
    CmReader.objects.filter({ title: "x" });
  });

  test("a model without a registered manager has none of its methods", () => {
    // @ts-expect-error RmPublisher's manager is the default one
    RmPublisher.objects.latestTwo;
    // @ts-expect-error the annotation belongs to CmAuthor's manager
    RmPublisher.objects.filter({ nArticles__gt: 1 });
  });

  test("a generic manager class registered for one model is typed for that model", async () => {
    const notes = await CmNote.objects.withDeleted().filter({ text__startswith: "k" });
    expectTypeOf(notes).toEqualTypeOf<Instance<typeof CmNote>[]>();
    expectTypeOf(await CmNote.objects.valuesList("text", { flat: true })).toEqualTypeOf<string[]>();
    // @ts-expect-error filter keys are checked against CmNote
    CmNote.objects.withDeleted().filter({ title: "x" });
  });
});
