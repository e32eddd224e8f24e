import type { AnyModel } from "../../src/index.js";
import { defineModel, f, Index } from "../../src/index.js";

export const SafeNote = defineModel(
  "SafeNote",
  {
    title: f.char({ maxLength: 200 }),
    body: f.text({ null: true }),
    n: f.integer({ default: 0 }),
  },
  { dbTable: "safe_note" },
);

/** Table and column names that only work when every identifier is quoted (and its quotes escaped). */
export const SafeOdd = defineModel(
  "SafeOdd",
  {
    label: f.char({ maxLength: 50, dbColumn: "my label", unique: true }),
    quoted: f.char({ maxLength: 50, dbColumn: 'col "q"', null: true }),
    ticked: f.integer({ dbColumn: "col `b`", default: 0 }),
    semi: f.char({ maxLength: 50, dbColumn: "x; DROP TABLE safe_note; --", null: true }),
  },
  {
    dbTable: 'safe odd "t" `q`',
    indexes: [new Index({ fields: ["quoted", "-ticked"] })],
    uniqueTogether: [["quoted", "ticked"]],
  },
);

export const SafeOddChild = defineModel(
  "SafeOddChild",
  {
    parent: f.foreignKey("SafeOdd", {
      onDelete: "CASCADE",
      dbColumn: 'parent "id" `x`',
      relatedName: "children",
    }),
    name: f.char({ maxLength: 50, dbColumn: "name's" }),
  },
  { dbTable: "safe odd child's" },
);

export const safetyModels: readonly AnyModel[] = [SafeNote, SafeOdd, SafeOddChild];

declare module "../../src/models/types.js" {
  interface TangoModels {
    SafeNote: typeof SafeNote;
    SafeOdd: typeof SafeOdd;
    SafeOddChild: typeof SafeOddChild;
  }
}
