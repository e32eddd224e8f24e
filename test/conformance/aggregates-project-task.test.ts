/**
 * Conformance: Django's recorded answers for aggregate()/annotate() on the
 * "project_task" data set (article 000: projects and their tasks).
 */
import { Avg, atomic, F } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadFixture } from "../harness/fixtures.js";
import { Project, projectTaskModels } from "../models/project-task.js";
import { checkCase } from "./run-case.js";

/** `Project.objects.order_by("pk").values_list("pk", "progress")` */
const allProgress = async () => Project.objects.orderBy("pk").valuesList("pk", "progress");

forEachDialect(
  "conformance: project_task set (aggregate/annotate)",
  { models: projectTaskModels, fixtures: () => loadFixture("project_task", projectTaskModels) },
  (t) => {
    t.case("pt-avg-progress-annotate", (ctx) =>
      checkCase(ctx, "pt-avg-progress-annotate", {
        run: async () =>
          Project.objects
            .annotate({ avgProgress: Avg("task__progress") })
            .orderBy("pk")
            .valuesList("pk", "avgProgress"),
      }),
    );

    t.case("pt-avg-progress-default-annotate", (ctx) =>
      checkCase(ctx, "pt-avg-progress-default-annotate", {
        run: async () =>
          Project.objects
            .annotate({ avgProgress: Avg("task__progress", { default: 0 }) })
            .orderBy("pk")
            .valuesList("pk", "avgProgress"),
      }),
    );

    t.case("pt-annotate-update-error", (ctx) =>
      checkCase(ctx, "pt-annotate-update-error", {
        run: async () =>
          Project.objects
            .annotate({ avgProgress: Avg("task__progress") })
            .update({ progress: F("avgProgress") }),
        state: allProgress,
        // Tango deliberately differs (issue 4, "past Django"): the update runs, as one UPDATE
        // with a correlated subquery. Projects 4, 11 and 20 have no tasks, so their average is
        // NULL and progress is NOT NULL: the statement fails as a whole and the table is
        // unchanged — the state Django's FieldError leaves too.
        errorMessage: false,
        override: Object.fromEntries(
          (["sqlite", "postgres", "mysql"] as const).map((d) => [
            d,
            { error: { type: "IntegrityError", message: "" }, numQueries: 1 },
          ]),
        ),
      }),
    );

    t.case("pt-n-plus-1-aggregate-loop", (ctx) =>
      checkCase(ctx, "pt-n-plus-1-aggregate-loop", {
        run: async () => {
          const out: unknown[] = [];
          for (const p of await Project.objects.orderBy("pk")) {
            out.push([p.pk, (await p.taskSet.aggregate({ a: Avg("progress") })).a]);
          }
          return out;
        },
      }),
    );

    t.case("pt-loop-save", (ctx) =>
      checkCase(ctx, "pt-loop-save", {
        // Django runs the loop in autocommit mode: projects 1-3 stay saved when project 4's
        // save fails. Each save() runs in its own atomic() here to stand for that.
        autocommit: true,
        // The message is the database's own (MySQL/MariaDB words it differently).
        errorMessage: false,
        run: async () => {
          for (const project of await Project.objects
            .annotate({ avgProgress: Avg("task__progress") })
            .orderBy("pk")) {
            // Project 4 has no tasks: its average is null and saving it fails (NOT NULL).
            project.progress = project.avgProgress as never;
            await atomic(() => project.save());
          }
          return "done";
        },
        state: allProgress,
      }),
    );
  },
);
