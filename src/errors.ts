/**
 * Every error Tango raises. Each class carries a stable `code` so callers can
 * branch on it without matching message text.
 */

export class TangoError extends Error {
  readonly code: string = "TANGO_ERROR";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A field, relation, lookup or annotation name that cannot be resolved (Django's FieldError). */
export class FieldError extends TangoError {
  override readonly code: string = "FIELD_ERROR";
}

/** The database (or the dialect) cannot express what was asked. */
export class NotSupportedError extends TangoError {
  override readonly code: string = "NOT_SUPPORTED";
}

/** A value that does not fit its field, rejected before any SQL is sent. */
export class ValidationError extends TangoError {
  override readonly code: string = "VALIDATION_ERROR";
}

/** Any error the database server or driver reported. */
export class DatabaseError extends TangoError {
  override readonly code: string = "DATABASE_ERROR";
}

/** A constraint (NOT NULL, UNIQUE, CHECK, FOREIGN KEY) was violated. */
export class IntegrityError extends DatabaseError {
  override readonly code: string = "INTEGRITY_ERROR";
}

/** The database could not run the statement (missing table, lock timeout, connection lost). */
export class OperationalError extends DatabaseError {
  override readonly code: string = "OPERATIONAL_ERROR";
}

/** A value the database rejected (out of range, too long, invalid). */
export class DataError extends DatabaseError {
  override readonly code: string = "DATA_ERROR";
}

/** A statement the database rejected as malformed or invalid for its data. */
export class ProgrammingError extends DatabaseError {
  override readonly code: string = "PROGRAMMING_ERROR";
}

/** Deleting rows that PROTECT foreign keys still point at. */
export class ProtectedError extends IntegrityError {
  override readonly code: string = "PROTECTED";
  constructor(
    message: string,
    readonly protectedObjects: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/** Deleting rows that RESTRICT foreign keys still point at. */
export class RestrictedError extends IntegrityError {
  override readonly code: string = "RESTRICTED";
  constructor(
    message: string,
    readonly restrictedObjects: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/** A relation was read on an instance that did not load it. Tango never fetches silently. */
export class RelationNotLoaded extends TangoError {
  override readonly code: string = "RELATION_NOT_LOADED";
}

/** A deferred field (only()/defer()) was read before it was loaded. */
export class FieldNotLoaded extends TangoError {
  override readonly code: string = "FIELD_NOT_LOADED";
}

/** Base of every `Model.DoesNotExist`. */
export class ObjectDoesNotExist extends TangoError {
  override readonly code: string = "DOES_NOT_EXIST";
}

/** Base of every `Model.MultipleObjectsReturned`. */
export class MultipleObjectsReturned extends TangoError {
  override readonly code: string = "MULTIPLE_OBJECTS_RETURNED";
}

/** Misconfiguration: no database, an unknown alias, a model defined twice. */
export class ImproperlyConfigured extends TangoError {
  override readonly code: string = "IMPROPERLY_CONFIGURED";
}

/** The primary-key range `(afterPk, lastPk]` one batch of a chunked update covered. */
export interface UpdateBatch {
  /** 1-based batch number. */
  readonly batch: number;
  /** Exclusive lower bound (null for the first batch). */
  readonly afterPk: unknown;
  /** Inclusive upper bound: the batch's greatest primary key. */
  readonly lastPk: unknown;
  /** Rows the batch's UPDATE matched (0 for the failed batch). */
  readonly updated: number;
}

/**
 * A chunked `update(values, { batchSize })` failed part-way. Batches in
 * `applied` are committed (savepoints released, inside an outer atomic());
 * `failed` was rolled back and nothing after it ran. `failed` is null when
 * the batch committed but the onProgress callback threw.
 */
export class BatchUpdateError extends TangoError {
  override readonly code: string = "BATCH_UPDATE";
  constructor(
    message: string,
    readonly applied: readonly UpdateBatch[],
    readonly failed: UpdateBatch | null,
    options: { cause: unknown },
  ) {
    super(message, options);
  }

  /** Rows updated by the committed batches. */
  get updated(): number {
    return this.applied.reduce((n, b) => n + b.updated, 0);
  }
}

/** A transaction used the wrong way (Django's TransactionManagementError). */
export class TransactionManagementError extends TangoError {
  override readonly code: string = "TRANSACTION_MANAGEMENT";
}

/** One scope ran the same query shape more times than allowed (see detectNPlusOne). */
export class NPlusOneError extends TangoError {
  override readonly code: string = "N_PLUS_ONE";
}

/** A database router refused a relation between objects from different databases. */
export class RouterError extends TangoError {
  override readonly code: string = "ROUTER_ERROR";
}
