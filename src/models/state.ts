/** Symbol-keyed slots on instances: invisible to JSON.stringify and Object.keys. */
export const STATE = Symbol("tango.state");
export const RELATED = Symbol("tango.related");

/** Django's `_state`: is the row new, and which database did it come from. */
export interface InstanceState {
  readonly adding: boolean;
  readonly db: string | undefined;
}

export const NEW_STATE: InstanceState = Object.freeze({ adding: true, db: undefined });

export function loadedState(db: string): InstanceState {
  return Object.freeze({ adding: false, db });
}

/** prefetchRelated() results of many-valued relations, by accessor (Django's _prefetched_objects_cache). */
export const PREFETCHED = Symbol("tango.prefetched");
/**
 * Django's `obj._state`: `adding` (not saved yet) and `db` (the database
 * alias the instance came from, was saved to, or was bound to by a relation).
 */
export function instanceState(obj: object): InstanceState {
  const state = (obj as { [STATE]?: InstanceState })[STATE];
  if (!state) throw new TypeError("instanceState() takes a model instance");
  return state;
}
