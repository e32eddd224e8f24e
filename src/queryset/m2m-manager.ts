import { getDatabase } from "../db/database.js";
import { atomic } from "../db/transaction.js";
import { RouterError, ValidationError } from "../errors.js";
import { Q } from "../expressions/q.js";
import type { ForeignKey, ManyToManyField } from "../models/fields/relation.js";
import { ModelBase } from "../models/instance.js";
import type { ModelMeta } from "../models/meta.js";
import { type M2MAction, m2mChanged } from "../models/signals.js";
import { STATE } from "../models/state.js";
import { throughLinks } from "../models/through.js";
import type { AnyModel } from "../models/types.js";
import { newQuerySet, querySetClassOf } from "./custom.js";
import { deleteQuerySet } from "./delete.js";
import { insertRows, prepareForWrite } from "./insert.js";
import { type ManagerBase, managerClassOf } from "./manager.js";
import { forgetPrefetched, prefetchedRows } from "./prefetched-cache.js";
import type { AnyQuerySet, QuerySet } from "./queryset.js";
import { checkInstanceOf, describe, splitArgs } from "./related-managers.js";
import { allowRelation, dbForWrite } from "./routing.js";

type Row = Record<string, unknown>;
type ScopedQuerySet = ReturnType<ManagerBase["getQueryset"]>;

/** Options of a many-to-many manager's add/create/set. */
export interface ThroughOptions {
  /** Values of the through model's own fields for the rows created (Django's `through_defaults`). */
  throughDefaults?: Row;
}

export interface M2MSetOptions extends ThroughOptions {
  /** Clear everything first, then add (instead of removing only what is not in the new list). */
  clear?: boolean;
}

/**
 * Where a many-to-many manager points. Its database comes from the routers,
 * asked with the instance as `hints.instance`, as in Django: reads
 * dbForRead(related model), join-row writes dbForWrite(through model),
 * create()/getOrCreate() dbForWrite(the instance's model); without an
 * answer, the instance's own database.
 */
export interface M2MScope {
  readonly instance: ModelBase;
  readonly field: ManyToManyField;
  /** Seen from the related model (`author.bookSet`) rather than the declaring one (`book.authors`). */
  readonly reverse: boolean;
  /** The accessor's name on the instance (`authors`): where prefetchRelated() keeps its rows. */
  readonly accessor: string;
}

interface Sides {
  readonly through: ModelMeta;
  /** The through key pointing at the instance's model. */
  readonly from: ForeignKey;
  /** The through key pointing at the related rows' model. */
  readonly to: ForeignKey;
}

function sidesOf(scope: M2MScope): Sides {
  const links = throughLinks(scope.field);
  return scope.reverse
    ? { through: links.through, from: links.target, to: links.source }
    : { through: links.through, from: links.source, to: links.target };
}

const classes = new WeakMap<typeof ManagerBase, typeof ManagerBase>();

/**
 * `book.authors` / `author.bookSet`: the related rows of one instance, as a
 * manager of the related model's own manager class, with add, remove,
 * clear, set and create that write the join (through) rows as Django does.
 */
export function manyRelatedManager(scope: M2MScope): unknown {
  const related = sidesOf(scope).to.relatedMeta();
  const Base = managerClassOf(related);
  let Cls = classes.get(Base);
  if (!Cls) {
    Cls = makeManyRelatedClass(Base);
    classes.set(Base, Cls);
  }
  const Ctor = Cls as unknown as new (meta: ModelMeta, qs: unknown, scope: M2MScope) => unknown;
  return new Ctor(related, querySetClassOf(related), scope);
}

