import { expect } from "vitest";
import { captureQueries, F, FieldError } from "../../src/index.js";
import { untyped } from "../errors/untyped.js";
import { forEachDialect } from "../harness/case.js";
import { SafeNote, safetyModels } from "./models.js";

const HOSTILE_NAMES = [
  "id; DROP TABLE safe_note",
  'title"--',
  "title`",
  "title'",
  "id) OR (1=1",
  "n = 1; --",
  "title /*",
  " title",
  "",
];

function rejected(build: () => unknown): FieldError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return e as FieldError;
  }
  throw new Error("expected a FieldError");
}

forEachDialect("safety › hostile names are rejected", { models: safetyModels }, (t) => {
  t.case("filter() / exclude() keys", async () => {
    const { queries } = await captureQueries(() => {
      for (const name of HOSTILE_NAMES) {
        rejected(() => untyped(SafeNote.objects).filter({ [name]: 1 }));
        rejected(() => untyped(SafeNote.objects).exclude({ [name]: 1 }));
        rejected(() => untyped(SafeNote.objects).filter({ [`title__${name}`]: 1 }));
      }
    });
    expect(queries).toHaveLength(0);
  });

  t.case("the message names the hostile keyword as text", async () => {
    const e = rejected(() => untyped(SafeNote.objects).filter({ "id; DROP TABLE safe_note": 1 }));
    expect(e.message).toBe(
      "Cannot resolve keyword 'id; DROP TABLE safe_note' into field on SafeNote. Choices are: body, id, n, title.",
    );
  });

  t.case("orderBy() terms", async () => {
    for (const name of HOSTILE_NAMES) {
      rejected(() => untyped(SafeNote.objects).orderBy(name));
      if (name) rejected(() => untyped(SafeNote.objects).orderBy(`-${name}`));
    }
    rejected(() => untyped(SafeNote.objects).orderBy("title; DROP TABLE safe_note"));
  });

  t.case("values() / valuesList() names", async () => {
    for (const name of HOSTILE_NAMES) {
      rejected(() => untyped(SafeNote.objects).values(name));
      rejected(() => untyped(SafeNote.objects).valuesList("title", name));
    }
  });

  t.case("only() / defer() names", async () => {
    for (const name of HOSTILE_NAMES.filter(Boolean)) {
      rejected(() => untyped(SafeNote.objects).only(name));
      rejected(() => untyped(SafeNote.objects).defer(name));
    }
  });

  t.case("F() references", async () => {
    for (const name of HOSTILE_NAMES.filter(Boolean)) {
      rejected(() => untyped(SafeNote.objects).filter({ n: F(name) }));
      rejected(() => untyped(SafeNote.objects).annotate({ x: F(name) }));
    }
  });

  t.case("update() and create() field names reject before any SQL", async () => {
    const { queries } = await captureQueries(async () => {
      for (const name of HOSTILE_NAMES.filter(Boolean)) {
        await expect(untyped(SafeNote.objects).update({ [name]: 1 })).rejects.toBeInstanceOf(
          FieldError,
        );
        await expect(
          untyped(SafeNote.objects).create({ title: "t", [name]: 1 }),
        ).rejects.toBeInstanceOf(FieldError);
      }
    });
    expect(queries).toHaveLength(0);
    expect(await SafeNote.objects.count()).toBe(0);
  });
});
