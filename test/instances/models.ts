import type { AnyModel } from "../../src/index.js";
import { defineModel, f } from "../../src/index.js";

export const InstCustomer = defineModel(
  "InstCustomer",
  {
    name: f.char({ maxLength: 50 }),
    email: f.email({ unique: true }),
  },
  { dbTable: "inst_customer" },
);

export const InstNote = defineModel(
  "InstNote",
  {
    title: f.char({ maxLength: 50 }),
    body: f.text({ default: "" }),
    pages: f.integer({ default: 1 }),
    customer: f.foreignKey("InstCustomer", {
      onDelete: "CASCADE",
      null: true,
      relatedName: "notes",
    }),
    publishedOn: f.date({ null: true }),
    createdAt: f.dateTime({ autoNowAdd: true }),
    updatedAt: f.dateTime({ autoNow: true }),
  },
  { dbTable: "inst_note" },
);

export const InstTicket = defineModel(
  "InstTicket",
  {
    code: f.char({ maxLength: 10, unique: true }),
    priority: f.integer(),
    customer: f.foreignKey("InstCustomer", { onDelete: "CASCADE", relatedName: "tickets" }),
  },
  { dbTable: "inst_ticket", ordering: ["-priority", "code"], getLatestBy: "priority" },
);

export const instanceModels: readonly AnyModel[] = [InstCustomer, InstNote, InstTicket];

declare module "../../src/models/types.js" {
  interface TangoModels {
    InstCustomer: typeof InstCustomer;
    InstNote: typeof InstNote;
    InstTicket: typeof InstTicket;
  }
}
