import { FieldError } from "../errors.js";
import { suggestionSuffix } from "../util/suggest.js";
import { ensureReverseAccessors } from "./accessors.js";
import { ForeignKey } from "./fields/relation.js";
import type { ModelMeta } from "./meta.js";
import { getRuntime, type RefreshOptions, type SaveOptions } from "./runtime.js";
import { type InstanceState, NEW_STATE, RELATED, STATE } from "./state.js";

/**
 * The base class of every model class defineModel creates. Field values are
 * plain own properties keyed by attname (`name`, `customerId`); relations,
 * `pk` and deferred fields are accessors on the prototype.
 */
export class ModelBase {
  declare [STATE]: InstanceState;
  declare [RELATED]: Record<string, unknown> | undefined;
  static meta: ModelMeta;

  constructor(values: Record<string, unknown> = {}) {
    const meta = (this.constructor as typeof ModelBase).meta;
    const self = this as unknown as Record<string, unknown>;
    // Models defined after this one may point at it: their reverse accessors (`customer.orders`).
    ensureReverseAccessors(meta);
    this[STATE] = NEW_STATE;
    for (const field of meta.fields) {
      self[field.attname] = field.getDefault();
    }
    for (const key of Object.keys(values)) {
      const field = meta.concreteField(key);
      const isAccessor =
        key !== "pk" && (field !== undefined || meta.manyToMany.some((m) => m.name === key));
      if (!isAccessor) {
        const choices = meta.fields.flatMap((f) =>
          f.attname === f.name ? [f.name] : [f.name, f.attname],
        );
        throw new FieldError(
          `${meta.name}() got an unexpected field '${key}'. Choices are: ${choices.sort().join(", ")}.` +
            suggestionSuffix(key, choices),
        );
      }
      if (field instanceof ForeignKey && key === field.name) {
        self[key] = values[key]; // the relation setter stores the object and its id
      } else if (field) {
        self[field.attname] = values[key];
      } else {
        throw new FieldError(
          `${meta.name}(): '${key}' is a many-to-many relation; set it after saving with .${key}.set([...])`,
        );
      }
    }
  }

  get pk(): unknown {
    const meta = (this.constructor as typeof ModelBase).meta;
    return (this as unknown as Record<string, unknown>)[meta.pk.attname];
  }

  set pk(value: unknown) {
    const meta = (this.constructor as typeof ModelBase).meta;
    (this as unknown as Record<string, unknown>)[meta.pk.attname] = value;
  }

  /** Insert (new instance) or update (loaded instance) the row. */
  save(options: SaveOptions = {}): Promise<void> {
    return getRuntime().save(this, options);
  }

  /** Delete the row; returns Django's `[total, { Model: n }]`. */
  delete(): Promise<[number, Record<string, number>]> {
    return getRuntime().deleteInstance(this);
  }

  /** Reload field values (all, or `fields`) from the database. */
  refreshFromDb(options: RefreshOptions = {}): Promise<void> {
    return getRuntime().refreshFromDb(this, options);
  }

  /** Load a relation that was not selected or prefetched, and cache it on the instance. */
  fetchRelated(name: string): Promise<unknown> {
    return getRuntime().fetchRelated(this, name);
  }

  toString(): string {
    return `${(this.constructor as typeof ModelBase).meta.name} object (${String(this.pk)})`;
  }
}

/** Names an instance uses for itself; fields may not take them. */
export const RESERVED_NAMES = new Set([
  "pk",
  "save",
  "delete",
  "refreshFromDb",
  "fetchRelated",
  "toString",
  "toJSON",
  "constructor",
  "objects",
  "meta",
  "then",
]);
