import { Decimal } from "../src/index.js";
import { BenchItem, ROWS, VALUE_NAMES } from "./model.js";

/** Fail fast if the Tango side does not return what the raw side does. */
export async function sanityCheck(): Promise<void> {
  const all = await BenchItem.objects.all();
  const values = await BenchItem.objects.values(...VALUE_NAMES);
  const one = (await BenchItem.objects.get({ pk: 1234 })) as unknown as Record<string, unknown>;
  const v = values[1233] as Record<string, unknown>;
  if (all.length !== ROWS || values.length !== ROWS)
    throw new Error(`expected ${ROWS} rows, got ${all.length} / ${values.length}`);
  const ok =
    one.id === 1234 &&
    one.name === "item-01233" &&
    one.price instanceof Decimal &&
    one.createdAt instanceof Date &&
    typeof one.active === "boolean" &&
    v.id === 1234 &&
    v.name === one.name;
  if (!ok) throw new Error(`unexpected row: ${JSON.stringify(one)}`);
}
