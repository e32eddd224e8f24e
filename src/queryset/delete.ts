import { getDatabase } from "../db/database.js";
import { atomic } from "../db/transaction.js";
import { ProtectedError, RestrictedError } from "../errors.js";
import { ForeignKey } from "../models/fields/relation.js";
import type { ModelBase } from "../models/instance.js";
import type { ModelMeta, ReverseRelation } from "../models/meta.js";
import { postDelete, preDelete } from "../models/signals.js";
import type { AnyModel } from "../models/types.js";
import { planDelete } from "../query/write.js";
import { type AnyQuerySet, QuerySet } from "./queryset.js";
import { runDelete } from "./run.js";

type Keys = unknown[];

/**
 * Keys per statement (Django's GET_ITERATOR_CHUNK_SIZE is 100; bound
 * parameters run out at 32,766 on SQLite and 65,535 on PostgreSQL/MySQL).
 */
const BATCH_SIZE = 1000;

/** Run `fn` over `keys` a batch at a time and concatenate what it returns. */
async function inBatches<T>(keys: Keys, fn: (batch: Keys) => Promise<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    out.push(...(await fn(keys.slice(i, i + BATCH_SIZE))));
  }
  return out;
}

/** Return the rows of `meta` whose `lookup` is one of a batch of keys. */
function rowsWhere(meta: ModelMeta, alias: string, lookup: string) {
  return (batch: Keys) =>
    qsOf(meta, alias)
      .withConditions([{ [lookup]: batch }], false)
      .orderBy();
}

function hasDeleteListeners(meta: ModelMeta): boolean {
  const sender = meta.modelClass;
  return preDelete.hasListeners(sender) || postDelete.hasListeners(sender);
}

function selfReferencing(meta: ModelMeta): boolean {
  return incoming(meta).some((r) => r.model === meta);
}

function senderOf(instance: object): AnyModel {
  return instance.constructor as unknown as AnyModel;
}

/**
 * Return the instances preDelete/postDelete receivers get: Django fetches the rows
 * of every model a deletion reaches when a receiver listens to that model
 * (one SELECT per model); the instance whose delete() started it is passed
 * itself. Models nobody listens to are not fetched.
 */
async function instancesToNotify(
  deletions: Map<ModelMeta, Set<unknown>>,
  alias: string,
  origin: unknown,
): Promise<never[]> {
  const out: never[] = [];
  // Django sends them dependents first (the order it deletes in), and never for auto-created join rows.
  for (const [m, keys] of [...deletions].reverse()) {
    if (keys.size === 0 || m.autoCreated || !hasDeleteListeners(m)) continue;
    const isOrigin = (o: unknown): o is ModelBase =>
      o instanceof Object && (o.constructor as { meta?: unknown }).meta === m;
    const own = isOrigin(origin) && keys.has(origin.pk) ? origin : undefined;
    const rest = [...keys].filter((k) => k !== own?.pk);
    const fetched = await inBatches(rest, (batch) =>
      qsOf(m, alias)
        .withConditions([{ pk__in: batch }], false)
        .orderBy("pk")
        .fetch(),
    );
    out.push(...(own ? [own as never] : []), ...(fetched as never[]));
  }
  return out;
}

interface Collected {
  /** Primary keys to delete, per model (insertion order: parents before children). */
  readonly deletions: Map<ModelMeta, Set<unknown>>;
  /** Rows that RESTRICT points at, checked once everything cascading is known. */
  readonly restricted: Array<{ rel: ReverseRelation; keys: Keys }>;
}

function qsOf(meta: ModelMeta, alias: string): AnyQuerySet {
  return new QuerySet(meta).using(alias) as unknown as AnyQuerySet;
}

/** Relations that point at `meta` through a real foreign key (many-to-many join rows included). */
function incoming(meta: ModelMeta): ReverseRelation[] {
  return meta.reverseRelations().filter((r) => r.field instanceof ForeignKey);
}

async function pksWhere(meta: ModelMeta, alias: string, field: string, keys: Keys): Promise<Keys> {
  const rows = rowsWhere(meta, alias, `${field}__in`);
  return inBatches(keys, (batch) =>
    rows(batch)
      .valuesList("pk", { flat: true } as never)
      .fetch(),
  ) as Promise<Keys>;
}

async function valuesOf(meta: ModelMeta, alias: string, pks: Keys, field: string): Promise<Keys> {
  const rows = rowsWhere(meta, alias, "pk__in");
  return inBatches(pks, (batch) =>
    rows(batch)
      .valuesList(field, { flat: true } as never)
      .fetch(),
  ) as Promise<Keys>;
}

/**
 * Django's deletion Collector: find what the delete reaches through reverse
 * foreign keys — PROTECT refuses (ProtectedError, nothing deleted), CASCADE
 * follows, RESTRICT refuses unless the row is deleted anyway, SET_NULL and
 * SET_DEFAULT update the referencing rows — so the result can report
 * Django's per-model counts and delete each model's rows itself.
 */
