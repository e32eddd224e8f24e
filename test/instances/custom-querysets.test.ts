import { expect } from "vitest";
import {
  assertNumQueries,
  defineModel,
  Exists,
  f,
  ManagerBase,
  OuterRef,
  Prefetch,
  QuerySet,
  Subquery,
  SubqueryCount,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { City, CityQuerySet, State, StateQuerySet, stateCityModels } from "../models/state-city.js";

/** A model whose querySet option is wrong (never queried; checked when its manager is first read). */
const Broken = defineModel(
  "CqBroken",
  { name: f.char({ maxLength: 5 }) },
  {
    querySet: () => class NotAQuerySet {},
  },
);

const DENSE = [3, 4, 6, 12, 16, 18, 22, 28, 30, 35, 39, 40, 49]; // Django's sc-dense-cities

forEachDialect(
  "instances › custom QuerySets",
  { models: stateCityModels, fixtures: () => loadFixture("state_city", stateCityModels) },
  (t) => {
    t.case("the manager is built from the custom QuerySet and starts from it", async () => {
      expect(City.objects).toBeInstanceOf(ManagerBase);
      expect(City.objects.all()).toBeInstanceOf(CityQuerySet);
      expect(City.objects.getQueryset()).toBeInstanceOf(CityQuerySet);
      expect(
        await City.objects.denseCities().valuesList("pk", { flat: true }).orderBy("pk"),
      ).toEqual(DENSE);
    });

    t.case(
      "a custom QuerySet in Prefetch: one query per level, same rows as the method",
      async () => {
        const states = await assertNumQueries(2, () =>
          State.objects.orderBy("pk").prefetchRelated(
            Prefetch("cities", {
              queryset: City.objects.denseCities().orderBy("pk"),
              toAttr: "dense",
            }),
          ),
        );
        const prefetched = states.map((s) => s.dense.map((c) => c.pk));
        expect(prefetched.flat().sort((a, b) => a - b)).toEqual(DENSE);
        expect(
          states.map((s) => s.dense.every((c) => typeof c.density === "number")),
        ).not.toContain(false);
        for (const [i, s] of states.entries()) {
          const direct = await s.cities
            .denseCities()
            .orderBy("pk")
            .valuesList("pk", { flat: true });
          expect(prefetched[i]).toEqual(direct);
        }
      },
    );

    t.case("domain methods survive every chained call", async () => {
      const base = City.objects.filter({ population__gte: 0 });
      const chained = [
        base,
        base.exclude({ name: "nowhere" }),
        base.orderBy("-population"),
        base.annotate({
          s: Subquery(State.objects.filter({ pk: OuterRef("stateId") }).values("name")),
        }),
        base.alias({ x: Exists(State.objects.filter({ pk: OuterRef("stateId") })) }),
        base.distinct(),
        base.reverse(),
        base.none(),
        base.using("default"),
        base.only("name"),
        base.defer("area"),
        base.selectForUpdate().orderBy("pk").all(),
      ];
      for (const qs of chained) {
        expect(qs).toBeInstanceOf(CityQuerySet);
        expect(typeof qs.denseCities).toBe("function");
      }
      const values = City.objects.denseCities().values("name");
      expect(values).toBeInstanceOf(CityQuerySet);
      expect(City.objects.valuesList("pk", { flat: true })).toBeInstanceOf(CityQuerySet);
      // a domain method after other calls still filters
      expect(await base.orderBy("pk").denseCities().valuesList("pk", { flat: true })).toEqual(
        DENSE,
      );
      expect(await base.none().denseCities().count()).toBe(0);
    });

    t.case("related managers start from the related model's QuerySet class", async () => {
      const state = await State.objects.get({ pk: 1 });
      expect(state.cities.all()).toBeInstanceOf(CityQuerySet);
      const mine = await state.cities.denseCities().orderBy("pk").valuesList("pk", "stateId");
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every(([pk, stateId]) => DENSE.includes(pk) && stateId === 1)).toBe(true);
    });

    t.case("custom querysets work inside Exists, Subquery, __in and SubqueryCount", async () => {
      const hasDense = await State.objects
        .filter(Exists(City.objects.denseCities().filter({ stateId: OuterRef("pk") })))
        .orderBy("pk")
        .valuesList("pk", { flat: true });
      const viaIn = await State.objects
        .filter({ pk__in: City.objects.denseCities().values("stateId") })
        .orderBy("pk")
        .valuesList("pk", { flat: true });
      expect(hasDense).toEqual(viaIn);
      const counted = await State.objects
        .annotate({
          n: SubqueryCount(City.objects.denseCities().filter({ stateId: OuterRef("pk") })),
        })
        .orderBy("pk")
        .valuesList("pk", "n");
      const expected = await Promise.all(
        counted.map(async ([pk]) => [
          pk,
          await City.objects.denseCities().filter({ stateId: pk }).count(),
        ]),
      );
      expect(counted).toEqual(expected);
      expect(State.objects.all()).toBeInstanceOf(StateQuerySet);
    });

    t.case(
      "a querySet option that is not a QuerySet subclass is a TypeError naming the model",
      () => {
        expect(() => Broken.objects).toThrow(
          new TypeError(
            "CqBroken: the querySet option must be a thunk returning a subclass of QuerySet (querySet: () => CqBrokenQuerySet), got class NotAQuerySet",
          ),
        );
        expect(QuerySet).toBeDefined();
      },
    );
  },
);
