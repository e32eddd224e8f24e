import {
  Count,
  defineModel,
  Exists,
  F,
  f,
  type Instance,
  OuterRef,
  Q,
  QuerySet,
  Subquery,
} from "../../src/index.js";

/** Article 002's threshold: a city is dense when population / area > 3000. */
export const DENSE_THRESHOLD = 3000;

/** Article 002's models (conformance set "state_city"); dense means population / area > 3000. */
export const State = defineModel(
  "State",
  { name: f.char({ maxLength: 100 }) },
  { dbTable: "cities_state", querySet: () => StateQuerySet },
);

export const City = defineModel(
  "City",
  {
    name: f.char({ maxLength: 100 }),
    state: f.foreignKey("State", { onDelete: "CASCADE", relatedName: "cities" }),
    population: f.integer(),
    area: f.float(),
  },
  { dbTable: "cities_city", querySet: () => CityQuerySet },
);

/** Article 002's CityQuerySet: domain methods that chain like any QuerySet method. */
export class CityQuerySet<R = Instance<typeof City>, A extends object = {}> extends QuerySet<
  typeof City,
  R,
  A
> {
  annotateDensity() {
    return this.annotate({ density: F("population").div(F("area")) });
  }

  denseCities() {
    // Keys on this class's own annotations are checked at run time inside a generic class: use Q().
    return this.annotateDensity().filter(Q({ density__gt: DENSE_THRESHOLD }));
  }
}

/** Article 002's StateQuerySet: subquery annotations over the custom City queryset. */
export class StateQuerySet<R = Instance<typeof State>, A extends object = {}> extends QuerySet<
  typeof State,
  R,
  A
> {
  annotateHasDenseCities() {
    return this.annotate({
      hasDenseCities: Exists(City.objects.denseCities().filter({ stateId: OuterRef("id") })),
    });
  }

  annotateDenseCityCount() {
    const denseCount = City.objects
      .denseCities()
      .filter({ stateId: OuterRef("id") })
      .values("stateId")
      .annotate({ count: Count("pk") })
      .values("count");
    return this.annotate({ denseCityCount: Subquery(denseCount) });
  }
}

export const stateCityModels = [State, City];

declare module "../../src/models/types.js" {
  interface TangoModels {
    State: typeof State;
    City: typeof City;
  }
  interface TangoQuerySets<R, A> {
    State: StateQuerySet<R, A>;
    City: CityQuerySet<R, A>;
  }
}
