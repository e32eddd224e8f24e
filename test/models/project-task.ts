import { defineModel, f } from "../../src/index.js";

/** Article 000's models (conformance set "project_task"). */
export const Project = defineModel(
  "Project",
  {
    name: f.char({ maxLength: 100 }),
    progress: f.decimal({ maxDigits: 5, decimalPlaces: 2, default: "0" }),
  },
  { dbTable: "projects" },
);

export const Task = defineModel(
  "Task",
  {
    project: f.foreignKey("Project", { onDelete: "CASCADE" }),
    title: f.char({ maxLength: 100 }),
    progress: f.decimal({ maxDigits: 5, decimalPlaces: 2, default: "0" }),
  },
  { dbTable: "tasks" },
);

export const projectTaskModels = [Project, Task];

declare module "../../src/models/types.js" {
  interface TangoModels {
    Project: typeof Project;
    Task: typeof Task;
  }
}
