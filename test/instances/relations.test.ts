import { expect } from "vitest";
import { captureQueries, FieldNotLoaded, RelationNotLoaded, TangoError } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadInstanceFixtures } from "./fixtures.js";
import { InstCustomer, InstNote, InstTicket, instanceModels } from "./models.js";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

forEachDialect(
  "instances › relation and field loading",
  { models: instanceModels, fixtures: loadInstanceFixtures },
  (t) => {
    t.case(
      "reading a relation that was not loaded throws RelationNotLoaded, without a query",
      async () => {
        const ticket = await InstTicket.objects.get({ code: "T1" });
        const { queries } = await captureQueries(async () => {
          const e = thrown(() => ticket.customer);
          expect(e).toBeInstanceOf(RelationNotLoaded);
          expect(e).toBeInstanceOf(TangoError);
          expect(e.message).toContain('selectRelated("customer")');
          expect(e.message).toContain('fetchRelated("customer")');
        });
        expect(queries).toHaveLength(0);
        expect(ticket.customerId).toBe(1);
      },
    );

    t.case("fetchRelated() loads the relation once; reading it then needs no query", async () => {
      const ticket = await InstTicket.objects.get({ code: "T3" });
      const { result, queries } = await captureQueries(() => ticket.fetchRelated("customer"));
      expect(queries).toHaveLength(1);
      expect((result as { name: string }).name).toBe("bob");
      const again = await captureQueries(() => ticket.customer.name);
      expect(again.result).toBe("bob");
      expect(again.queries).toHaveLength(0);
    });

    t.case("a null foreign key reads as null without loading", async () => {
      const note = await InstNote.objects.get({ title: "feb" });
      expect(note.customer).toBeNull();
      expect(await note.fetchRelated("customer")).toBeNull();
    });

    t.case("changing the key id invalidates the loaded relation", async () => {
      const ticket = await InstTicket.objects.get({ code: "T1" });
      await ticket.fetchRelated("customer");
      ticket.customerId = 2;
      expect(() => ticket.customer).toThrow(RelationNotLoaded);
    });

    t.case("reverse managers query the related rows", async () => {
      const ann = await InstCustomer.objects.get({ pk: 1 });
      const codes = await ann.tickets.orderBy("code").valuesList("code", { flat: true });
      expect(codes).toEqual(["T1", "T2"]);
      expect(await ann.notes.count()).toBe(1);
    });

    t.case("reading a field deferred by only() throws FieldNotLoaded", async () => {
      const ticket = await InstTicket.objects.only("code").get({ code: "T2" });
      expect(ticket.code).toBe("T2");
      expect(ticket.pk).toBe(2);
      const e = thrown(() => ticket.priority);
      expect(e).toBeInstanceOf(FieldNotLoaded);
      expect(e.message).toContain("InstTicket.priority");
      expect((e as FieldNotLoaded).code).toBe("FIELD_NOT_LOADED");
    });

    t.case(
      "reading a field deferred by defer() throws; refreshFromDb({ fields }) loads it",
      async () => {
        const note = await InstNote.objects.defer("body", "pages").get({ pk: 1 });
        expect(note.title).toBe("jan");
        expect(() => note.body).toThrow(FieldNotLoaded);
        expect(() => note.pages).toThrow(FieldNotLoaded);
        await note.refreshFromDb({ fields: ["pages"] });
        expect(note.pages).toBe(1);
        expect(() => note.body).toThrow(FieldNotLoaded);
      },
    );

    t.case("saving an instance with deferred fields writes only the loaded ones", async () => {
      const note = await InstNote.objects.only("title").get({ pk: 1 });
      note.title = "renamed";
      const { queries } = await captureQueries(() => note.save());
      expect(queries).toHaveLength(1);
      expect(queries[0].sql).not.toMatch(/body/);
      const back = await InstNote.objects.get({ pk: 1 });
      expect([back.title, back.body, back.pages]).toEqual(["renamed", "", 1]);
    });
  },
);
