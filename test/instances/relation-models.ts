import type { AnyModel } from "../../src/index.js";
import { defineModel, f } from "../../src/index.js";

/** Related managers, deletion and signals: a small library (each relation kind once). */
export const RmPublisher = defineModel("RmPublisher", { name: f.char({ maxLength: 30 }) });

export const RmAuthor = defineModel("RmAuthor", {
  name: f.char({ maxLength: 30 }),
  friends: f.manyToMany("self"),
});

export const RmBook = defineModel(
  "RmBook",
  {
    title: f.char({ maxLength: 30 }),
    /** Nullable: remove()/clear() are available on publisher.books. */
    publisher: f.foreignKey("RmPublisher", {
      onDelete: "CASCADE",
      null: true,
      relatedName: "books",
    }),
    authors: f.manyToMany("RmAuthor", { relatedName: "books" }),
  },
  { ordering: ["title"] },
);

/** Not nullable: publisher.reviews has no remove()/clear() (as in Django). */
export const RmReview = defineModel("RmReview", {
  stars: f.integer(),
  book: f.foreignKey("RmBook", { onDelete: "CASCADE", relatedName: "reviews" }),
});

export const RmClub = defineModel("RmClub", {
  name: f.char({ maxLength: 30 }),
  members: f.manyToMany("RmAuthor", { through: "RmMembership", relatedName: "clubs" }),
});

/** An explicit through model with a required extra field. */
export const RmMembership = defineModel("RmMembership", {
  club: f.foreignKey("RmClub", { onDelete: "CASCADE" }),
  author: f.foreignKey("RmAuthor", { onDelete: "CASCADE" }),
  role: f.char({ maxLength: 20 }),
});

export const relationModels: readonly AnyModel[] = [
  RmPublisher,
  RmAuthor,
  RmBook,
  RmReview,
  RmClub,
  RmMembership,
];

declare module "../../src/models/types.js" {
  interface TangoModels {
    RmPublisher: typeof RmPublisher;
    RmAuthor: typeof RmAuthor;
    RmBook: typeof RmBook;
    RmReview: typeof RmReview;
    RmClub: typeof RmClub;
    RmMembership: typeof RmMembership;
  }
}
