import { atomic } from "../db/transaction.js";
import { FieldError, type ObjectDoesNotExist, ValidationError } from "../errors.js";
import type { ForeignKey } from "../models/fields/relation.js";
import { ModelBase } from "../models/instance.js";
import type { ModelMeta } from "../models/meta.js";
import { STATE } from "../models/state.js";
import { newQuerySet, querySetClassOf } from "./custom.js";
import { type ManagerBase, managerClassOf } from "./manager.js";
import { forgetPrefetched, prefetchedRows } from "./prefetched-cache.js";
import type { QuerySet } from "./queryset.js";
import { dbForWrite } from "./routing.js";

type Row = Record<string, unknown>;
type ScopedQuerySet = ReturnType<ManagerBase["getQueryset"]>;

/** Options of a reverse foreign key manager's add/remove/clear/set. */
export interface BulkOptions {
  /**
   * true (default): one UPDATE for all rows, no signals. false: save() each
   * instance (signals sent), as Django's `bulk=False`.
   */
  bulk?: boolean;
}

export interface SetOptions extends BulkOptions {
  /** Clear everything first, then add (instead of removing only what is not in the new list). */
  clear?: boolean;
}

/**
 * Where a related manager points: the parent row and the key on the related
 * model. Its database comes from the routers, asked with the parent as
 * `hints.instance` (reads: dbForRead, writes: dbForWrite; without an answer
 * the parent's own database), as Django's related managers do.
 */
export interface ReverseFkScope {
  readonly instance: ModelBase;
  readonly fk: ForeignKey;
  /** The accessor's name on the parent (`orders`): where prefetchRelated() keeps its rows. */
  readonly accessor: string;
}

/** Django's repr of an instance in messages: `<Book: Book object (3)>`. */
export function describe(obj: unknown): string {
  if (obj instanceof ModelBase) {
    const meta = (obj.constructor as typeof ModelBase).meta;
    const pk = obj.pk === null || obj.pk === undefined ? "None" : String(obj.pk);
    return `<${meta.name}: ${meta.name} object (${pk})>`;
  }
  return typeof obj === "string" ? `'${obj}'` : String(obj);
}

/** Is `obj` an instance of the model? TypeError naming both otherwise (Django's message). */
export function checkInstanceOf(meta: ModelMeta, obj: unknown): asserts obj is ModelBase {
  if (!(obj instanceof ModelBase) || (obj.constructor as typeof ModelBase).meta !== meta) {
    throw new TypeError(`'${meta.name}' instance expected, got ${describe(obj)}`);
  }
}

/** Split `add(a, b)` and `add([a, b], { bulk: false })`. */
export function splitArgs<O extends object>(args: readonly unknown[]): [unknown[], O] {
  const last = args[args.length - 1];
  if (args.length === 2 && Array.isArray(args[0]) && isOptions(last)) {
    return [[...args[0]], last as O];
  }
  return [[...args], {} as O];
}

