/**
 * Conformance: article 002's custom QuerySets — `CityQuerySet.denseCities()`,
 * `annotateDensity()`, `StateQuerySet.annotateHasDenseCities()` and
 * `annotateDenseCityCount()` (test/models/state-city.ts) — used from the
 * manager, from related managers, chained, and inside Subquery, Exists,
 * `__in` and SubqueryCount.
 */
import { Avg, Coalesce, Count, OuterRef, Subquery, SubqueryCount } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { City, DENSE_THRESHOLD, State, stateCityModels } from "../models/state-city.js";
import { checkCase } from "./run-case.js";

type Cases = Record<string, () => PromiseLike<unknown>>;

forEachDialect(
  "conformance: custom querysets (state_city)",
  { models: stateCityModels, fixtures: () => loadFixture("state_city", stateCityModels) },
  (t) => {
    const cases: Cases = {
      "sc-dense-cities": () =>
        City.objects.denseCities().orderBy("pk").valuesList("pk", "name", "density"),
      "sc-dense-cities-count": () => City.objects.denseCities().count(),
      "sc-states-with-dense-loop": async () => {
        const names: string[] = [];
        for (const state of await State.objects.orderBy("pk")) {
          if (await state.cities.denseCities().exists()) names.push(state.name);
        }
        return names;
      },
      "sc-states-id-in-subquery": () =>
        State.objects
          .filter({ id__in: City.objects.denseCities().values("stateId") })
          .orderBy("pk")
          .valuesList("name", { flat: true }),
      "sc-annotate-has-dense": () =>
        State.objects.annotateHasDenseCities().orderBy("pk").valuesList("name", "hasDenseCities"),
      "sc-dense-city-count": () =>
        State.objects.annotateDenseCityCount().orderBy("pk").valuesList("name", "denseCityCount"),
      "sc-dense-city-count-coalesce": () => {
        const denseCount = City.objects
          .denseCities()
          .filter({ stateId: OuterRef("id") })
          .values("stateId")
          .annotate({ count: Count("pk") })
          .values("count");
        return State.objects
          .annotate({ denseCityCount: Coalesce(Subquery(denseCount), 0) })
          .orderBy("pk")
          .valuesList("name", "denseCityCount");
      },
      "sc-filter-dense-count-gt0": () =>
        State.objects
          .annotateDenseCityCount()
          .filter({ denseCityCount__gt: 0 })
          .orderBy("pk")
          .valuesList("name", { flat: true }),
      "sc-nested-above-state-avg": () => {
        const stateAvg = City.objects
          .filter({ stateId: OuterRef("stateId") })
          .values("stateId")
          .annotate({ a: Avg("population") })
          .values("a");
        const above = SubqueryCount(
          City.objects.filter({ stateId: OuterRef("pk"), population__gt: Subquery(stateAvg) }),
        );
        return State.objects
          .annotate({ nAboveAvg: above })
          .orderBy("pk")
          .valuesList("name", "nAboveAvg");
      },
      "sc-nested-outerref-outerref": () => {
        const biggestDense = City.objects
          .denseCities()
          .filter({ stateId: OuterRef(OuterRef("pk")) })
          .orderBy("-population")
          .values("population")
          .slice(0, 1);
        return State.objects
          .annotate({
            nBigger: SubqueryCount(
              City.objects.filter({
                stateId: OuterRef("pk"),
                population__gt: Subquery(biggestDense),
              }),
            ),
          })
          .orderBy("pk")
          .valuesList("name", "nBigger");
      },
      "sc-combined-annotations-groupby": () =>
        State.objects
          .annotateHasDenseCities()
          .annotateDenseCityCount()
          .annotate({ nCities: Count("cities") })
          .orderBy("pk")
          .valuesList("name", "hasDenseCities", "denseCityCount", "nCities"),
      "sc-threshold-boundary": () =>
        City.objects
          .annotateDensity()
          .filter({ density__gte: DENSE_THRESHOLD })
          .exclude({ pk__in: City.objects.denseCities().values("pk") })
          .orderBy("pk")
          .valuesList("name", "density"),
      "sc-exclude-dense": () =>
        State.objects
          .exclude({ cities__in: City.objects.denseCities() })
          .orderBy("pk")
          .valuesList("name", { flat: true }),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }
  },
);
