import { FieldNotLoaded, RelationNotLoaded, ValidationError } from "../errors.js";
import { lowerFirst } from "../util/names.js";
import { ForeignKey } from "./fields/relation.js";
import type { ModelMeta, ReverseRelation } from "./meta.js";
import { registryVersion } from "./registry.js";
import { getRuntime } from "./runtime.js";
import { RELATED } from "./state.js";

type Slots = Record<string | symbol, unknown> & { [RELATED]?: Record<string, unknown> };

function cacheOf(obj: Slots): Record<string, unknown> {
  let c = obj[RELATED];
  if (!c) {
    c = {};
    obj[RELATED] = c;
  }
  return c;
}

/** Install `order.customer` (read from the cache, never fetched silently) for a foreign key. */
export function installForwardAccessor(proto: object, fk: ForeignKey): void {
  const { name, attname } = fk;
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: false,
    get(this: Slots) {
      const cached = this[RELATED]?.[name];
      const id = this[attname];
      if (cached !== undefined) {
        if (
          cached === null
            ? id === null || id === undefined
            : (cached as Slots)[fk.targetField().attname] === id
        ) {
          return cached;
        }
      }
      if (id === null || id === undefined) return null;
      const model = fk.model.name;
      throw new RelationNotLoaded(
        `${model}.${name} is not loaded (${attname} = ${String(id)}). Load it with ` +
          `${model}.objects.selectRelated("${name}") or prefetchRelated("${name}"), ` +
          `or explicitly with await ${lowerFirst(model)}.fetchRelated("${name}").`,
      );
    },
    set(this: Slots, value: unknown) {
      if (value === null || value === undefined) {
        this[attname] = null;
        cacheOf(this)[name] = null;
        return;
      }
      const related = fk.relatedMeta();
      if (
        typeof value !== "object" ||
        (value.constructor as unknown as { meta?: ModelMeta }).meta !== related
      ) {
        throw new ValidationError(
          `${fk.model.name}.${name} must be a ${related.name} instance (set ${attname} to assign a raw id)`,
        );
      }
      getRuntime().bindRelation(this, value);
      this[attname] = (value as Slots)[fk.targetField().attname];
      cacheOf(this)[name] = value;
    },
  });
}

/** Install a manager-returning accessor (many-to-many, reverse foreign key). */
export function installManagerAccessor(proto: object, accessor: string): void {
  Object.defineProperty(proto, accessor, {
    configurable: true,
    enumerable: false,
    get(this: object) {
      return getRuntime().relatedManager(this, accessor);
    },
  });
}

/** Install `customer.profile` for the reverse side of a one-to-one. */
export function installReverseOneToOne(proto: object, rel: ReverseRelation): void {
  const name = rel.accessorName;
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: false,
    get(this: Slots) {
      const cached = this[RELATED]?.[name];
      if (cached === null) {
        // Loaded, and there is no row (Django's RelatedObjectDoesNotExist).
        const child = rel.model.modelClass as { DoesNotExist: new (m: string) => Error };
        throw new child.DoesNotExist(`${rel.field.relatedMeta().name} has no ${name}.`);
      }
      if (cached !== undefined) return cached;
      const owner = rel.field.relatedMeta().name;
      throw new RelationNotLoaded(
        `${owner}.${name} is not loaded. Load it with ${owner}.objects.selectRelated("${rel.queryName}"), ` +
          `or explicitly with await ${lowerFirst(owner)}.fetchRelated("${name}").`,
      );
    },
    set(this: Slots, value: unknown) {
      cacheOf(this)[name] = value;
    },
  });
}

const installedVersion = new WeakMap<ModelMeta, number>();

/** Make sure reverse-relation accessors exist on the model's prototype (models defined later add some). */
export function ensureReverseAccessors(meta: ModelMeta): void {
  const v = registryVersion();
  if (installedVersion.get(meta) === v) return;
  const proto = (meta.modelClass as unknown as { prototype: object }).prototype;
  for (const rel of meta.reverseRelations()) {
    if (rel.accessorName.endsWith("+") || Object.hasOwn(proto, rel.accessorName)) continue;
    if (rel.field instanceof ForeignKey && rel.field.isOneToOne) installReverseOneToOne(proto, rel);
    else installManagerAccessor(proto, rel.accessorName);
  }
  installedVersion.set(meta, v);
}

const deferredProtos = new WeakMap<ModelMeta, Map<string, object>>();

/**
 * Return a prototype whose deferred fields throw FieldNotLoaded when read
 * before being loaded (Tango never runs a query behind a property read).
 * Assigning the field defines it on the instance.
 */
export function deferredPrototype(meta: ModelMeta, deferred: readonly string[]): object {
  const base = (meta.modelClass as unknown as { prototype: object }).prototype;
  if (deferred.length === 0) return base;
  const key = [...deferred].sort().join(",");
  let byKey = deferredProtos.get(meta);
  if (!byKey) {
    byKey = new Map();
    deferredProtos.set(meta, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const proto = Object.create(base) as object;
  for (const attname of deferred) {
    Object.defineProperty(proto, attname, {
      configurable: true,
      enumerable: false,
      get() {
        throw new FieldNotLoaded(
          `${meta.name}.${attname} was deferred (only()/defer()) and is not loaded. ` +
            `Load it with await instance.refreshFromDb({ fields: ["${attname}"] }), or stop deferring it.`,
        );
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, attname, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      },
    });
  }
  byKey.set(key, proto);
  return proto;
}

/** Return the attnames an instance has not loaded (deferred and still unset). */
export function deferredFieldsOf(instance: object): string[] {
  const meta = (instance.constructor as unknown as { meta: ModelMeta }).meta;
  return meta.fields.filter((f) => !Object.hasOwn(instance, f.attname)).map((f) => f.attname);
}
