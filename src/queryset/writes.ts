import { getDatabase } from "../db/database.js";
import { atomic } from "../db/transaction.js";
import { FieldError, IntegrityError, ObjectDoesNotExist, ValidationError } from "../errors.js";
import { Case, When } from "../expressions/case.js";
import { ValueNode } from "../expressions/combinable.js";
import type { Field } from "../models/fields/field.js";
import type { ModelBase } from "../models/instance.js";
import type { ModelMeta } from "../models/meta.js";
import { loadedState, STATE } from "../models/state.js";
import { ParamBag } from "../query/params.js";
import { planUpdate, updatableField } from "../query/write.js";
import { deleteQuerySet } from "./delete.js";
import { insertRows, prepareForWrite } from "./insert.js";
import type { AnyQuerySet } from "./queryset.js";
import { runUpdate } from "./run.js";

type Row = Record<string, unknown>;

function modelClassOf(meta: ModelMeta): new (v?: Row) => ModelBase {
  return meta.modelClass as new (
    v?: Row,
  ) => ModelBase;
}

export async function create(qs: AnyQuerySet, values: Row): Promise<ModelBase> {
  const Model = modelClassOf(qs.state.meta);
  const obj = new Model(values);
  await obj.save({ forceInsert: true, using: qs.db });
  return obj;
}

/** Keyword lookups without `__` become field values of a created row (Django's get_or_create). */
function creationParams(lookup: Row, defaults: Row): Row {
  const params: Row = {};
  for (const [k, v] of Object.entries(lookup)) if (!k.includes("__")) params[k] = v;
  for (const [k, v] of Object.entries(defaults))
    params[k] = typeof v === "function" ? (v as () => unknown)() : v;
  return params;
}

export async function getOrCreate(
  qs: AnyQuerySet,
  lookup: Row,
  defaults: Row,
): Promise<[ModelBase, boolean]> {
  try {
    return [(await qs.get(lookup)) as ModelBase, false];
  } catch (e) {
    if (!(e instanceof ObjectDoesNotExist)) throw e;
  }
  const params = creationParams(lookup, defaults);
  try {
    return [await atomic(() => create(qs, params), { using: qs.db }), true];
  } catch (e) {
    // Another connection created it meanwhile: return that row.
    if (!(e instanceof IntegrityError)) throw e;
    try {
      return [(await qs.get(lookup)) as ModelBase, false];
    } catch (again) {
      if (again instanceof ObjectDoesNotExist) throw e;
      throw again;
    }
  }
}

export async function updateOrCreate(
  qs: AnyQuerySet,
  lookup: Row,
  defaults: Row,
  createDefaults: Row | undefined,
): Promise<[ModelBase, boolean]> {
  return atomic(
    async () => {
      const locking = getDatabase(qs.db).dialect.features.supportsSelectForUpdate
        ? qs.selectForUpdate()
        : qs;
      let obj: ModelBase;
      try {
        obj = (await locking.get(lookup)) as ModelBase;
      } catch (e) {
        if (!(e instanceof ObjectDoesNotExist)) throw e;
        return getOrCreate(qs, lookup, createDefaults ?? defaults);
      }
      const meta = qs.state.meta;
      const names: string[] = [];
      for (const [k, v] of Object.entries(defaults)) {
        (obj as unknown as Row)[k] = typeof v === "function" ? (v as () => unknown)() : v;
        names.push(meta.concreteField(k)?.name ?? k);
      }
      // Django: auto_now fields are written too when update_fields is used.
      for (const f of meta.fields)
        if ((f as { autoNow?: boolean }).autoNow && !names.includes(f.name)) names.push(f.name);
      await obj.save({ using: qs.db, updateFields: names.length ? names : undefined });
      return [obj, false] as [ModelBase, boolean];
    },
    { using: qs.db },
  );
}

export async function bulkCreate(
  qs: AnyQuerySet,
  objs: ModelBase[],
  options: { batchSize?: number; ignoreConflicts?: boolean },
): Promise<ModelBase[]> {
  if (options.batchSize !== undefined && options.batchSize <= 0)
    throw new ValidationError("Batch size must be a positive integer.");
  if (objs.length === 0) return objs;
  const meta = qs.state.meta;
  for (const o of objs) {
    if (!(o instanceof (meta.modelClass as typeof ModelBase))) {
      throw new ValidationError(
        `bulkCreate() on ${meta.name} got a ${(o as object)?.constructor?.name ?? typeof o}`,
      );
    }
    prepareForWrite(o, meta, true);
  }
  await atomic(() => insertRows(getDatabase(qs.db), meta, objs, options), {
    using: qs.db,
    savepoint: false,
  });
  for (const o of objs) o[STATE] = loadedState(qs.db);
  return objs;
}

export async function bulkUpdate(
  qs: AnyQuerySet,
  objs: ModelBase[],
  fieldNames: readonly string[],
  options: { batchSize?: number },
): Promise<number> {
  if (options.batchSize !== undefined && options.batchSize <= 0)
    throw new ValidationError("Batch size must be a positive integer.");
  if (fieldNames.length === 0)
    throw new ValidationError("Field names must be given to bulkUpdate().");
  const meta = qs.state.meta;
  if (objs.some((o) => o.pk === null || o.pk === undefined)) {
    throw new ValidationError("All bulkUpdate() objects must have a primary key set.");
  }
  const fields: Field[] = fieldNames.map((n) => updatableField(meta, n));
  if (fields.some((f) => f.primaryKey))
    throw new ValidationError("bulkUpdate() cannot be used with primary key fields.");
  if (objs.length === 0) return 0;
  const maxParams = 30000;
  const perObj = fields.length * 2 + 1;
  const size = Math.max(
    1,
    Math.min(options.batchSize ?? objs.length, Math.floor(maxParams / perObj)),
  );
  return atomic(
    async () => {
      let updated = 0;
      for (let i = 0; i < objs.length; i += size) {
        const batch = objs.slice(i, i + size);
        const values: Row = {};
        for (const f of fields) {
          const whens = batch.map((o) => When({ pk: o.pk }, caseValue(o, f)));
          values[f.name] = Case(...whens, { outputField: f });
        }
        const pks = batch.map((o) => o.pk);
        updated += await updateRows(qs.orderBy().withConditions([{ pk__in: pks }], false), values);
      }
      return updated;
    },
    { using: qs.db, savepoint: false },
  );
}

function caseValue(o: ModelBase, f: Field): ValueNode {
  const v = f.clean((o as unknown as Row)[f.attname]);
  return new ValueNode(v === undefined ? null : v, { outputField: f });
}

export async function update(qs: AnyQuerySet, values: Row): Promise<number> {
  return updateRows(qs, values);
}

/** One UPDATE of the rows a QuerySet matches (values bound after the filter's own). */
export async function updateRows(qs: AnyQuerySet, values: Row): Promise<number> {
  const bag = new ParamBag(qs.state.params);
  const plan = planUpdate(qs.state.query, values, bag);
  return runUpdate(getDatabase(qs.db), plan, bag.values);
}

export async function deleteRows(qs: AnyQuerySet): Promise<[number, Record<string, number>]> {
  if (qs.state.shape.kind !== "model")
    throw new FieldError("Cannot call delete() after .values() or .valuesList()");
  return deleteQuerySet(qs);
}
