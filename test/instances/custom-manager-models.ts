import {
  type AnyModel,
  Count,
  defineModel,
  f,
  type Instance,
  ManagerBase,
  Q,
  QuerySet,
} from "../../src/index.js";

/**
 * Article 002's "default filtering": a manager that hides drafts from every
 * query, with its own methods (Django's Manager subclass), written against
 * its model so both are typed.
 */
export class PublishedManager extends ManagerBase<typeof CmArticle> {
  override getQueryset() {
    return super.getQueryset().filter({ published: true });
  }

  /** The last two published titles, newest (highest) first. */
  latestTwo() {
    return this.getQueryset().orderBy("-title").slice(0, 2);
  }

  /** Uses the model's own QuerySet method through getQueryset(). */
  liveTitled(prefix: string) {
    return this.getQueryset().titled(prefix);
  }

  countLive(): Promise<number> {
    return this.getQueryset().count();
  }
}

/** A manager whose getQueryset() annotates: every query of the model sees the annotation. */
export class AuthorManager extends ManagerBase<typeof CmAuthor> {
  override getQueryset() {
    return super.getQueryset().annotate({ nArticles: Count("articles") });
  }

  prolific(min: number) {
    return this.getQueryset().filter({ nArticles__gte: min });
  }
}

/** Written against ManagerBase<AnyModel>: its methods are typed, QuerySet methods stay the model's. */
export class LooseManager extends ManagerBase {
  named(name: string) {
    return this.getQueryset().filter(Q({ name }));
  }
}

/** One class for several models (Django's soft-delete manager): generic in the model. */
export class SoftDeleteManager<M extends AnyModel = AnyModel> extends ManagerBase<M> {
  override getQueryset() {
    // Keys are checked at run time inside a generic class: use Q().
    return super.getQueryset().filter(Q({ deleted: false }));
  }

  withDeleted() {
    return super.getQueryset();
  }
}

/** Not a ManagerBase subclass: reading `objects` is a TypeError naming the model. */
export class NotAManager {}

export const CmNote = defineModel(
  "CmNote",
  { text: f.char({ maxLength: 20 }), deleted: f.boolean({ default: false }) },
  { manager: () => SoftDeleteManager, ordering: ["text"] },
);
export const CmBroken = defineModel(
  "CmBroken",
  { text: f.char({ maxLength: 20 }) },
  { manager: () => NotAManager },
);

export const CmAuthor = defineModel(
  "CmAuthor",
  { name: f.char({ maxLength: 20 }) },
  { manager: () => AuthorManager },
);
export const CmReader = defineModel(
  "CmReader",
  { name: f.char({ maxLength: 20 }) },
  { manager: () => LooseManager },
);
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
    CmNote: typeof CmNote;
  }
  interface TangoQuerySets<R, A> {
    CmArticle: ArticleQuerySet<R, A>;
  }
  interface TangoManagers {
    CmAuthor: AuthorManager;
    CmReader: LooseManager;
    CmArticle: PublishedManager;
    CmNote: SoftDeleteManager<typeof CmNote>;
  }
}

export const customManagerModels: readonly AnyModel[] = [CmAuthor, CmReader, CmArticle, CmNote];
