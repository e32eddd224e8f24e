/**
 * Bad aggregation input fails at the call that caused it, with Django's
 * error class and message (naming the fix), before any SQL is sent.
 */
import { expect } from "vitest";
import {
  Avg,
  assertNumQueries,
  Count,
  F,
  FieldError,
  Max,
  NotSupportedError,
  Q,
  Sum,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { groupingModels, loadTeams, Member, Team } from "./models.js";

/** Call `fn` and return what it threw (it must throw, synchronously or not). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

async function expectError(
  fn: () => unknown,
  cls: abstract new (...args: never[]) => Error,
  message: string,
): Promise<void> {
  await assertNumQueries(0, async () => {
    const e = await thrown(fn);
    expect(e).toBeInstanceOf(cls);
    expect((e as Error).message).toBe(message);
  });
}

forEachDialect("aggregation: bad input", { models: groupingModels, fixtures: loadTeams }, (t) => {
  t.case("an aggregate in orderBy() without annotate()", () =>
    expectError(
      () => Team.objects.orderBy(Count("members").desc()),
      FieldError,
      "Using an aggregate in orderBy() without also including it in annotate() is not allowed: Count(F(members))",
    ),
  );

  t.case("an aggregate in filter() without annotate()", () =>
    expectError(
      () => Member.objects.filter({ score__gt: Avg("score") }),
      FieldError,
      "Using an aggregate in filter() without also including it in annotate() is not allowed: Avg(F(score)). " +
        "Annotate it, then filter on its name: annotate({ n: Count(...) }).filter({ n__gt: 1 })",
    ),
  );

  t.case("an aggregate over an aggregate", () =>
    expectError(
      () => Team.objects.annotate({ n: Count("members") }).annotate({ total: Sum("n") }),
      FieldError,
      "Cannot compute Sum('n'): 'n' is an aggregate",
    ),
  );

  t.case("aggregate() of something that does not aggregate", () =>
    expectError(
      () => Member.objects.aggregate({ s: F("score") }),
      TypeError,
      "s is not an aggregate expression",
    ),
  );

  t.case("aggregate() over an alias() (not selected)", () =>
    expectError(
      () => Team.objects.alias({ n: Count("members") }).aggregate(Max("n")),
      FieldError,
      "Cannot aggregate over the 'n' alias. Use annotate() to promote it.",
    ),
  );

  t.case("a name that is neither a field nor an annotation", () =>
    expectError(
      () => Team.objects.annotate({ n: Count("members") }).aggregate(Max("m")),
      FieldError,
      "Cannot resolve keyword 'm' into field on Team. Choices are: city, id, members, n, name.",
    ),
  );

  t.case("values() of an alias", () =>
    expectError(
      () => Team.objects.alias({ n: Count("members") }).values("n"),
      FieldError,
      "Cannot select the 'n' alias. Use annotate() to promote it.",
    ),
  );

  t.case("positional arguments need a name to be derived", async () => {
    await expectError(
      () => Member.objects.aggregate(Sum(F("score").mul(2))),
      TypeError,
      "Complex aggregates require an alias",
    );
    await expectError(
      () => Member.objects.annotate(Count("id"), Count("id")),
      TypeError,
      "The named annotation 'id__count' conflicts with the default name for another annotation.",
    );
  });

  t.case("an annotation may not shadow a field", () =>
    expectError(
      () => Team.objects.annotate({ name: Count("members") }),
      FieldError,
      "The annotation 'name' conflicts with a field on the model.",
    ),
  );

  t.case("options Django refuses", async () => {
    await expectError(
      () => Count("id", { default: 0 } as never),
      TypeError,
      "Count does not allow default.",
    );
    await expectError(
      () => Max("score", { distinct: true } as never),
      TypeError,
      "Max does not allow distinct.",
    );
    await expectError(
      () => Count("*", { filter: Q({ score__gt: 1 }) }),
      TypeError,
      "Star cannot be used with filter. Please specify a field.",
    );
  });

  t.case("update() to an aggregate", () =>
    expectError(
      () => Member.objects.update({ score: Max("score") }),
      FieldError,
      "Aggregate functions are not allowed in this query (score=Max(F(score))).",
    ),
  );

  t.case("aggregate() after distinct(fields)", () =>
    expectError(
      () => Member.objects.distinct("teamId").aggregate(Max("score")),
      NotSupportedError,
      "aggregate() + distinct(fields) not implemented.",
    ),
  );
});
