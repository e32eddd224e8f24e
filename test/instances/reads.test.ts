import { expect } from "vitest";
import {
  captureQueries,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  TangoError,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { rejection } from "../harness/rejection.js";
import { loadInstanceFixtures } from "./fixtures.js";
import { InstCustomer, InstNote, InstTicket, instanceModels } from "./models.js";

forEachDialect(
  "instances › get, first/last, latest, getOrCreate, inBulk",
  { models: instanceModels, fixtures: loadInstanceFixtures },
  (t) => {
    t.case("get() returns the one matching row", async () => {
      const ticket = await InstTicket.objects.get({ code: "T3" });
      expect([ticket.pk, ticket.priority, ticket.customerId]).toEqual([3, 5, 2]);
    });

    t.case("get() with no match throws Model.DoesNotExist", async () => {
      const e = await rejection(InstTicket.objects.get({ code: "nope" }));
      expect(e).toBeInstanceOf(InstTicket.DoesNotExist);
      expect(e).toBeInstanceOf(ObjectDoesNotExist);
      expect(e).toBeInstanceOf(TangoError);
      expect(e).not.toBeInstanceOf(InstCustomer.DoesNotExist);
      expect(e.message).toBe("InstTicket matching query does not exist.");
      expect((e as ObjectDoesNotExist).code).toBe("DOES_NOT_EXIST");
    });

    t.case("get() with several matches throws Model.MultipleObjectsReturned", async () => {
      const e = await rejection(InstTicket.objects.get({ priority: 5 }));
      expect(e).toBeInstanceOf(InstTicket.MultipleObjectsReturned);
      expect(e).toBeInstanceOf(MultipleObjectsReturned);
      expect(e).not.toBeInstanceOf(InstNote.MultipleObjectsReturned);
      expect(e).not.toBeInstanceOf(ObjectDoesNotExist);
      expect(e.message).toBe("get() returned more than one InstTicket -- it returned 2!");
    });

    t.case("first() / last() follow the model's default ordering", async () => {
      // ordering: ["-priority", "code"] → T2, T3, T1, T4
      expect((await InstTicket.objects.first())?.code).toBe("T2");
      expect((await InstTicket.objects.last())?.code).toBe("T4");
      expect((await InstTicket.objects.filter({ customerId: 2 }).first())?.code).toBe("T3");
    });

    t.case("first() / last() follow an explicit ordering", async () => {
      expect((await InstTicket.objects.orderBy("code").first())?.code).toBe("T1");
      expect((await InstTicket.objects.orderBy("code").last())?.code).toBe("T4");
      expect((await InstTicket.objects.orderBy("priority", "-code").last())?.code).toBe("T2");
    });

    t.case("first() / last() without any ordering use the primary key", async () => {
      expect((await InstNote.objects.first())?.title).toBe("jan");
      expect((await InstNote.objects.last())?.title).toBe("feb");
      const { queries } = await captureQueries(() => InstNote.objects.first());
      expect(queries[0].sql).toMatch(/ORDER BY .*id.* ASC/);
    });

    t.case("first() / last() on no rows return null", async () => {
      expect(await InstTicket.objects.filter({ priority: 99 }).first()).toBeNull();
      expect(await InstTicket.objects.none().last()).toBeNull();
    });

    t.case("latest() / earliest() by a field, and by Meta.getLatestBy", async () => {
      expect((await InstNote.objects.latest("publishedOn")).title).toBe("mar");
      expect((await InstNote.objects.earliest("publishedOn")).title).toBe("jan");
      expect(
        (await InstNote.objects.filter({ customer__isnull: false }).earliest("-publishedOn")).title,
      ).toBe("mar");
      // InstTicket has getLatestBy: "priority" (T4 has the lowest).
      expect((await InstTicket.objects.earliest()).code).toBe("T4");
      const e = await rejection(InstNote.objects.filter({ title: "none" }).latest("publishedOn"));
      expect(e).toBeInstanceOf(InstNote.DoesNotExist);
    });

    t.case("getOrCreate gets an existing row without writing", async () => {
      const { result, queries } = await captureQueries(() =>
        InstCustomer.objects.getOrCreate({ email: "ann@example.com" }, { defaults: { name: "X" } }),
      );
      const [obj, created] = result;
      expect(created).toBe(false);
      expect([obj.pk, obj.name]).toEqual([1, "ann"]);
      expect(queries).toHaveLength(1);
    });

    t.case("getOrCreate creates with lookup values plus defaults", async () => {
      const [obj, created] = await InstCustomer.objects.getOrCreate(
        { email: "cy@example.com" },
        { defaults: { name: "cy" } },
      );
      expect(created).toBe(true);
      const back = await InstCustomer.objects.get({ pk: obj.pk });
      expect([back.name, back.email]).toEqual(["cy", "cy@example.com"]);
      const [again, createdAgain] = await InstCustomer.objects.getOrCreate({
        email: "cy@example.com",
      });
      expect([again.pk, createdAgain]).toEqual([obj.pk, false]);
    });

    t.case("updateOrCreate updates an existing row with defaults", async () => {
      const [obj, created] = await InstTicket.objects.updateOrCreate(
        { code: "T1" },
        { defaults: { priority: 7 } },
      );
      expect(created).toBe(false);
      expect([obj.pk, obj.priority]).toEqual([1, 7]);
      expect((await InstTicket.objects.get({ code: "T1" })).priority).toBe(7);
      expect(await InstTicket.objects.count()).toBe(4);
    });

    t.case("updateOrCreate creates a missing row", async () => {
      const [obj, created] = await InstTicket.objects.updateOrCreate(
        { code: "T9" },
        { defaults: { priority: 3, customerId: 1 } },
      );
      expect(created).toBe(true);
      const back = await InstTicket.objects.get({ pk: obj.pk });
      expect([back.code, back.priority, back.customerId]).toEqual(["T9", 3, 1]);
    });

    t.case("inBulk() maps primary keys to instances", async () => {
      const some = await InstTicket.objects.inBulk([1, 3, 99]);
      expect([...some.keys()].sort()).toEqual([1, 3]);
      expect(some.get(3)?.code).toBe("T3");
      const all = await InstTicket.objects.inBulk();
      expect(all.size).toBe(4);
      const byCode = await InstTicket.objects.inBulk(["T2", "T4"], { fieldName: "code" });
      expect([...byCode.keys()].sort()).toEqual(["T2", "T4"]);
      expect(byCode.get("T4")?.pk).toBe(4);
    });

    t.case("inBulk([]) is empty and sends no query", async () => {
      const { result, queries } = await captureQueries(() => InstTicket.objects.inBulk([]));
      expect(result.size).toBe(0);
      expect(queries).toHaveLength(0);
    });
  },
);
