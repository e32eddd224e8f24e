import type { ModelMeta } from "../models/meta.js";
import type { AnyModel, NameOf, TangoManagers } from "../models/types.js";
import { type QuerySetOf, querySetClassOf } from "./custom.js";
import { QuerySet } from "./queryset.js";

/** QuerySet members a manager does not forward (evaluation happens on querysets, as in Django). */
const NOT_FORWARDED = new Set([
  "constructor",
  "then",
  "fetch",
  "withState",
  "withQuery",
  "state",
  "query",
  "model",
  "db",
  "ordered",
]);

/**
 * `Model.objects`: the entry point for queries. Every QuerySet method is
 * available on it and starts from `getQueryset()`; a manager is not itself
 * awaitable (use `.all()`), as in Django.
 */
export class ManagerBase<M extends AnyModel = AnyModel> {
  constructor(
    readonly meta: ModelMeta,
    readonly querysetClass: typeof QuerySet = QuerySet,
  ) {}

  get model(): M {
    return this.meta.modelClass as M;
  }

  /** The QuerySet every manager method starts from (override to add default filters). */
  getQueryset(): QuerySetOf<M> {
    const Ctor = this.querysetClass as unknown as new (meta: ModelMeta) => unknown;
    return new Ctor(this.meta) as never;
  }
}

/** Forward every public QuerySet method of `cls` to getQueryset(). */
export function forwardQuerySetMethods(target: object, cls: typeof QuerySet): void {
  for (
    let proto = cls.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    forwardNames(target, proto, Object.getOwnPropertyNames(proto));
  }
}

/** Define on `target` a forwarder to getQueryset() for each method `names` of `proto`. */
function forwardNames(target: object, proto: object, names: readonly string[]): void {
  for (const name of names) {
    if (NOT_FORWARDED.has(name) || name.startsWith("_") || Object.hasOwn(target, name)) continue;
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.value !== "function") continue;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value(this: ManagerBase, ...args: unknown[]) {
        const qs = this.getQueryset() as unknown as Record<string, (...a: unknown[]) => unknown>;
        return qs[name](...args);
      },
    });
  }
}

forwardQuerySetMethods(ManagerBase.prototype, QuerySet);

type Forwarded<QS> = Omit<
  QS,
  "then" | "fetch" | "withState" | "withConditions" | "state" | "query" | "db" | "ordered" | "model"
>;

/**
 * The type of `Model.objects` (and of related managers): QuerySet methods,
 * the model's own ones included, and the methods of its registered manager
 * class (TangoManagers).
 */
export type Manager<M extends AnyModel> = [RegisteredManager<M>] extends [never]
  ? ManagerBase<M> & Forwarded<QuerySetOf<M>>
  : CustomManager<M, RegisteredManager<M>>;

/** The manager class registered for model M in TangoManagers (never without one). */
type RegisteredManager<M> =
  NameOf<M> extends keyof TangoManagers ? TangoManagers[NameOf<M>] : never;

/**
 * A registered manager class X of model M: its own methods, then the
 * QuerySet methods it does not define, typed from what its getQueryset()
 * returns (so default annotations are seen), as at run time.
 */
type CustomManager<M extends AnyModel, X> = Omit<ManagerBase<M>, "getQueryset"> & {
  getQueryset(): StartOf<M, X>;
} & Omit<Forwarded<StartOf<M, X>>, keyof X> &
  Omit<X, keyof ManagerBase>;

/**
 * What X's getQueryset() returns when it is a QuerySet of M; QuerySetOf<M>
 * otherwise (a class written against ManagerBase<AnyModel>).
 */
type StartOf<M extends AnyModel, X> = X extends { getQueryset(): infer Q }
  ? Q extends { readonly model: M }
    ? Q
    : QuerySetOf<M>
  : QuerySetOf<M>;

const managerClasses = new WeakMap<typeof QuerySet, typeof ManagerBase>();

/**
 * Return the manager class for a QuerySet class: ManagerBase, or (Django's
 * `Manager.from_queryset`) a subclass that forwards the custom QuerySet's
 * own methods too.
 */
export function managerClassFor(querysetClass: typeof QuerySet): typeof ManagerBase {
  if (querysetClass === QuerySet) return ManagerBase;
  const hit = managerClasses.get(querysetClass);
  if (hit) return hit;
  const name = `${querysetClass.name}Manager`;
  const cls = { [name]: class extends ManagerBase {} }[name] as typeof ManagerBase;
  forwardQuerySetMethods(cls.prototype, querysetClass);
  managerClasses.set(querysetClass, cls);
  return cls;
}

const modelManagerClasses = new WeakMap<ModelMeta, typeof ManagerBase>();

/**
 * Return the class of a model's manager (related managers extend it too, so
 * its getQueryset() filters apply to `state.cities`, as in Django): the
 * `manager` option's subclass of ManagerBase, with the model's QuerySet
 * methods forwarded unless the manager defines them; else the class built
 * from the model's QuerySet class.
 */
export function managerClassOf(meta: ModelMeta): typeof ManagerBase {
  const hit = modelManagerClasses.get(meta);
  if (hit) return hit;
  const querysetClass = querySetClassOf(meta) as unknown as typeof QuerySet;
  let cls = managerClassFor(querysetClass);
  const thunk = meta.options.manager;
  if (thunk !== undefined) {
    const given = typeof thunk === "function" ? (thunk as () => unknown)() : thunk;
    if (typeof given !== "function" || !(given.prototype instanceof ManagerBase)) {
      throw new TypeError(
        `${meta.name}: the manager option must be a thunk returning a subclass of ManagerBase ` +
          `(manager: () => ${meta.name}Manager), got ${typeof given === "function" ? `class ${given.name}` : String(given)}`,
      );
    }
    const User = given as typeof ManagerBase;
    const name = User.name || `${meta.name}Manager`;
    cls = { [name]: class extends User {} }[name] as typeof ManagerBase;
    for (
      let proto = querysetClass.prototype;
      proto && proto !== QuerySet.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      const own = Object.getOwnPropertyNames(proto).filter((n) => !(n in User.prototype));
      forwardNames(cls.prototype, proto, own);
    }
  }
  modelManagerClasses.set(meta, cls);
  return cls;
}

export function createManager(meta: ModelMeta): Manager<AnyModel> {
  const Ctor = managerClassOf(meta);
  return new Ctor(meta, querySetClassOf(meta) as unknown as typeof QuerySet) as never;
}
