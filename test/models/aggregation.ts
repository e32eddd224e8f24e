import { defineModel, f } from "../../src/index.js";

/** Django's tests/aggregation models (conformance set "aggregation"). */
export const Author = defineModel(
  "Author",
  {
    name: f.char({ maxLength: 100 }),
    age: f.integer(),
    friends: f.manyToMany("self", { dbTable: "aggregation_author_friends" }),
  },
  { dbTable: "aggregation_author" },
);

export const Publisher = defineModel(
  "Publisher",
  {
    name: f.char({ maxLength: 255 }),
    numAwards: f.integer(),
    duration: f.duration({ null: true }),
  },
  { dbTable: "aggregation_publisher" },
);

export const Book = defineModel(
  "Book",
  {
    isbn: f.char({ maxLength: 9 }),
    name: f.char({ maxLength: 255 }),
    pages: f.integer(),
    rating: f.float(),
    price: f.decimal({ maxDigits: 6, decimalPlaces: 2 }),
    authors: f.manyToMany("Author", { dbTable: "aggregation_book_authors" }),
    contact: f.foreignKey("Author", { onDelete: "CASCADE", relatedName: "bookContactSet" }),
    publisher: f.foreignKey("Publisher", { onDelete: "CASCADE" }),
    pubdate: f.date(),
  },
  { dbTable: "aggregation_book" },
);

export const Store = defineModel(
  "Store",
  {
    name: f.char({ maxLength: 255 }),
    books: f.manyToMany("Book", { dbTable: "aggregation_store_books" }),
    originalOpening: f.dateTime(),
    fridayNightClosing: f.time(),
  },
  { dbTable: "aggregation_store" },
);

export const Item = defineModel(
  "Item",
  {
    name: f.char({ maxLength: 10 }),
    data: f.integer(),
  },
  { dbTable: "aggregation_item" },
);

export const aggregationModels = [Author, Publisher, Book, Store, Item];

declare module "../../src/models/types.js" {
  interface TangoModels {
    Author: typeof Author;
    Publisher: typeof Publisher;
    Book: typeof Book;
    Store: typeof Store;
    Item: typeof Item;
  }
}
