import { atomic } from "../db/transaction.js";
import { BatchUpdateError, FieldError, type UpdateBatch, ValidationError } from "../errors.js";
import { ParamBag } from "../query/params.js";
import { isSliced } from "../query/query.js";
import { planUpdate } from "../query/write.js";
import type { AnyQuerySet } from "./queryset.js";
import { updateRows } from "./writes.js";

/** Reported after each committed batch of a chunked update. */
export interface UpdateProgress extends UpdateBatch {
  /** Rows updated so far, this batch included. */
  readonly totalUpdated: number;
}

export interface UpdateOptions {
  /**
   * Update at most this many rows per statement, walking primary-key ranges,
   * each batch in its own short transaction (a savepoint inside an outer
   * atomic()). Omit for Django's single UPDATE.
   */
  readonly batchSize?: number;
  /** Called after each batch commits. */
  readonly onProgress?: (progress: UpdateProgress) => void | Promise<void>;
}

/**
 * `update(values, { batchSize })`: the rows the QuerySet matches, updated
 * in primary-key order, one range per batch:
 *   SELECT id FROM t WHERE <filter> AND id > :last ORDER BY id LIMIT :batchSize
 *   UPDATE t SET … WHERE <filter> AND id > :last AND id <= :batchMax   -- own transaction
 * A row is in exactly one batch even when the update changes the columns
 * the filter reads (the ranges are fixed by pk, not by offsets).
 */
export async function batchedUpdate(
  qs: AnyQuerySet,
  values: Record<string, unknown>,
  options: UpdateOptions,
): Promise<number> {
  const { batchSize, onProgress } = options;
  if (batchSize === undefined) return updateRows(qs, values);
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new ValidationError(
      `update() batchSize must be a positive integer (got ${String(batchSize)}).`,
    );
  const query = qs.state.query;
  if (isSliced(query)) throw new FieldError("Cannot update a query once a slice has been taken.");
  // Fail on a bad field or value before the first batch runs.
  planUpdate(query, values, new ParamBag(qs.state.params));
  const pkOrdered = qs.orderBy("pk");
  const applied: UpdateBatch[] = [];
  let afterPk: unknown = null;
  let total = 0;
  for (let batch = 1; ; batch++) {
    const remaining =
      afterPk === null ? pkOrdered : pkOrdered.withConditions([{ pk__gt: afterPk }], false);
    const pks = await remaining.valuesList("pk", { flat: true }).slice(0, batchSize);
    if (pks.length === 0) return total;
    const lastPk = pks[pks.length - 1];
    const range = afterPk === null ? { pk__lte: lastPk } : { pk__gt: afterPk, pk__lte: lastPk };
    let updated: number;
    try {
      updated = await atomic(() => updateRows(qs.withConditions([range], false), values), {
        using: qs.db,
      });
    } catch (cause) {
      const failed = { batch, afterPk, lastPk, updated: 0 };
      throw new BatchUpdateError(
        `Batch ${batch} of the chunked update of ${qs.state.meta.name} (pk ${describeRange(failed)}) failed and was rolled back; ` +
          `${applied.length} earlier batch(es) with ${total} row(s) stay applied: ${cause instanceof Error ? cause.message : String(cause)}`,
        applied,
        failed,
        { cause },
      );
    }
    total += updated;
    const done: UpdateBatch = { batch, afterPk, lastPk, updated };
    applied.push(done);
    if (onProgress) {
      try {
        await onProgress({ ...done, totalUpdated: total });
      } catch (cause) {
        throw new BatchUpdateError(
          `onProgress threw after batch ${batch} of the chunked update of ${qs.state.meta.name}; ` +
            `${applied.length} batch(es) with ${total} row(s) are applied, the rest did not run.`,
          applied,
          null,
          { cause },
        );
      }
    }
    if (pks.length < batchSize) return total;
    afterPk = lastPk;
  }
}

function describeRange(b: UpdateBatch): string {
  return b.afterPk === null
    ? `<= ${String(b.lastPk)}`
    : `> ${String(b.afterPk)} and <= ${String(b.lastPk)}`;
}
