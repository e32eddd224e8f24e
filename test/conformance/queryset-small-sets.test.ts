/**
 * Conformance: Django's recorded answers on the "project_task" (article 000)
 * and "state_city" (article 002) data sets, for the non-aggregate API.
 */
import { F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Project, projectTaskModels } from "../models/project-task.js";
import { City, stateCityModels } from "../models/state-city.js";
import { checkCase } from "./run-case.js";

forEachDialect(
  "conformance: project_task set (queryset API)",
  { models: projectTaskModels, fixtures: () => loadFixture("project_task", projectTaskModels) },
  (t) => {
    t.case("pt-projects-without-tasks", (ctx) =>
      checkCase(ctx, "pt-projects-without-tasks", {
        run: async () =>
          Project.objects
            .filter({ task__isnull: true })
            .orderBy("pk")
            .valuesList("pk", { flat: true }),
      }),
    );
  },
);

forEachDialect(
  "conformance: state_city set (queryset API)",
  { models: stateCityModels, fixtures: () => loadFixture("state_city", stateCityModels) },
  (t) => {
    t.case("sc-integer-division", (ctx) =>
      checkCase(ctx, "sc-integer-division", {
        // Integer / integer truncates on SQLite and PostgreSQL; Tango writes DIV on MySQL/MariaDB
        // (whose `/` would give a decimal), so the answer is the same there.
        run: async () =>
          City.objects
            .annotate({ popK: F("population").div(1000) })
            .orderBy("pk")
            .valuesList("pk", "population", "popK")
            .slice(0, 10),
      }),
    );
  },
);
