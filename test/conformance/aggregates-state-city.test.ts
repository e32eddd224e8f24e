/**
 * Conformance: Django's recorded answers for aggregate()/annotate() on the
 * "state_city" data set (article 002: states and their cities).
 */
import { Avg, Count, Max, StdDev, Sum } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { City, State, stateCityModels } from "../models/state-city.js";
import { expectedFor } from "./oracle.js";
import { checkCase } from "./run-case.js";

forEachDialect(
  "conformance: state_city set (aggregate/annotate)",
  { models: stateCityModels, fixtures: () => loadFixture("state_city", stateCityModels) },
  (t) => {
    const cases: Record<string, () => PromiseLike<unknown>> = {
      "sc-biggest-city-join": () =>
        State.objects
          .annotate({ biggestCityPopulation: Max("cities__population") })
          .orderBy("pk")
          .valuesList("name", "biggestCityPopulation"),
      "sc-count-cities-per-state": () =>
        State.objects
          .annotate({ n: Count("cities") })
          .orderBy("pk")
          .valuesList("name", "n"),
    };
    for (const [id, run] of Object.entries(cases)) {
      t.case(id, (ctx) => checkCase(ctx, id, { run: async () => run() }));
    }

    t.case("sc-population-stats-per-state", (ctx) =>
      checkCase(ctx, "sc-population-stats-per-state", {
        // PostgreSQL computes STDDEV_POP of an integer column in numeric, with 4 fractional
        // digits here; MySQL/MariaDB computes it in double precision, as Django's SQLite
        // backend does (statistics.pstdev): MySQL gives the SQLite record's numbers.
        override: {
          mysql: { result: expectedFor("sc-population-stats-per-state", "sqlite").result },
        },
        run: async () =>
          City.objects
            .values("state__name")
            .annotate({
              n: Count("id"),
              total: Sum("population"),
              avg: Avg("population"),
              sd: StdDev("population"),
            })
            .orderBy("state__name"),
      }),
    );
  },
);