function makeManyRelatedClass(Base: typeof ManagerBase): typeof ManagerBase {
  class ManyRelatedManager extends Base {
    readonly #scope: M2MScope;
    readonly #sides: Sides;

    constructor(meta: ModelMeta, querysetClass: typeof QuerySet, scope: M2MScope) {
      super(meta, querysetClass);
      this.#scope = scope;
      this.#sides = sidesOf(scope);
      if (this.ownKey() === null || this.ownKey() === undefined) {
        throw new ValidationError(
          `"${describe(scope.instance)}" needs to have a value for field "${this.#sides.from.targetField().attname}" ` +
            "before this many-to-many relationship can be used (save it first).",
        );
      }
    }

    private ownKey(): unknown {
      return (this.#scope.instance as unknown as Row)[this.#sides.from.targetField().attname];
    }

    /** Where the join rows are written: dbForWrite(through model, { instance }) (Django). */
    private writeDb(): string {
      return dbForWrite(this.#sides.through, { instance: this.#scope.instance });
    }

    override getQueryset(): ScopedQuerySet {
      const { through, from, to } = this.#sides;
      const { instance } = this.#scope;
      // A subquery: it runs inside the related rows' query, on that query's database.
      const keys = newQuerySet(through)
        .withConditions([{ [from.name]: this.ownKey() }], false)
        .valuesList(to.name, { flat: true } as never);
      // From the related model's manager: its default filters apply here too (Django).
      // The instance is the routers' hint: reads go to dbForRead(related model, { instance }).
      const base = super.getQueryset() as unknown as QuerySet;
      const qs = base
        .withState({ hints: { ...base.state.hints, instance } })
        .filter({ [`${to.targetField().name}__in`]: keys });
      // prefetchRelated() rows answer all()/count()/iteration; a new filter queries again.
      const prefilled = prefetchedRows(this.#scope.instance, this.#scope.accessor);
      return (prefilled ? qs.withState({ prefilled }) : qs) as ScopedQuerySet;
    }

    /** Create a related row and link it (one INSERT for the row, then the join row). */
    async create(values: Row = {}, options: ThroughOptions = {}): Promise<unknown> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const { instance } = this.#scope;
      // Django: the new row goes where the instance's model is written.
      const alias = dbForWrite(this.#sides.from.relatedMeta(), { instance });
      this.checkThroughDefaults(options.throughDefaults ?? {}); // before the row is inserted
      return atomic(
        async () => {
          const obj = await (
            newQuerySet(this.#sides.to.relatedMeta()).using(alias) as QuerySet
          ).create(values as never);
          await this.add([obj], options);
          return obj;
        },
        { using: alias, savepoint: false },
      );
    }

    async getOrCreate(
      lookup: Row,
      options: { defaults?: Row } & ThroughOptions = {},
    ): Promise<[unknown, boolean]> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      // Django: read and create where the instance's model is written.
      const alias = dbForWrite(this.#sides.from.relatedMeta(), { instance: this.#scope.instance });
      return atomic(
        async () => {
          const got = await this.getQueryset()
            .using(alias)
            .getOrCreate(lookup, { defaults: options.defaults });
          if (got[1]) await this.add([got[0]], options);
          return got;
        },
        { using: alias, savepoint: false },
      );
    }

    /**
     * Link the given instances (or primary keys). Rows already linked are
     * left alone. With an auto-created join table and no m2mChanged
     * receiver this is one INSERT that skips existing pairs; otherwise the
     * existing pairs are read first and the signal gets only the new keys.
     */
    async add(...args: unknown[]): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const [objs, options] = splitArgs<ThroughOptions>(args);
      const ids = this.targetIds(objs, "add");
      this.checkThroughDefaults(options.throughDefaults ?? {});
      const db = this.writeDb();
      await atomic(
        async () => {
          await this.addLinks(db, this.ownKey(), ids, options, true);
          if (this.isSymmetrical()) {
            // Django's symmetrical self-relation: b → a for every a → b, without a second signal.
            for (const id of ids) {
              await this.addLinks(db, id, [this.ownKey()], options, false);
            }
          }
        },
        { using: db, savepoint: false },
      );
    }

    /** Unlink the given instances (or primary keys): their join rows are deleted. */
    async remove(...objs: unknown[]): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const ids = this.targetIds(objs, "remove");
      const db = this.writeDb();
      await atomic(
        async () => {
          await this.signal("pre_remove", new Set(ids), db);
          await this.deleteLinks(db, ids);
          await this.signal("post_remove", new Set(ids), db);
        },
        { using: db, savepoint: false },
      );
    }

    /** Unlink every related row. */
    async clear(): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const db = this.writeDb();
      await atomic(
        async () => {
          await this.signal("pre_clear", null, db);
          await this.deleteLinks(db, null);
          await this.signal("post_clear", null, db);
        },
        { using: db, savepoint: false },
      );
    }

    /** Make the related rows exactly `objs`: remove the others, add the new ones (or clear, then add). */
    async set(objs: readonly unknown[], options: M2MSetOptions = {}): Promise<void> {
      forgetPrefetched(this.#scope.instance, this.#scope.accessor);
      const through = { throughDefaults: options.throughDefaults };
      const db = this.writeDb();
      await atomic(
        async () => {
          if (options.clear) {
            await this.clear();
            await this.add([...objs], through);
            return;
          }
          const targetName = this.#sides.to.targetField().name;
          const old = new Set(
            (await this.getQueryset()
              .using(db)
              .valuesList(targetName, { flat: true } as never)) as unknown[],
          );
          const wanted = this.targetIds(objs, "set");
          const fresh = objs.filter((_, i) => !old.has(wanted[i]));
          for (const id of wanted) old.delete(id);
          if (old.size) await this.remove(...old);
          if (fresh.length) await this.add([...fresh], through);
        },
        { using: db, savepoint: false },
      );
    }

    private isSymmetrical(): boolean {
      const { field } = this.#scope;
      return field.symmetrical && field.model === field.relatedMeta();
    }

    /**
     * The key values `objs` stand for: an instance's key, or a raw key as
     * given. add() asks the routers' allowRelation for each instance first
     * (Django's _get_target_ids): by default both must come from one database.
     */
    private targetIds(objs: readonly unknown[], action: string): unknown[] {
      const related = this.#sides.to.relatedMeta();
      const target = this.#sides.to.targetField();
      const { instance } = this.#scope;
      return objs.map((obj) => {
        if (!(obj instanceof ModelBase)) return obj;
        checkInstanceOf(related, obj);
        // An unsaved instance (no database yet) gets the missing-key error below instead.
        const bound = obj[STATE].db !== undefined;
        if (action === "add" && bound && !allowRelation(obj, instance)) {
          throw new RouterError(
            `Cannot add "${describe(obj)}": instance is on database "${instance[STATE].db}", ` +
              `value is on database "${obj[STATE].db}" (the database routers prevent this relation: allowRelation).`,
          );
        }
        const id = (obj as unknown as Row)[target.attname];
        if (id === null || id === undefined) {
          throw new ValidationError(
            `Cannot ${action} "${describe(obj)}": the value for field "${target.attname}" is None`,
          );
        }
        return id;
      });
    }

    /**
     * An explicit through model's required fields must come from
     * throughDefaults (Django leaves it to the database's NOT NULL error;
     * Tango says which fields are missing before any SQL).
     */
    private checkThroughDefaults(defaults: Row): void {
      const { through, from, to } = this.#sides;
      if (through.autoCreated) return;
      const missing = through.fields.filter(
        (f) =>
          f !== from &&
          f !== to &&
          !f.primaryKey &&
          !f.nullable &&
          !f.hasDefault() &&
          !(f.name in defaults) &&
          !(f.attname in defaults) &&
          !(f as { autoNow?: boolean; autoNowAdd?: boolean }).autoNow &&
          !(f as { autoNowAdd?: boolean }).autoNowAdd,
      );
      if (missing.length) {
        throw new ValidationError(
          `${through.name} needs ${missing.map((f) => f.name).join(", ")} for each link: ` +
            `pass them as { throughDefaults: { ${missing.map((f) => `${f.name}: …`).join(", ")} } }.`,
        );
      }
    }

    private async addLinks(
      alias: string,
      fromKey: unknown,
      ids: readonly unknown[],
      options: ThroughOptions,
      sendSignals: boolean,
    ): Promise<void> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return;
      const { through, from, to } = this.#sides;
      const mustSignal = sendSignals && m2mChanged.hasListeners(through.modelClass);
      // Django's fast add: one INSERT that skips existing pairs, when nobody listens and no extra field differs.
      const canIgnore =
        through.autoCreated &&
        getDatabase(alias).dialect.features.ignoreConflictsOnlySkipsUniqueClashes;
      let missing = unique;
      if (!canIgnore || mustSignal) {
        const existing = new Set(
          (await newQuerySet(through)
            .using(alias)
            .withConditions([{ [from.name]: fromKey, [`${to.name}__in`]: unique }], false)
            .valuesList(to.name, { flat: true } as never)) as unknown[],
        );
        missing = unique.filter((id) => !existing.has(id));
      }
      if (mustSignal) await this.signal("pre_add", new Set(missing), alias);
      if (missing.length) {
        const Through = through.modelClass as new (v: Row) => ModelBase;
        const rows = missing.map(
          (id) =>
            new Through({
              ...(options.throughDefaults ?? {}),
              [from.attname]: fromKey,
              [to.attname]: id,
            }),
        );
        for (const row of rows) prepareForWrite(row, through, true);
        await insertRows(getDatabase(alias), through, rows, { ignoreConflicts: canIgnore });
      }
      if (mustSignal) await this.signal("post_add", new Set(missing), alias);
    }

    /** Delete the join rows of this instance (to `ids` only, unless null), both ways when symmetrical. */
    private async deleteLinks(alias: string, ids: readonly unknown[] | null): Promise<void> {
      const { through, from, to } = this.#sides;
      const own = this.ownKey();
      const forward: Row = { [from.name]: own };
      if (ids) forward[`${to.name}__in`] = ids;
      let rows = newQuerySet(through).using(alias).withConditions([forward], false);
      if (this.isSymmetrical()) {
        const backward: Row = { [to.name]: own };
        if (ids) backward[`${from.name}__in`] = ids;
        rows = newQuerySet(through)
          .using(alias)
          .withConditions([Q(forward).or(Q(backward))], false);
      }
      await deleteQuerySet(rows as AnyQuerySet);
    }

    private async signal(
      action: M2MAction,
      pkSet: Set<unknown> | null,
      using: string,
    ): Promise<void> {
      const { through, to } = this.#sides;
      const sender = through.modelClass as AnyModel;
      if (!m2mChanged.hasListeners(sender)) return;
      await m2mChanged.send({
        sender,
        instance: this.#scope.instance,
        action,
        reverse: this.#scope.reverse,
        model: to.relatedMeta().modelClass as AnyModel,
        pkSet,
        using,
      });
    }
  }
  return ManyRelatedManager as unknown as typeof ManagerBase;
}
