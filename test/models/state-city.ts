import { defineModel, f } from "../../src/index.js";

/** Article 002's models (conformance set "state_city"); dense means population / area > 3000. */
export const State = defineModel(
  "State",
  { name: f.char({ maxLength: 100 }) },
  { dbTable: "cities_state" },
);

export const City = defineModel(
  "City",
  {
    name: f.char({ maxLength: 100 }),
    state: f.foreignKey("State", { onDelete: "CASCADE", relatedName: "cities" }),
    population: f.integer(),
    area: f.float(),
  },
  { dbTable: "cities_city" },
);

export const stateCityModels = [State, City];

declare module "../../src/models/types.js" {
  interface TangoModels {
    State: typeof State;
    City: typeof City;
  }
}
