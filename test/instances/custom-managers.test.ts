import { expect } from "vitest";
import {
  type AnyModel,
  defineModel,
  f,
  type Instance,
  ManagerBase,
  Q,
  QuerySet,
  SubqueryCount,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";

/** Article 002's "default filtering": a manager that hides drafts from every query. */
class PublishedManager extends ManagerBase {
  override getQueryset() {
    return super.getQueryset().filter({ published: true });
  }
}

export const CmAuthor = defineModel("CmAuthor", { name: f.char({ maxLength: 20 }) });
export const CmReader = defineModel("CmReader", { name: f.char({ maxLength: 20 }) });
export const CmArticle = defineModel(
  "CmArticle",
  {
    title: f.char({ maxLength: 20 }),
    published: f.boolean({ default: false }),
    author: f.foreignKey("CmAuthor", { onDelete: "CASCADE", relatedName: "articles" }),
    readers: f.manyToMany("CmReader", { relatedName: "articles" }),
  },
  { manager: () => PublishedManager, querySet: () => ArticleQuerySet, ordering: ["title"] },
);

export class ArticleQuerySet<
  R = Instance<typeof CmArticle>,
  A extends object = {},
> extends QuerySet<typeof CmArticle, R, A> {
  titled(prefix: string) {
    return this.filter(Q({ title__startswith: prefix }));
  }
}

declare module "../../src/models/types.js" {
  interface TangoModels {
    CmAuthor: typeof CmAuthor;
    CmReader: typeof CmReader;
    CmArticle: typeof CmArticle;
  }
  interface TangoQuerySets<R, A> {
    CmArticle: ArticleQuerySet<R, A>;
  }
}

const models: readonly AnyModel[] = [CmAuthor, CmReader, CmArticle];

async function data() {
  const ann = await CmAuthor.objects.create({ name: "ann" });
  const rita = await CmReader.objects.create({ name: "rita" });
  const live = await CmArticle.objects.create({ title: "a-live", published: true, author: ann });
  const draft = await CmArticle.objects.create({ title: "a-draft", author: ann });
  await live.readers.add(rita);
  await draft.readers.add(rita);
  return { ann, rita };
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
});
