import { untyped } from "../errors/untyped.js";
import { pks } from "./fixtures.js";
import { LkAuthor, LkComment, LkPost, LkPostTag, LkTag } from "./models.js";
import { expectedRows, type Predicate } from "./oracle.js";

export type ModelName = "LkAuthor" | "LkTag" | "LkPost" | "LkComment" | "LkPostTag";

const MODELS = { LkAuthor, LkTag, LkPost, LkComment, LkPostTag };

export type Probe = readonly [suffix: string, value: unknown];

/**
 * Run filter() and exclude() for each `path__suffix = value` on `model` and
 * compare with the oracle; return one line per disagreement (empty when all
 * agree). Keys are built at run time, hence the untyped view.
 */
export async function disagreements(
  model: ModelName,
  path: string,
  probes: readonly Probe[],
  predicateFor: (suffix: string, value: unknown) => Predicate,
): Promise<string[]> {
  const out: string[] = [];
  const objects = untyped(MODELS[model].objects);
  for (const [suffix, value] of probes) {
    const key = suffix ? `${path}__${suffix}` : path;
    const expected = expectedRows(model, path, predicateFor(suffix, value));
    const shown = `${model}.${key}=${JSON.stringify(value)}`;
    const got = pks(await objects.filter({ [key]: value }).fetch());
    if (JSON.stringify(got) !== JSON.stringify(expected.filter)) {
      out.push(
        `filter ${shown}: expected ${JSON.stringify(expected.filter)}, got ${JSON.stringify(got)}`,
      );
    }
    if (suffix.endsWith("isnull")) continue;
    const kept = pks(await objects.exclude({ [key]: value }).fetch());
    if (JSON.stringify(kept) !== JSON.stringify(expected.exclude)) {
      out.push(
        `exclude ${shown}: expected ${JSON.stringify(expected.exclude)}, got ${JSON.stringify(kept)}`,
      );
    }
  }
  return out;
}
