import { getDatabase } from "../db/database.js";
import { FieldError, ValidationError } from "../errors.js";
import { ForeignKey, ManyToManyField } from "../models/fields/relation.js";
import type { ModelBase } from "../models/instance.js";
import type { ModelMeta } from "../models/meta.js";
import { installRuntime, type RefreshOptions, type SaveOptions } from "../models/runtime.js";
import { postSave, preSave } from "../models/signals.js";
import { loadedState, RELATED, STATE } from "../models/state.js";
import type { AnyModel } from "../models/types.js";
import { deleteQuerySet } from "./delete.js";
import { insertRows, prepareForWrite } from "./insert.js";
import { manyRelatedManager } from "./m2m-manager.js";
import { createManager, ManagerBase } from "./manager.js";
import { QuerySet } from "./queryset.js";
import { reverseFkManager } from "./related-managers.js";
import { bindRelation, dbForRead, dbForWrite } from "./routing.js";
import { updateRows } from "./writes.js";

type Row = Record<string, unknown>;

function metaOf(obj: object): ModelMeta {
  return (obj.constructor as unknown as { meta: ModelMeta }).meta;
}

function qsFor(meta: ModelMeta, alias: string): QuerySet {
  return new QuerySet(meta).using(alias);
}

/**
 * save(): INSERT a new instance; UPDATE a loaded one (all loaded fields, or
 * `updateFields`), falling back to INSERT when no row matched, as Django.
 */
async function save(obj: ModelBase, options: SaveOptions): Promise<void> {
  const meta = metaOf(obj);
  // Django's save(): the routers' dbForWrite, else the database the instance came from.
  const alias = options.using ?? dbForWrite(meta, { instance: obj });
  const row = obj as unknown as Row;
  if (options.forceInsert && (options.forceUpdate || options.updateFields)) {
    throw new ValidationError("Cannot force both insert and updating in model saving.");
  }
  let adding = obj[STATE].adding;
  const pkSet = row[meta.pk.attname] !== undefined && row[meta.pk.attname] !== null;
  if (options.updateFields) {
    if (options.updateFields.length === 0) return;
    const bad = options.updateFields.filter(
      (n) => !meta.concreteField(n) || meta.concreteField(n)!.primaryKey,
    );
    if (bad.length) {
      throw new FieldError(
        `The following fields do not exist in this model, are m2m fields, primary keys, or are non-concrete fields: ${bad.join(", ")}`,
      );
    }
  }
  const sender = meta.modelClass as AnyModel;
  const updateFields = options.updateFields ?? null;
  const signalArgs = { sender, instance: obj as never, raw: false, using: alias, updateFields };
  await preSave.send(signalArgs);
  prepareForWrite(obj, meta, adding && !options.forceUpdate);
  const db = getDatabase(alias);
  // Django's save_base: with the pk set, try an UPDATE first (a new instance too, unless its pk
  // comes from a default), and INSERT when no row matched.
  const tryUpdate =
    !options.forceInsert && pkSet && (!adding || options.forceUpdate || !meta.pk.hasDefault());
  if (tryUpdate) {
    const names = options.updateFields
      ? options.updateFields.map((n) => meta.concreteField(n)!)
      : meta.fields.filter((f) => !f.primaryKey && Object.hasOwn(row, f.attname));
    if (names.length === 0) {
      obj[STATE] = loadedState(alias);
      await postSave.send({ ...signalArgs, created: false });
      return;
    }
    const values: Row = {};
    for (const f of names) values[f.name] = row[f.attname] ?? null;
    const n = await updateRows(
      qsFor(meta, alias).filter({ pk: row[meta.pk.attname] }) as never,
      values,
    );
    if (n > 0) {
      obj[STATE] = loadedState(alias);
      await postSave.send({ ...signalArgs, created: false });
      return;
    }
    if (options.forceUpdate) throw new ValidationError("Forced update did not affect any rows.");
    if (options.updateFields)
      throw new ValidationError("Save with updateFields did not affect any rows.");
    adding = true;
  }
  await insertRows(db, meta, [obj]);
  obj[STATE] = loadedState(alias);
  await postSave.send({ ...signalArgs, created: true });
}

