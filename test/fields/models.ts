import { randomUUID } from "node:crypto";
import type { AnyModel } from "../../src/index.js";
import { CheckConstraint, defineModel, F, f, Index, Q, UniqueConstraint } from "../../src/index.js";

/** One nullable column of every field kind, so each case sets only what it tests. */
export const FieldKinds = defineModel(
  "FieldKinds",
  {
    small: f.smallInteger({ null: true }),
    int: f.integer({ null: true }),
    posInt: f.positiveInteger({ null: true }),
    posSmall: f.positiveSmallInteger({ null: true }),
    big: f.bigInteger({ null: true }),
    posBig: f.positiveBigInteger({ null: true }),
    flt: f.float({ null: true }),
    dec: f.decimal({ maxDigits: 12, decimalPlaces: 2, null: true }),
    fine: f.decimal({ maxDigits: 20, decimalPlaces: 10, null: true }),
    flag: f.boolean({ null: true }),
    chr: f.char({ maxLength: 100, null: true }),
    txt: f.text({ null: true }),
    mail: f.email({ null: true }),
    slug: f.slug({ null: true }),
    link: f.url({ null: true }),
    uid: f.uuid({ null: true }),
    data: f.json({ null: true }),
    day: f.date({ null: true }),
    moment: f.dateTime({ null: true }),
    clock: f.time({ null: true }),
    span: f.duration({ null: true }),
    blob: f.binary({ null: true }),
  },
  { dbTable: "fld_kinds" },
);

let counter = 0;

/** Defaults, default functions, auto timestamps and choices. */
export const FieldDefaults = defineModel(
  "FieldDefaults",
  {
    status: f.char({ maxLength: 10, choices: ["draft", "live"], default: "draft" }),
    grade: f.char({
      maxLength: 1,
      choices: [
        ["a", "Alpha"],
        ["b", "Beta"],
      ],
      default: "a",
    }),
    count: f.integer({ default: 7 }),
    seq: f.integer({ default: () => ++counter }),
    token: f.uuid({ default: () => randomUUID() }),
    tags: f.json({ default: () => [] as string[] }),
    note: f.text({ null: true }),
    createdAt: f.dateTime({ autoNowAdd: true }),
    updatedAt: f.dateTime({ autoNow: true }),
    createdOn: f.date({ autoNowAdd: true }),
  },
  { dbTable: "fld_defaults" },
);

/** Column and table constraints the schema editor must create. */
export const FieldSchema = defineModel(
  "FieldSchema",
  {
    code: f.char({ maxLength: 20, unique: true }),
    level: f.integer(),
    qty: f.positiveInteger({ default: 0 }),
    low: f.integer({ default: 0 }),
    high: f.integer({ default: 0 }),
    shelf: f.char({ maxLength: 10, default: "" }),
    bin: f.integer({ default: 0 }),
    ean: f.char({ maxLength: 13, null: true }),
    batch: f.integer({ null: true }),
    createdAt: f.dateTime({ autoNowAdd: true }),
  },
  {
    dbTable: "fld_schema",
    uniqueTogether: [["shelf", "bin"]],
    indexes: [new Index({ fields: ["-createdAt"] }), new Index({ fields: ["low", "high"] })],
    constraints: [
      new CheckConstraint({
        condition: Q({ low__lte: F("high") }),
        name: "fld_schema_low_lte_high",
      }),
      new CheckConstraint({ condition: Q({ high__lt: 1000 }), name: "fld_schema_high_lt_1000" }),
      new UniqueConstraint({ fields: ["ean", "batch"], name: "fld_schema_ean_batch_uniq" }),
    ],
  },
);

export const FieldParent = defineModel(
  "FieldParent",
  { name: f.char({ maxLength: 20 }) },
  { dbTable: "fld_parent" },
);

export const FieldChild = defineModel(
  "FieldChild",
  {
    parent: f.foreignKey("FieldParent", { onDelete: "CASCADE", relatedName: "children" }),
    name: f.char({ maxLength: 20 }),
  },
  { dbTable: "fld_child" },
);

export const FieldOrphan = defineModel(
  "FieldOrphan",
  {
    parent: f.foreignKey("FieldParent", {
      onDelete: "SET_NULL",
      null: true,
      relatedName: "orphans",
    }),
    name: f.char({ maxLength: 20 }),
  },
  { dbTable: "fld_orphan" },
);

export const fieldModels: readonly AnyModel[] = [
  FieldKinds,
  FieldDefaults,
  FieldSchema,
  FieldParent,
  FieldChild,
  FieldOrphan,
];

declare module "../../src/models/types.js" {
  interface TangoModels {
    FieldKinds: typeof FieldKinds;
    FieldDefaults: typeof FieldDefaults;
    FieldSchema: typeof FieldSchema;
    FieldParent: typeof FieldParent;
    FieldChild: typeof FieldChild;
    FieldOrphan: typeof FieldOrphan;
  }
}
