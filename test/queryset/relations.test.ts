import { expect } from "vitest";
import { defineModel, f, RelationNotLoaded } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";

/** A one-to-one both ways, a foreign key given by thunk, and a self-reference. */
const RelPerson = defineModel(
  "RelPerson",
  { name: f.char({ maxLength: 30 }) },
  { dbTable: "rel_person" },
);
const RelPassport = defineModel(
  "RelPassport",
  {
    person: f.oneToOne(() => RelPerson, { onDelete: "CASCADE" }),
    number: f.char({ maxLength: 10 }),
  },
  { dbTable: "rel_passport" },
);
const RelNode = defineModel(
  "RelNode",
  {
    label: f.char({ maxLength: 10 }),
    parent: f.foreignKey("self", { onDelete: "CASCADE", null: true, relatedName: "children" }),
  },
  { dbTable: "rel_node" },
);

declare module "../../src/models/types.js" {
  interface TangoModels {
    RelPerson: typeof RelPerson;
    RelPassport: typeof RelPassport;
    RelNode: typeof RelNode;
  }
}

forEachDialect(
  "relations: one-to-one, thunks, self references",
  { models: [RelPerson, RelPassport, RelNode] },
  (t) => {
    t.case("one-to-one: filter both ways, fetchRelated both ways", async () => {
      const ann = await RelPerson.objects.create({ name: "Ann" });
      await RelPerson.objects.create({ name: "Bob" });
      await RelPassport.objects.create({ person: ann, number: "X1" });
      expect(
        await RelPerson.objects
          .filter({ relPassport__number: "X1" })
          .valuesList("name", { flat: true }),
      ).toEqual(["Ann"]);
      expect(
        await RelPerson.objects
          .filter({ relPassport__isnull: true })
          .valuesList("name", { flat: true }),
      ).toEqual(["Bob"]);
      const passport = await RelPassport.objects.get({ person__name: "Ann" });
      expect(() => passport.person).toThrow(RelationNotLoaded);
      expect(() => passport.person).toThrow("RelPassport.person is not loaded (personId = ");
      await passport.fetchRelated("person");
      expect(passport.person.name).toBe("Ann");
      const person = await RelPerson.objects.get({ name: "Ann" });
      expect(((await person.fetchRelated("relPassport")) as { number: string }).number).toBe("X1");
      await expect(RelPassport.objects.create({ person: ann, number: "X2" })).rejects.toThrow();
    });

    t.case("self-referential foreign key: children, parents, two hops", async () => {
      const root = await RelNode.objects.create({ label: "root" });
      const a = await RelNode.objects.create({ label: "a", parent: root });
      await RelNode.objects.create({ label: "a1", parent: a });
      await RelNode.objects.create({ label: "b", parent: root });
      expect(
        await RelNode.objects
          .filter({ parent__label: "root" })
          .orderBy("label")
          .valuesList("label", { flat: true }),
      ).toEqual(["a", "b"]);
      expect(
        await RelNode.objects
          .filter({ parent__parent__label: "root" })
          .valuesList("label", { flat: true }),
      ).toEqual(["a1"]);
      expect(
        await RelNode.objects.filter({ children__label: "a1" }).valuesList("label", { flat: true }),
      ).toEqual(["a"]);
      expect(
        await RelNode.objects.filter({ parent__isnull: true }).valuesList("label", { flat: true }),
      ).toEqual(["root"]);
      expect(await root.children.orderBy("label").valuesList("label", { flat: true })).toEqual([
        "a",
        "b",
      ]);
      const [n, counts] = await RelNode.objects.filter({ label: "root" }).delete();
      expect([n, counts]).toEqual([4, { RelNode: 4 }]);
    });
  },
);
