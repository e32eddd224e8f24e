import { type RoutedModel, type RouterHints, routers } from "../db/config.js";
import { RouterError } from "../errors.js";
import type { ModelMeta } from "../models/meta.js";
import { STATE } from "../models/state.js";

export type { RouterHints };

/** The database an instance came from (or was bound to), if any. */
function instanceDb(obj: object | undefined): string | undefined {
  return (obj as { [STATE]?: { db?: string } } | undefined)?.[STATE]?.db;
}

function route(action: "dbForRead" | "dbForWrite", meta: ModelMeta, hints: RouterHints): string {
  const model = meta.modelClass as unknown as RoutedModel;
  for (const router of routers()) {
    const method = router[action];
    if (!method) continue;
    const chosen = method.call(router, model, hints);
    // Django: the first truthy answer wins.
    if (chosen) return chosen;
  }
  return instanceDb(hints.instance) ?? "default";
}

/** The database to read `meta`'s rows from (Django's router.db_for_read). */
export function dbForRead(meta: ModelMeta, hints: RouterHints = {}): string {
  return route("dbForRead", meta, hints);
}

/** The database to write `meta`'s rows to (Django's router.db_for_write). */
export function dbForWrite(meta: ModelMeta, hints: RouterHints = {}): string {
  return route("dbForWrite", meta, hints);
}

/** May obj1 and obj2 be related? The first router's answer, else: both from the same database. */
export function allowRelation(obj1: object, obj2: object, hints: RouterHints = {}): boolean {
  for (const router of routers()) {
    const method = router.allowRelation;
    if (!method) continue;
    const allow = method.call(router, obj1, obj2, hints);
    if (allow !== undefined && allow !== null) return allow;
  }
  return instanceDb(obj1) === instanceDb(obj2);
}

/**
 * Assigning `value` to a foreign key of `instance` (Django's
 * ForwardManyToOneDescriptor.__set__): an object not yet bound to a
 * database is bound to where the other would be written, then the routers
 * must allow the relation.
 */
export function bindRelation(
  instance: { [STATE]: { adding: boolean; db: string | undefined } },
  value: { [STATE]: { adding: boolean; db: string | undefined } },
  metaOf: (obj: object) => ModelMeta,
): void {
  if (instance[STATE].db === undefined) {
    const db = dbForWrite(metaOf(instance), { instance: value });
    instance[STATE] = Object.freeze({ adding: instance[STATE].adding, db });
  }
  if (value[STATE].db === undefined) {
    const db = dbForWrite(metaOf(value), { instance });
    value[STATE] = Object.freeze({ adding: value[STATE].adding, db });
  }
  if (!allowRelation(value, instance)) {
    throw new RouterError(
      `Cannot assign ${describe(value, metaOf(value))} to ${metaOf(instance).name} from database '${instance[STATE].db}': ` +
        `it comes from database '${value[STATE].db}' and the database routers prevent this relation (allowRelation).`,
    );
  }
}

function describe(obj: object, meta: ModelMeta): string {
  const pk = (obj as Record<string, unknown>)[meta.pk.attname];
  return `${meta.name} (pk ${String(pk)})`;
}