async function deleteInstance(obj: ModelBase): Promise<[number, Record<string, number>]> {
  const meta = metaOf(obj);
  const pk = (obj as unknown as Row)[meta.pk.attname];
  if (pk === null || pk === undefined) {
    throw new ValidationError(
      `${meta.name} object can't be deleted because its ${meta.pk.attname} attribute is set to null.`,
    );
  }
  const result = await deleteQuerySet(
    qsFor(meta, dbForWrite(meta, { instance: obj })).filter({ pk }) as never,
    obj,
  );
  (obj as unknown as Row)[meta.pk.attname] = null;
  return result;
}

async function refreshFromDb(obj: ModelBase, options: RefreshOptions): Promise<void> {
  const meta = metaOf(obj);
  const row = obj as unknown as Row;
  const alias = options.using ?? dbForRead(meta, { instance: obj });
  let qs = qsFor(meta, alias).filter({ pk: row[meta.pk.attname] });
  const names = options.fields
    ? options.fields.map((n) => {
        const f = meta.concreteField(n);
        if (!f) throw new FieldError(`refreshFromDb(): '${n}' is not a field of ${meta.name}`);
        return f;
      })
    : meta.fields.filter((f) => Object.hasOwn(row, f.attname));
  qs = qs.only(...names.map((f) => f.name));
  const fresh = (await qs.get()) as Row;
  const cache = obj[RELATED];
  for (const f of names) {
    if (cache && f instanceof ForeignKey && row[f.attname] !== fresh[f.attname])
      delete cache[f.name];
    row[f.attname] = fresh[f.attname];
  }
  obj[STATE] = loadedState(alias);
}

async function fetchRelated(obj: ModelBase, name: string): Promise<unknown> {
  const meta = metaOf(obj);
  const row = obj as unknown as Row;
  const field = meta.concreteField(name);
  if (field instanceof ForeignKey && field.name === name) {
    const id = row[field.attname];
    const target =
      id === null || id === undefined
        ? null
        : await qsFor(field.relatedMeta(), dbForRead(field.relatedMeta(), { instance: obj })).get({
            [field.targetField().name]: id,
          });
    row[name] = target;
    return target;
  }
  const rel = meta.reverseRelations().find((r) => r.accessorName === name);
  if (rel && rel.field instanceof ForeignKey && rel.field.isOneToOne) {
    const child = await qsFor(rel.model, dbForRead(rel.model, { instance: obj })).get({
      [rel.field.name]: row[rel.field.targetField().attname],
    });
    obj[RELATED] = { ...(obj[RELATED] ?? {}), [name]: child };
    return child;
  }
  const manager = relatedManager(obj, name);
  if (manager instanceof ManagerBase) return manager.getQueryset().fetch();

  throw new FieldError(
    `${meta.name} has no relation named '${name}'. Relations: ${meta.relationNames().join(", ")}`,
  );
}

/**
 * `customer.orders`, `book.authors`: a manager of the related rows, scoped
 * to this instance (see related-managers.ts and m2m-manager.ts). Its
 * database is the routers' answer with the instance as hint, else the
 * instance's own.
 */
function relatedManager(obj: ModelBase, accessor: string): unknown {
  const meta = metaOf(obj);
  const m2m = meta.manyToMany.find((f) => f.name === accessor);
  if (m2m) return manyRelatedManager({ instance: obj, field: m2m, reverse: false, accessor });
  const rel = meta.reverseRelations().find((r) => r.accessorName === accessor);
  if (!rel) return undefined;
  if (rel.field instanceof ManyToManyField) {
    return manyRelatedManager({ instance: obj, field: rel.field, reverse: true, accessor });
  }
  return reverseFkManager({ instance: obj, fk: rel.field, accessor });
}

installRuntime({
  createManager,
  save: (obj, o) => save(obj as ModelBase, o),
  deleteInstance: (obj) => deleteInstance(obj as ModelBase),
  refreshFromDb: (obj, o) => refreshFromDb(obj as ModelBase, o),
  fetchRelated: (obj, n) => fetchRelated(obj as ModelBase, n),
  relatedManager: (obj, a) => relatedManager(obj as ModelBase, a),
  bindRelation: (obj, value) => bindRelation(obj as ModelBase, value as ModelBase, metaOf),
});