async function collect(meta: ModelMeta, keys: Keys, alias: string, into: Collected): Promise<void> {
  if (keys.length === 0) return;
  let known = into.deletions.get(meta);
  if (!known) {
    known = new Set();
    into.deletions.set(meta, known);
  }
  const fresh = keys.filter((k) => !known.has(k));
  if (fresh.length === 0) return;
  for (const k of fresh) known.add(k);
  const protectedBy: Array<{ rel: ReverseRelation; objects: unknown[] }> = [];
  for (const rel of incoming(meta)) {
    const fk = rel.field as ForeignKey;
    // The key column holds the target field's values: the pk, unless toField says otherwise.
    const target = fk.targetField();
    const targetKeys = target.primaryKey ? fresh : await valuesOf(meta, alias, fresh, target.name);
    switch (fk.onDelete) {
      case "PROTECT": {
        // Django reads the protecting rows whole: they are the error's protectedObjects.
        const rows = rowsWhere(rel.model, alias, `${fk.name}__in`);
        const hits = await inBatches(targetKeys, (batch) => rows(batch).fetch());
        if (hits.length) protectedBy.push({ rel, objects: hits });
        break;
      }
      case "RESTRICT":
        into.restricted.push({ rel, keys: await pksWhere(rel.model, alias, fk.name, targetKeys) });
        break;
      case "CASCADE":
        await collect(
          rel.model,
          await pksWhere(rel.model, alias, fk.name, targetKeys),
          alias,
          into,
        );
        break;
      case "SET_DEFAULT":
      case "SET_NULL": {
        const value = fk.onDelete === "SET_NULL" ? null : fk.getDefault();
        const rows = rowsWhere(rel.model, alias, `${fk.name}__in`);
        await inBatches(targetKeys, async (batch) => {
          await rows(batch).update({ [fk.name]: value ?? null } as never);
          return [];
        });
        break;
      }
      default:
        break; // DO_NOTHING
    }
  }
  if (protectedBy.length) {
    const names = protectedBy.map(({ rel }) => `'${rel.model.name}.${rel.field.name}'`).join(", ");
    throw new ProtectedError(
      `Cannot delete some instances of model '${meta.name}' because they are referenced through protected foreign keys: ${names}.`,
      protectedBy.flatMap((p) => p.objects),
    );
  }
}

/**
 * QuerySet.delete(): one DELETE when nothing references the model and no
 * preDelete/postDelete receiver listens; else collect (see above), send
 * preDelete per instance, delete dependents first, send postDelete, all in
 * one transaction. Returns Django's `[total, { Model: count }]`.
 */
export async function deleteQuerySet(
  qs: AnyQuerySet,
  origin: unknown = qs,
): Promise<[number, Record<string, number>]> {
  const meta = qs.state.meta;
  const alias = qs.db;
  const db = getDatabase(alias);
  // Checked first on every path (a sliced, distinct or combined queryset cannot be deleted).
  const plan = planDelete(qs.state.query);
  if (incoming(meta).length === 0 && !hasDeleteListeners(meta)) {
    const n = await runDelete(db, plan, qs.state.params);
    return [n, n ? { [meta.name]: n } : {}];
  }
  return atomic(
    async () => {
      const keys = (await qs
        .orderBy()
        .valuesList("pk", { flat: true } as never)) as unknown as Keys;
      const found: Collected = { deletions: new Map(), restricted: [] };
      await collect(meta, keys, alias, found);
      for (const { rel, keys: restrictedKeys } of found.restricted) {
        const deleted = found.deletions.get(rel.model);
        const blocking = restrictedKeys.filter((k) => !deleted?.has(k));
        if (blocking.length) {
          const rows = rowsWhere(rel.model, alias, "pk__in");
          throw new RestrictedError(
            `Cannot delete some instances of model '${meta.name}' because they are referenced through restricted foreign keys: '${rel.model.name}.${rel.field.name}'.`,
            await inBatches(blocking, (batch) => rows(batch).fetch()),
          );
        }
      }
      const counts: Record<string, number> = {};
      let total = 0;
      const notified: never[] = await instancesToNotify(found.deletions, alias, origin);
      for (const instance of notified) {
        await preDelete.send({ sender: senderOf(instance), instance, using: alias, origin });
      }
      // Dependents first, one DELETE per model (Django's order): the database's own cascades
      // would otherwise depend on the engine's order (InnoDB checks a RESTRICT/NO ACTION key
      // of a row its cascade has not removed yet). The counts are the rows collected: a
      // self-referencing model's rows go in one DELETE, and the database's cascade removes some
      // of them without counting them in the statement's row count.
      for (const [m, set] of [...found.deletions].reverse()) {
        const ks = [...set];
        if (ks.length === 0) continue;
        let n = 0;
        await inBatches(ks, async (batch) => {
          const target = qsOf(m, alias).withConditions([{ pk__in: batch }], false).state;
          n += await runDelete(db, planDelete(target.query), target.params);
          return [];
        });
        // Rows another connection removed meanwhile are not counted (origin model only: exact there).
        const removed = m === meta && n < ks.length && !selfReferencing(m) ? n : ks.length;
        if (removed === 0) continue;
        counts[m.name] = removed;
        total += removed;
      }
      for (const instance of notified) {
        await postDelete.send({ sender: senderOf(instance), instance, using: alias, origin });
      }
      // As Django, the deleted instances lose their primary key once the receivers have run.
      for (const instance of notified) (instance as ModelBase).pk = null;
      return [total, counts] as [number, Record<string, number>];
    },
    { using: alias },
  );
}
