/**
 * Articles 000 and 002: projects with tasks (progress rolled up from the
 * tasks) and states with cities (dense cities: population / area > 3000).
 * Their model names carry a Demo prefix: the test suite registers its own
 * State/City/Project/Task, and both are type-checked together.
 */
import { defineModel, f } from "../src/index.js";

export const Project = defineModel(
  "DemoProject",
  {
    name: f.char({ maxLength: 100 }),
    progress: f.decimal({ maxDigits: 5, decimalPlaces: 2, default: "0" }),
  },
  { dbTable: "demo_project" },
);

export const Task = defineModel(
  "DemoTask",
  {
    project: f.foreignKey(() => Project, { onDelete: "CASCADE", relatedName: "tasks" }),
    title: f.char({ maxLength: 100 }),
    progress: f.decimal({ maxDigits: 5, decimalPlaces: 2, default: "0" }),
  },
  { dbTable: "demo_task" },
);

export const State = defineModel(
  "DemoState",
  { name: f.char({ maxLength: 100 }) },
  { dbTable: "demo_state" },
);

export const City = defineModel(
  "DemoCity",
  {
    name: f.char({ maxLength: 100 }),
    state: f.foreignKey(() => State, { onDelete: "CASCADE", relatedName: "cities" }),
    population: f.integer(),
    area: f.float(),
  },
  { dbTable: "demo_city" },
);

export const articleModels = [Project, Task, State, City];

declare module "../src/models/types.js" {
  interface TangoModels {
    DemoProject: typeof Project;
    DemoTask: typeof Task;
    DemoState: typeof State;
    DemoCity: typeof City;
  }
}
