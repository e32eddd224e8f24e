import { expect } from "vitest";
import {
  atomic,
  captureQueries,
  DatabaseError,
  DataError,
  FieldError,
  IntegrityError,
  MultipleObjectsReturned,
  NotSupportedError,
  ObjectDoesNotExist,
  OperationalError,
  ProgrammingError,
  ProtectedError,
  type QueryLogEntry,
  ValidationError,
} from "../../src/index.js";
import type { CaseContext, DialectName } from "../harness/case.js";
import { canonicalOrder, type Expected, expectedFor, type OracleError } from "./oracle.js";
import { serialize } from "./serialize.js";

type ErrorClass = abstract new (...args: never[]) => Error;

/** Django exception names → the Tango classes that stand for them. */
const ERROR_CLASSES: Readonly<Record<string, ErrorClass>> = {
  FieldError,
  NotSupportedError,
  IntegrityError,
  ProtectedError,
  ValidationError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  DoesNotExist: ObjectDoesNotExist,
  DatabaseError,
  DataError,
  OperationalError,
  ProgrammingError,
  TypeError,
};

/** A dialect-specific expectation (say why at the call site). */
export interface Override {
  result?: unknown;
  error?: OracleError | null;
  numQueries?: number;
  stateAfter?: unknown;
}

export interface CaseSpec<T> {
  /** The Django code, ported: returns the value Django's `result` holds. */
  run: () => Promise<T>;
  /** The case's `state_code`, ported (mutating cases). */
  state?: () => Promise<unknown>;
  /** Turn the value into the oracle's shape (default: serialize()). */
  serialize?: (value: T) => unknown;
  /** The exact class expected (e.g. Book.MultipleObjectsReturned) instead of the generic one. */
  errorClass?: ErrorClass;
  /** Compare the error message too (default true; false where the database writes it). */
  errorMessage?: boolean;
  /**
   * The Django code ran in autocommit mode and its record keeps the writes made
   * before a failing statement: do not wrap run() in one savepoint (run() puts
   * each write in its own atomic() instead, standing for autocommit).
   */
  autocommit?: boolean;
  /** Expectations that differ on one dialect (MySQL/MariaDB has no recorded column). */
  override?: Partial<Record<DialectName, Override>>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function listing(queries: readonly QueryLogEntry[]): string {
  return queries.map((q, i) => `  ${i + 1}. ${q.sql}`).join("\n");
}

/** Django writes `output_field`, Tango its camelCase API name. */
function tangoMessage(message: string): string {
  return message.replaceAll("output_field", "outputField");
}

function merged(id: string, ctx: CaseContext, o: Override | undefined): Expected {
  const base = expectedFor(id, ctx.dialect);
  if (!o) return base;
  return {
    ...base,
    ...(o.result !== undefined ? { result: o.result } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}),
    ...(o.numQueries !== undefined ? { numQueries: o.numQueries } : {}),
    ...(o.stateAfter !== undefined ? { stateAfter: o.stateAfter } : {}),
  };
}

/**
 * Run a ported case and compare with Django's record for this dialect: the
 * result (or the error class and message), the number of queries, and for
 * mutating cases the table state afterwards. A mutating case runs inside a
 * savepoint so a failing statement leaves the transaction usable.
 */
export async function checkCase<T>(ctx: CaseContext, id: string, spec: CaseSpec<T>): Promise<void> {
  const exp = merged(id, ctx, spec.override?.[ctx.dialect]);
  const { result: outcome, queries } = await captureQueries(async (): Promise<Outcome<T>> => {
    try {
      const value = exp.mutates && !spec.autocommit ? await atomic(spec.run) : await spec.run();
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    }
  });

  if (exp.error) {
    const cls = spec.errorClass ?? ERROR_CLASSES[exp.error.type];
    if (!cls) throw new Error(`No Tango class for Django's ${exp.error.type}`);
    if (outcome.ok) {
      const got = JSON.stringify(serialize(outcome.value));
      expect
        .soft(got, `${id}: expected ${exp.error.type} (${exp.error.message})`)
        .toBe(`${exp.error.type} raised`);
    } else {
      expect.soft(outcome.error, `${id}: error class`).toBeInstanceOf(cls);
      if (spec.errorMessage !== false && outcome.error instanceof Error) {
        expect
          .soft(outcome.error.message, `${id}: error message`)
          .toBe(tangoMessage(exp.error.message));
      }
    }
  } else if (!outcome.ok) {
    throw outcome.error;
  } else {
    const raw = spec.serialize ? spec.serialize(outcome.value) : serialize(outcome.value);
    const actual = exp.unordered ? canonicalOrder(raw) : raw;
    expect.soft(actual, `${id}: result`).toEqual(exp.result);
  }

  expect
    .soft(queries.length, `${id}: number of queries\n${listing(queries)}\n`)
    .toBe(exp.numQueries);

  if (spec.state) {
    const state = serialize(await spec.state());
    expect.soft(state, `${id}: state after`).toEqual(exp.stateAfter);
  }
}
