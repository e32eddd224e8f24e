import { defineModel, f } from "../../src/index.js";

/** Small models for the database-function tests (tables prefixed `fn_`). */
export const FnPerson = defineModel(
  "FnPerson",
  {
    name: f.char({ maxLength: 50 }),
    alias: f.char({ maxLength: 50, null: true }),
    bio: f.text({ null: true }),
    email: f.email({ maxLength: 100 }),
  },
  { dbTable: "fn_person" },
);

export const FnMeasure = defineModel(
  "FnMeasure",
  {
    label: f.char({ maxLength: 20 }),
    n: f.integer(),
    maybe: f.integer({ null: true }),
    big: f.bigInteger({ null: true }),
    x: f.float(),
    amount: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    discount: f.decimal({ maxDigits: 10, decimalPlaces: 2, null: true }),
  },
  { dbTable: "fn_measure" },
);

export const FnEvent = defineModel(
  "FnEvent",
  {
    title: f.char({ maxLength: 50 }),
    at: f.dateTime(),
    day: f.date(),
    clock: f.time(),
    endsAt: f.dateTime({ null: true }),
    span: f.duration({ null: true }),
  },
  { dbTable: "fn_event" },
);

export const functionModels = [FnPerson, FnMeasure, FnEvent];

declare module "../../src/models/types.js" {
  interface TangoModels {
    FnPerson: typeof FnPerson;
    FnMeasure: typeof FnMeasure;
    FnEvent: typeof FnEvent;
  }
}
