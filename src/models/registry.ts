import { ImproperlyConfigured } from "../errors.js";
import { suggestionSuffix } from "../util/suggest.js";
import type { ModelRef } from "./fields/relation.js";
import type { ModelMeta } from "./meta.js";

/**
 * The model registry: the one piece of global mutable state besides the
 * connection config. Models register themselves in defineModel; relations
 * given by name resolve through it on first use.
 */
const metas = new Map<string, ModelMeta>();
let version = 0;

export function registerMeta(meta: ModelMeta): void {
  const existing = metas.get(meta.name);
  if (existing && existing !== meta) {
    throw new ImproperlyConfigured(
      `A model named '${meta.name}' is already defined; model names must be unique`,
    );
  }
  metas.set(meta.name, meta);
  version++;
}

/** Forget a model (tests and hot reload only). */
export function unregisterMeta(name: string): void {
  if (metas.delete(name)) version++;
}

export function registryVersion(): number {
  return version;
}

export function registeredMetas(): Iterable<ModelMeta> {
  return metas.values();
}

export function getMeta(name: string): ModelMeta {
  const meta = metas.get(name);
  if (!meta) {
    const known = [...metas.keys()].filter((n) => !metas.get(n)?.autoCreated);
    throw new ImproperlyConfigured(
      `No model named '${name}' is defined. Known models: ${known.sort().join(", ") || "(none)"}.` +
        suggestionSuffix(name, known),
    );
  }
  return meta;
}

/** Resolve a relation target given by name, "self" or thunk. */
export function resolveModelRef(ref: ModelRef, from: ModelMeta): ModelMeta {
  if (typeof ref === "function") return ref().meta;
  if (ref === "self") return from;
  return getMeta(ref);
}
