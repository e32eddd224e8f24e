import { type Database, getDatabase } from "../db/database.js";
import { atomic } from "../db/transaction.js";
import { ValidationError } from "../errors.js";
import type { Field } from "../models/fields/field.js";
import type { ModelBase } from "../models/instance.js";
import type { ModelMeta } from "../models/meta.js";
import { loadedState, STATE } from "../models/state.js";
import type { InsertPlan } from "../query/write.js";
import { runInsert } from "./run.js";

type Row = Record<string, unknown>;

/** Largest number of bound parameters in one statement (below every dialect's limit). */
const MAX_PARAMS = 30000;

interface AutoNowLike {
  autoNow?: boolean;
  autoNowAdd?: boolean;
  now?: () => unknown;
}

/**
 * Set auto_now/auto_now_add values and clean every loaded field (the value
 * is stored back in its canonical form), so a wrong type fails here.
 */
export function prepareForWrite(
  obj: ModelBase,
  meta: ModelMeta,
  adding: boolean,
  raw = false,
): void {
  const row = obj as unknown as Row;
  for (const f of meta.fields) {
    const t = f as unknown as AutoNowLike;
    if (raw) {
      if (Object.hasOwn(row, f.attname) && row[f.attname] !== undefined)
        row[f.attname] = f.clean(row[f.attname]);
      continue;
    }

    // Django's pre_save: auto_now on every save, auto_now_add when the row is created; both overwrite.
    if (t.now && (t.autoNow || (adding && t.autoNowAdd))) row[f.attname] = t.now();

    if (!Object.hasOwn(row, f.attname)) continue; // deferred
    const v = row[f.attname];
    if (v === undefined) continue;
    row[f.attname] = f.clean(v);
  }
}

function hasValue(obj: ModelBase, f: Field): boolean {
  const v = (obj as unknown as Row)[f.attname];
  return v !== undefined && v !== null;
}

/**
 * INSERT instances in batches. Rows whose primary key is set insert it; the
 * others let the database generate it and read it back (RETURNING, or the
 * insert id of a single-row insert).
 */
export async function insertRows(
  db: Database,
  meta: ModelMeta,
  objs: readonly ModelBase[],
  options: { batchSize?: number; ignoreConflicts?: boolean } = {},
): Promise<void> {
  const pk = meta.pk;
  const withPk = objs.filter((o) => hasValue(o, pk));
  const withoutPk = objs.filter((o) => !hasValue(o, pk));
  for (const [group, includePk] of [
    [withPk, true],
    [withoutPk, false],
  ] as const) {
    if (group.length === 0) continue;
    const fields = meta.fields.filter((f) => includePk || !(f.primaryKey && f.isAutoIncrement));
    const size = Math.max(
      1,
      Math.min(
        options.batchSize ?? group.length,
        Math.floor(MAX_PARAMS / Math.max(1, fields.length)),
      ),
    );
    for (let i = 0; i < group.length; i += size) {
      const batch = group.slice(i, i + size);
      await insertBatch(
        db,
        meta,
        fields,
        batch,
        !includePk && !options.ignoreConflicts,
        options.ignoreConflicts ?? false,
      );
    }
  }
}

async function insertBatch(
  db: Database,
  meta: ModelMeta,
  fields: readonly Field[],
  batch: readonly ModelBase[],
  readPk: boolean,
  ignoreConflicts: boolean,
): Promise<void> {
  await db.ready();
  const pk = meta.pk;
  const supportsReturning = db.dialect.features.supportsReturning;
  const returning = readPk && supportsReturning ? [pk] : [];
  const plan: InsertPlan = {
    meta,
    fields,
    rows: batch.map((o) => fields.map((f) => (o as unknown as Row)[f.attname] ?? null)),
    returning,
    ignoreConflicts,
  };
  const res = await runInsert(db, plan);
  if (!readPk) return;
  const read = db.dialect.reader({ field: pk, isColumn: true });
  if (returning.length) {
    if (res.rows.length !== batch.length)
      throw new ValidationError(`INSERT returned ${res.rows.length} keys for ${batch.length} rows`);
    batch.forEach((o, i) => {
      (o as unknown as Row)[pk.attname] = read(res.rows[i][0]);
    });
  } else if (batch.length === 1 && res.insertId !== undefined) {
    (batch[0] as unknown as Row)[pk.attname] = read(res.insertId);
  }
}

/**
 * Insert rows exactly as given, auto_now/auto_now_add not applied (Django's
 * raw save, used when loading fixtures), all or nothing.
 */
export async function loadRaw(
  meta: ModelMeta,
  objs: readonly ModelBase[],
  using = "default",
): Promise<void> {
  for (const o of objs) prepareForWrite(o, meta, true, true);
  await atomic(() => insertRows(getDatabase(using), meta, objs), { using, savepoint: false });
  for (const o of objs) o[STATE] = loadedState(using);
}
