import { defineModel, f } from "../../src/index.js";

/** A category tree (self foreign key) for recursive CTEs. */
export const TreeCategory = defineModel(
  "TreeCategory",
  {
    name: f.char({ maxLength: 20 }),
    parent: f.foreignKey("TreeCategory", {
      onDelete: "CASCADE",
      null: true,
      relatedName: "children",
    }),
    rank: f.integer({ default: 0 }),
  },
  { dbTable: "cte_category" },
);

export const cteModels = [TreeCategory];

declare module "../../src/models/types.js" {
  interface TangoModels {
    TreeCategory: typeof TreeCategory;
  }
}

/**
 * root ── a ── a1 ── a1x
 *      │    └─ a2
 *      └─ b ── b1
 * other (a second root)
 */
export async function loadTree(): Promise<void> {
  const make = async (name: string, parent: { pk: unknown } | null, rank = 0) =>
    TreeCategory.objects.create({ name, parentId: parent?.pk as number | null, rank });
  const root = await make("root", null);
  const a = await make("a", root, 1);
  const a1 = await make("a1", a, 2);
  await make("a1x", a1, 3);
  await make("a2", a, 4);
  const b = await make("b", root, 5);
  await make("b1", b, 6);
  await make("other", null, 7);
}
