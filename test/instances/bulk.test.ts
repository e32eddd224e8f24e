import { expect } from "vitest";
import { captureQueries } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadInstanceFixtures } from "./fixtures.js";
import { InstCustomer, InstTicket, instanceModels } from "./models.js";

forEachDialect(
  "instances › bulkCreate, bulkUpdate",
  { models: instanceModels, fixtures: loadInstanceFixtures },
  (t) => {
    t.case(
      "bulkCreate inserts every row in one statement and sets pks (RETURNING)",
      async (ctx) => {
        const objs = ["c1", "c2", "c3"].map(
          (n) => new InstCustomer({ name: n, email: `${n}@example.com` }),
        );
        const { result, queries } = await captureQueries(() =>
          InstCustomer.objects.bulkCreate(objs),
        );
        expect(result).toBe(objs);
        expect(queries).toHaveLength(1);
        expect(queries[0].sql).toMatch(/^INSERT INTO/);
        // SQLite ≥ 3.35, PostgreSQL and MariaDB ≥ 10.5 return the keys (RETURNING); MySQL cannot,
        // and then, as in Django, the pks stay unset.
        const returns = ctx.dialect !== "mysql" || ctx.features().isMariaDB;
        expect(ctx.features().supportsReturning).toBe(returns);
        if (!returns) {
          expect(objs.map((o) => o.pk ?? null)).toEqual([null, null, null]);
          return;
        }
        const ids = objs.map((o) => o.pk);
        for (const id of ids) expect(typeof id).toBe("number");
        expect(new Set(ids).size).toBe(3);
        const back = await InstCustomer.objects.filter({ pk__in: ids }).orderBy("pk");
        expect(back.map((c) => [c.pk, c.name])).toEqual(objs.map((o) => [o.pk, o.name]));
      },
    );

    t.case("bulkCreate with batchSize sends one INSERT per batch", async (ctx) => {
      const objs = Array.from(
        { length: 5 },
        (_, i) => new InstCustomer({ name: `b${i}`, email: `b${i}@example.com` }),
      );
      const { queries } = await captureQueries(() =>
        InstCustomer.objects.bulkCreate(objs, { batchSize: 2 }),
      );
      expect(queries.filter((q) => q.sql.startsWith("INSERT"))).toHaveLength(3);
      expect(await InstCustomer.objects.filter({ name__startswith: "b" }).count()).toBe(6);
      const returns = ctx.dialect !== "mysql" || ctx.features().isMariaDB;
      expect(objs.every((o) => typeof o.pk === "number")).toBe(returns);
    });

    t.case("bulkCreate keeps explicit primary keys", async () => {
      await InstCustomer.objects.bulkCreate([
        new InstCustomer({ id: 100, name: "x", email: "x@example.com" }),
      ]);
      expect((await InstCustomer.objects.get({ pk: 100 })).name).toBe("x");
    });

    t.case("bulkCreate of nothing sends no query", async () => {
      const { result, queries } = await captureQueries(() => InstCustomer.objects.bulkCreate([]));
      expect(result).toEqual([]);
      expect(queries).toHaveLength(0);
    });

    t.case("bulkCreate marks instances as saved: save() then updates", async () => {
      const [obj] = await InstCustomer.objects.bulkCreate([
        new InstCustomer({ id: 500, name: "u", email: "u@example.com" }),
      ]);
      obj.name = "u2";
      const { queries } = await captureQueries(() => obj.save());
      expect(queries[0].sql).toMatch(/^UPDATE/);
      expect(queries).toHaveLength(1);
      expect((await InstCustomer.objects.get({ pk: 500 })).name).toBe("u2");
    });

    t.case("bulkUpdate writes the given fields of every object in one UPDATE", async () => {
      const tickets = await InstTicket.objects.orderBy("pk");
      tickets[0].priority = 10;
      tickets[1].priority = 20;
      tickets[2].priority = 30;
      tickets[2].code = "unsaved";
      const { result, queries } = await captureQueries(() =>
        InstTicket.objects.bulkUpdate(tickets.slice(0, 3), ["priority"]),
      );
      expect(result).toBe(3);
      expect(queries).toHaveLength(1);
      expect(queries[0].sql).toMatch(/^UPDATE .* CASE /);
      const back = await InstTicket.objects.orderBy("pk").valuesList("code", "priority");
      expect(back).toEqual([
        ["T1", 10],
        ["T2", 20],
        ["T3", 30],
        ["T4", 1],
      ]);
    });

    t.case("bulkUpdate with batchSize sends one UPDATE per batch", async () => {
      const tickets = await InstTicket.objects.orderBy("pk");
      for (const tk of tickets) tk.priority += 100;
      const { result, queries } = await captureQueries(() =>
        InstTicket.objects.bulkUpdate(tickets, ["priority"], { batchSize: 3 }),
      );
      expect(result).toBe(4);
      expect(queries).toHaveLength(2);
      const back = await InstTicket.objects.orderBy("pk").valuesList("priority", { flat: true });
      expect(back).toEqual([102, 105, 105, 101]);
    });

    t.case("bulkUpdate can write a foreign key and several fields", async () => {
      const [t1, t4] = await Promise.all([
        InstTicket.objects.get({ code: "T1" }),
        InstTicket.objects.get({ code: "T4" }),
      ]);
      t1.customerId = 2;
      t4.customerId = 1;
      t4.code = "T4b";
      expect(await InstTicket.objects.bulkUpdate([t1, t4], ["customer", "code"])).toBe(2);
      const rows = await InstTicket.objects
        .filter({ pk__in: [1, 4] })
        .orderBy("pk")
        .values("code", "customerId");
      expect(rows).toEqual([
        { code: "T1", customerId: 2 },
        { code: "T4b", customerId: 1 },
      ]);
    });
  },
);
