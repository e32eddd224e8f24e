import { describe, expectTypeOf, test } from "vitest";
import {
  atomic,
  type DatabaseRouter,
  detectNPlusOne,
  type InstanceState,
  type IsolationLevel,
  instanceState,
  nPlusOneScope,
} from "../../src/index.js";
import { DbProduct } from "../db/models.js";

describe("databases: transactions, routers, N+1 scopes and streaming are typed", () => {
  test("atomic() and the N+1 scopes resolve to what the function returns", async () => {
    expectTypeOf(await atomic(async () => 1)).toEqualTypeOf<number>();
    expectTypeOf(
      await atomic(() => "x", { isolationLevel: "SERIALIZABLE" }),
    ).toEqualTypeOf<string>();
    expectTypeOf(await detectNPlusOne(async () => [true])).toEqualTypeOf<boolean[]>();
    expectTypeOf(await nPlusOneScope(() => 2n)).toEqualTypeOf<bigint>();
    // @ts-expect-error: not an isolation level
    await atomic(async () => 1, { isolationLevel: "SNAPSHOT" });
    // @ts-expect-error: mode is "warn" or "throw"
    await detectNPlusOne(async () => 1, { mode: "loud" });
    expectTypeOf<IsolationLevel>().toEqualTypeOf<
      "READ UNCOMMITTED" | "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE"
    >();
  });

  test("iterator() yields the QuerySet's rows; using() keeps the row type", async () => {
    for await (const p of DbProduct.objects.using("other").iterator({ chunkSize: 10 })) {
      expectTypeOf(p.stock).toEqualTypeOf<number>();
      expectTypeOf(instanceState(p)).toEqualTypeOf<InstanceState>();
      expectTypeOf(instanceState(p).db).toEqualTypeOf<string | undefined>();
    }
    for await (const row of DbProduct.objects.values("name").iterator()) {
      expectTypeOf(row).toEqualTypeOf<{ name: string }>();
    }
  });

  test("a router's methods are optional and answer an alias, or pass", () => {
    const router: DatabaseRouter = {
      dbForRead: (model) => (model.meta.name === "DbProduct" ? "replica" : undefined),
      allowRelation: () => null,
    };
    expectTypeOf(router.dbForWrite).toEqualTypeOf<DatabaseRouter["dbForWrite"]>();
    // @ts-expect-error: an alias is a string
    const bad: DatabaseRouter = { dbForRead: () => 1 };
    void bad;
  });
});
