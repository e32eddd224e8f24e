import { ImproperlyConfigured } from "../errors.js";
import type { ModelMeta } from "./meta.js";

/**
 * Instance methods (save, delete, …) and managers need the QuerySet layer,
 * which sits above models. To keep dependencies pointing one way, that layer
 * installs its implementations here when the package loads.
 */
export interface ModelRuntime {
  createManager(meta: ModelMeta): unknown;
  save(instance: object, options: SaveOptions): Promise<void>;
  deleteInstance(instance: object): Promise<[number, Record<string, number>]>;
  refreshFromDb(instance: object, options: RefreshOptions): Promise<void>;
  fetchRelated(instance: object, name: string): Promise<unknown>;
  relatedManager(instance: object, accessor: string): unknown;
  /** A related object is assigned to a foreign key: bind both to a database, ask the routers. */
  bindRelation(instance: object, value: object): void;
}

export interface SaveOptions {
  /** Only write these fields (an UPDATE of just these columns). */
  updateFields?: readonly string[];
  forceInsert?: boolean;
  forceUpdate?: boolean;
  using?: string;
}

export interface RefreshOptions {
  fields?: readonly string[];
  using?: string;
}

let runtime: ModelRuntime | undefined;

export function installRuntime(r: ModelRuntime): void {
  runtime = r;
}

export function getRuntime(): ModelRuntime {
  if (!runtime) {
    throw new ImproperlyConfigured(
      "Tango's query layer is not loaded: import from 'tango-orm', not from a deep path",
    );
  }
  return runtime;
}
