import type { AnyModel, CreateInputOf, FieldsOf, Instance, PkOf } from "../models/types.js";
import type { M2MSetOptions, ThroughOptions } from "./m2m-manager.js";
import type { Manager } from "./manager.js";
import type { BulkOptions, SetOptions } from "./related-managers.js";

/**
 * `customer.orders` (the reverse side of a foreign key): every manager
 * method, scoped to the parent, plus Django's related-manager writes.
 * remove()/clear() exist only for a nullable key (FieldError otherwise).
 */
export type RelatedManager<M extends AnyModel> = Manager<M> & {
  /** Create a row pointing at the parent. */
  create(values?: CreateInputOf<M>): Promise<Instance<M>>;
  /** Point saved instances at the parent (one UPDATE; `{ bulk: false }` saves each). */
  add(...objs: Instance<M>[]): Promise<void>;
  add(objs: readonly Instance<M>[], options: BulkOptions): Promise<void>;
  /** Set the key of these instances to null. */
  remove(...objs: Instance<M>[]): Promise<void>;
  remove(objs: readonly Instance<M>[], options: BulkOptions): Promise<void>;
  /** Set the key of every related row to null. */
  clear(options?: BulkOptions): Promise<void>;
  /** Make the related rows exactly these. */
  set(objs: readonly Instance<M>[], options?: SetOptions): Promise<void>;
};

type KeyOrInstance<M> = Instance<M> | PkOf<FieldsOf<M>>;

/** `book.authors` / `author.bookSet`: a many-to-many manager; writes go to the join rows. */
export type ManyRelatedManager<M extends AnyModel> = Manager<M> & {
  /** Create a related row and link it. */
  create(values?: CreateInputOf<M>, options?: ThroughOptions): Promise<Instance<M>>;
  getOrCreate(
    lookup: Record<string, unknown>,
    options?: { defaults?: Record<string, unknown> } & ThroughOptions,
  ): Promise<[Instance<M>, boolean]>;
  /** Link instances or primary keys (already linked ones are skipped). */
  add(...objs: KeyOrInstance<M>[]): Promise<void>;
  add(objs: readonly KeyOrInstance<M>[], options: ThroughOptions): Promise<void>;
  /** Unlink instances or primary keys. */
  remove(...objs: KeyOrInstance<M>[]): Promise<void>;
  /** Unlink everything. */
  clear(): Promise<void>;
  /** Make the linked rows exactly these. */
  set(objs: readonly KeyOrInstance<M>[], options?: M2MSetOptions): Promise<void>;
};
