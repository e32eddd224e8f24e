import { untyped } from "../errors/untyped.js";
import { FieldKinds } from "./models.js";

type KindsRow = Record<string, unknown>;

/**
 * Create a FieldKinds row with `values`, then read it back twice from the
 * database: as an instance (get) and as a values() row. Returns both.
 */
export async function roundTrip(values: KindsRow): Promise<{ obj: KindsRow; row: KindsRow }> {
  // Values of every kind go through one generic helper, hence the untyped view.
  const created = (await untyped(FieldKinds.objects).create(values)) as { pk: number };
  const obj = (await FieldKinds.objects.get({ pk: created.pk })) as unknown as KindsRow;
  const [row] = await FieldKinds.objects.filter({ pk: created.pk }).values(...Object.keys(values));
  return { obj, row };
}

/** Read one field of many rows back, in insertion order. */
export async function roundTripMany(field: string, list: readonly unknown[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const v of list) {
    const { obj, row } = await roundTrip({ [field]: v });
    out.push(obj[field]);
    out.push(row[field]);
  }
  return out;
}
