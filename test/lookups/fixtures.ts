import { resetSequences } from "../../src/index.js";
import { AUTHORS, COMMENTS, POST_TAGS, POSTS, TAGS } from "./data.js";
import { LkAuthor, LkComment, LkPost, LkPostTag, LkTag } from "./models.js";

type Values = Record<string, unknown>;
type Loose = new (values: Values) => InstanceType<typeof LkAuthor>;

/** Load data.ts (explicit ids) and move the id sequences past them. */
export async function loadLookupFixtures(): Promise<void> {
  const load = async (model: object, rows: Values[]) => {
    const Model = model as Loose;
    const manager = (model as { objects: { bulkCreate(o: object[]): Promise<unknown> } }).objects;
    await manager.bulkCreate(rows.map((r) => new Model(r)));
  };
  await load(LkAuthor, AUTHORS);
  await load(LkTag, TAGS);
  await load(LkPost, POSTS);
  await load(LkPostTag, POST_TAGS);
  await load(LkComment, COMMENTS);
  // Explicit ids do not move PostgreSQL sequences (as in Django, loaddata resets them).
  await resetSequences([LkAuthor, LkTag, LkPost, LkPostTag, LkComment]);
}

/** Sorted primary keys of a result (most assertions compare these). */
export function pks(rows: readonly { pk: unknown }[]): number[] {
  return rows.map((r) => Number(r.pk)).sort((a, b) => a - b);
}