function isOptions(v: unknown): boolean {
  if (typeof v !== "object" || v === null || v instanceof ModelBase) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const reverseClasses = new WeakMap<typeof ManagerBase, typeof ManagerBase>();

/**
 * `customer.orders`: the orders of one customer, as a manager of Order's
 * own manager class (custom QuerySet methods included). create() sets the
 * key; add()/remove()/clear()/set() move rows to and from the parent
 * (remove/clear only for a nullable key, as in Django).
 */
export function reverseFkManager(scope: ReverseFkScope): unknown {
  const meta = scope.fk.model;
  const Base = managerClassOf(meta);
  let Cls = reverseClasses.get(Base);
  if (!Cls) {
    Cls = makeReverseFkClass(Base);
    reverseClasses.set(Base, Cls);
  }
  const Ctor = Cls as unknown as new (
    meta: ModelMeta,
    qs: unknown,
    scope: ReverseFkScope,
  ) => unknown;
  return new Ctor(meta, querySetClassOf(meta), scope);
}

function makeReverseFkClass(Base: typeof ManagerBase): typeof ManagerBase {
  class ReverseFkManager extends Base {
    readonly #scope: ReverseFkScope;

    constructor(meta: ModelMeta, querysetClass: typeof QuerySet, scope: ReverseFkScope) {
      super(meta, querysetClass);
      this.#scope = scope;
      const key = this.parentKey();
      if (key === null || key === undefined) {
        const parent = scope.fk.relatedMeta();
        throw new ValidationError(
          `"${describe(scope.instance)}" needs to have a value for field "${scope.fk.targetField().attname}" ` +
            `before this relationship can be used (save the ${parent.name} first).`,
        );
      }
    }

    private parentKey(): unknown {
      return (this.#scope.instance as unknown as Row)[this.#scope.fk.targetField().attname];
    }

    /** Where this manager writes: dbForWrite(related model, { instance: parent }) (Django). */
    private writeDb(): string {
      return dbForWrite(this.#scope.fk.model, { instance: this.#scope.instance });
    }

    override getQueryset(): ScopedQuerySet {
      const { fk, instance } = this.#scope;
      // From the related model's manager: its default filters apply here too (Django).
      // The parent is the routers' hint: reads go to dbForRead(model, { instance }).
      const base = super.getQueryset() as unknown as QuerySet;
      const qs = base
        .withState({ hints: { ...base.state.hints, instance } })
        .filter({ [fk.name]: this.parentKey() });
      // Rows read through `customer.orders` know their customer (no query for order.customer).
      // prefetchRelated() rows answer all()/count()/iteration; a new filter queries again.
      const prefilled = prefetchedRows(instance, this.#scope.accessor);
      return qs.withState({
        knownRelated: [{ field: fk.name, instance }],
        ...(prefilled ? { prefilled } : {}),
      }) as ScopedQuerySet;
    }

    /** Create a related row pointing at the parent. */
    create(values: Row = {}): Promise<unknown> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const { fk, instance } = this.#scope;
      return (newQuerySet(fk.model).using(this.writeDb()) as QuerySet).create({
        ...values,
        [fk.name]: instance,
      } as never);
    }

    getOrCreate(lookup: Row, options: { defaults?: Row } = {}): Promise<unknown> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const { fk, instance } = this.#scope;
      return this.getQueryset().getOrCreate(lookup, {
        defaults: { ...options.defaults, [fk.name]: instance },
      });
    }

    updateOrCreate(
      lookup: Row,
      options: { defaults?: Row; createDefaults?: Row } = {},
    ): Promise<unknown> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const { fk, instance } = this.#scope;
      const withParent = { [fk.name]: instance };
      return this.getQueryset().updateOrCreate(lookup, {
        defaults: { ...options.defaults, ...withParent },
        createDefaults: options.createDefaults && { ...options.createDefaults, ...withParent },
      });
    }

    /** Point the given saved instances at the parent: one UPDATE (or save() each with `bulk: false`). */
    async add(...args: unknown[]): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const [objs, options] = splitArgs<BulkOptions>(args);
      const { fk, instance } = this.#scope;
      const meta = fk.model;
      const db = this.writeDb();
      for (const obj of objs) {
        checkInstanceOf(meta, obj);
        if (options.bulk !== false && obj[STATE].adding) {
          throw new ValidationError(
            `${describe(obj)} instance isn't saved. Use bulk: false or save the object first.`,
          );
        }
      }
      const instances = objs as ModelBase[];
      for (const obj of instances) (obj as unknown as Row)[fk.name] = instance;
      if (options.bulk === false) {
        // Each instance is saved where the routers send it (Django's obj.save()).
        await atomic(
          async () => {
            for (const obj of instances) await obj.save();
          },
          { using: db, savepoint: false },
        );
        return;
      }
      if (instances.length === 0) return;
      // Django: the one UPDATE runs in the write database, so the rows must have been read from it.
      const elsewhere = instances.find((o) => o[STATE].db !== db);
      if (elsewhere) {
        throw new ValidationError(
          `${describe(elsewhere)} instance isn't saved in database '${db}' (it comes from ` +
            `'${elsewhere[STATE].db}'). Use bulk: false or save the object first.`,
        );
      }
      await newQuerySet(meta)
        .using(db)
        .filter({ pk__in: instances.map((o) => o.pk) })
        .update({ [fk.name]: this.parentKey() } as never);
    }

    /** Unlink the given instances (their key becomes null). Only for a nullable key. */
    async remove(...args: unknown[]): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      this.checkNullable("remove");
      const [objs, options] = splitArgs<BulkOptions>(args);
      const { fk } = this.#scope;
      const key = this.parentKey();
      const pks: unknown[] = [];
      for (const obj of objs) {
        checkInstanceOf(fk.model, obj);
        if ((obj as unknown as Row)[fk.attname] !== key) {
          const DoesNotExist = (
            fk.relatedMeta().modelClass as { DoesNotExist: typeof ObjectDoesNotExist }
          ).DoesNotExist;
          throw new DoesNotExist(
            `${describe(obj)} is not related to ${describe(this.#scope.instance)}.`,
          );
        }
        pks.push(obj.pk);
      }
      await this.unlink(pks, options, objs as ModelBase[]);
    }

    /** Unlink every related row (keys become null). Only for a nullable key. */
    async clear(options: BulkOptions = {}): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      this.checkNullable("clear");
      await this.unlink(null, options, []);
    }

    /**
     * Make the related rows exactly `objs`: remove the others and add the
     * new ones (or clear, then add, with `clear: true`). With a key that is
     * not nullable, only adds, as in Django.
     */
    async set(objs: readonly unknown[], options: SetOptions = {}): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const { fk } = this.#scope;
      const db = this.writeDb();
      const bulk = { bulk: options.bulk };
      await atomic(
        async () => {
          if (!fk.nullable) return this.add([...objs], bulk);
          if (options.clear) {
            await this.clear(bulk);
            return this.add([...objs], bulk);
          }
          const current = (await this.getQueryset().using(db)) as ModelBase[];
          const wanted = new Set(objs.map((o) => (o instanceof ModelBase ? o.pk : o)));
          const stale = current.filter((o) => !wanted.has(o.pk));
          const currentPks = new Set(current.map((o) => o.pk));
          const fresh = objs.filter((o) => !(o instanceof ModelBase && currentPks.has(o.pk)));
          if (stale.length) await this.remove(stale, bulk);
          if (fresh.length) await this.add([...fresh], bulk);
        },
        { using: db, savepoint: false },
      );
    }

    private checkNullable(method: string): void {
      const { fk } = this.#scope;
      if (!fk.nullable) {
        throw new FieldError(
          `${method}() needs ${fk.model.name}.${fk.name} to be nullable (null: true): its rows cannot be ` +
            `left without a ${fk.relatedMeta().name}; delete them, or add() them to another ${fk.relatedMeta().name}.`,
        );
      }
    }

    /** Set the key to null on the related rows (those of `pks` only, unless null), in the write database. */
    private async unlink(
      pks: readonly unknown[] | null,
      options: BulkOptions,
      given: ModelBase[],
    ): Promise<void> {
      const { fk } = this.#scope;
      const db = this.writeDb();
      const all = this.getQueryset().using(db) as unknown as QuerySet;
      const qs = pks ? all.filter({ pk__in: pks }) : all;
      for (const obj of given) (obj as unknown as Row)[fk.attname] = null;
      if (options.bulk !== false) {
        await qs.update({ [fk.name]: null } as never);
        return;
      }
      await atomic(
        async () => {
          for (const obj of (await qs) as ModelBase[]) {
            (obj as unknown as Row)[fk.attname] = null;
            await obj.save({ updateFields: [fk.name] });
          }
        },
        { using: db, savepoint: false },
      );
    }
  }
  return ReverseFkManager as unknown as typeof ManagerBase;
}
