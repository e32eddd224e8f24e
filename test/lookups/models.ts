import type { AnyModel } from "../../src/index.js";
import { defineModel, f } from "../../src/index.js";

/** Authors, posts, tags (many-to-many through LkPostTag) and comments: paths of every depth. */
export const LkAuthor = defineModel(
  "LkAuthor",
  {
    name: f.char({ maxLength: 100 }),
    email: f.email({ null: true }),
  },
  { dbTable: "lk_author" },
);

export const LkTag = defineModel(
  "LkTag",
  { name: f.char({ maxLength: 50 }) },
  { dbTable: "lk_tag" },
);

export const LkPost = defineModel(
  "LkPost",
  {
    title: f.char({ maxLength: 100 }),
    body: f.text(),
    rating: f.integer({ null: true }),
    author: f.foreignKey("LkAuthor", { onDelete: "CASCADE", relatedName: "posts" }),
    createdAt: f.dateTime(),
    publishedOn: f.date({ null: true }),
    startsAt: f.time(),
    tags: f.manyToMany("LkTag", { through: "LkPostTag", relatedName: "posts" }),
  },
  { dbTable: "lk_post" },
);

export const LkPostTag = defineModel(
  "LkPostTag",
  {
    post: f.foreignKey("LkPost", { onDelete: "CASCADE" }),
    tag: f.foreignKey("LkTag", { onDelete: "CASCADE" }),
  },
  { dbTable: "lk_post_tag" },
);

export const LkComment = defineModel(
  "LkComment",
  {
    post: f.foreignKey("LkPost", { onDelete: "CASCADE", relatedName: "comments" }),
    text: f.char({ maxLength: 100 }),
    score: f.integer(),
  },
  { dbTable: "lk_comment" },
);

export const lookupModels: readonly AnyModel[] = [LkAuthor, LkTag, LkPost, LkPostTag, LkComment];

declare module "../../src/models/types.js" {
  interface TangoModels {
    LkAuthor: typeof LkAuthor;
    LkTag: typeof LkTag;
    LkPost: typeof LkPost;
    LkPostTag: typeof LkPostTag;
    LkComment: typeof LkComment;
  }
}
