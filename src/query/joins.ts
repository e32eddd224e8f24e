import type { PathStep } from "./path.js";
import type { JoinType, Source } from "./query.js";

/**
 * A working copy of a query's table list, used while one updater runs (the
 * only mutable step in building a Query; `freeze()` ends it).
 *
 * Join reuse (Django's Query.join): a join equals another when it hangs off
 * the same table through the same relation. Single-valued joins are always
 * reused. Multi-valued ones only when `reuse` allows: within one filter()
 * call, conditions on `book__…` refer to the same book; across calls, each
 * call gets its own join —
 *   Publisher.filter(book__rating__gt=4, book__pages__lt=400)    one JOIN
 *   Publisher.filter(book__rating__gt=4).filter(book__pages__lt=400)  two
 */
export class JoinDraft {
  readonly sources: Source[];

  constructor(sources: readonly Source[]) {
    this.sources = [...sources];
  }

  /** Return the index of the join for `step` off `parent`, reusing or creating it. */
  join(parent: number, step: PathStep, reuse: ReadonlySet<number> | null): number {
    for (let i = this.sources.length - 1; i > 0; i--) {
      const j = this.sources[i].join!;
      if (j.parent !== parent || j.identity !== step.identity) continue;
      if (step.multiValued && reuse !== null && !reuse.has(i)) continue;
      return i;
    }
    const parentJoin = this.sources[parent].join;
    const type: JoinType = parentJoin?.type === "LEFT" || step.nullable ? "LEFT" : "INNER";
    this.sources.push(
      Object.freeze({
        meta: step.to,
        table: step.to.table,
        join: Object.freeze({
          parent,
          parentField: step.fromField,
          field: step.toField,
          type,
          nullable: step.nullable,
          multiValued: step.multiValued,
          identity: step.identity,
        }),
      }),
    );
    return this.sources.length - 1;
  }

  /** Return the indexes of joins along `steps` from `start` (creating as needed). */
  joinPath(start: number, steps: readonly PathStep[], reuse: ReadonlySet<number> | null): number[] {
    const out: number[] = [];
    let cur = start;
    for (const s of steps) {
      cur = this.join(cur, s, reuse);
      out.push(cur);
    }
    return out;
  }

  private setType(i: number, type: JoinType): void {
    const s = this.sources[i];
    this.sources[i] = Object.freeze({ ...s, join: Object.freeze({ ...s.join!, type }) });
  }

  /**
   * Make joins LEFT where a missing related row must not remove the row
   * (Django's promote_joins); children of a promoted join follow it, so no
   * chain goes LEFT then INNER.
   */
  promote(indexes: Iterable<number>): void {
    const queue = [...indexes];
    while (queue.length) {
      const i = queue.shift()!;
      const j = this.sources[i]?.join;
      if (!j) continue;
      const parentLeft = this.sources[j.parent].join?.type === "LEFT";
      if ((j.nullable || parentLeft) && j.type !== "LEFT") {
        this.setType(i, "LEFT");
        this.sources.forEach((s, k) => {
          if (s.join?.parent === i && !queue.includes(k)) queue.push(k);
        });
      }
    }
  }

  /** Make joins INNER where every matching row needs the related row (Django's demote_joins); parents follow. */
  demote(indexes: Iterable<number>): void {
    const queue = [...indexes];
    while (queue.length) {
      const i = queue.shift()!;
      const j = this.sources[i]?.join;
      if (j?.type !== "LEFT") continue;
      this.setType(i, "INNER");
      if (this.sources[j.parent].join?.type === "INNER") queue.push(j.parent);
    }
  }

  innerJoins(): Set<number> {
    const out = new Set<number>();
    this.sources.forEach((s, i) => {
      if (s.join?.type === "INNER") out.add(i);
    });
    return out;
  }

  freeze(): readonly Source[] {
    return Object.freeze([...this.sources]);
  }
}

/**
 * Votes on join types for one AND/OR node of a filter (Django's JoinPromoter):
 *   rel_a__x=1 | rel_b__y=2   → both joins LEFT (either side may be missing)
 *   rel_a__x=1 & rel_b__y=2   → both INNER (each condition needs its row)
 * A negated AND counts as OR and vice versa.
 */
export class JoinPromoter {
  private votes = new Map<number, number>();
  private readonly effective: "AND" | "OR";

  constructor(
    connector: "AND" | "OR",
    private readonly numChildren: number,
    negated: boolean,
  ) {
    this.effective = negated ? (connector === "AND" ? "OR" : "AND") : connector;
  }

  addVotes(joins: Iterable<number>): void {
    for (const j of joins) this.votes.set(j, (this.votes.get(j) ?? 0) + 1);
  }

  /** Apply the votes; return the joins this node needs INNER (its own vote upwards). */
  apply(draft: JoinDraft): Set<number> {
    const promote = new Set<number>();
    const demote = new Set<number>();
    for (const [table, votes] of this.votes) {
      if (this.effective === "OR" && votes < this.numChildren) promote.add(table);
      if (this.effective === "AND" || votes === this.numChildren) demote.add(table);
    }
    draft.promote(promote);
    draft.demote(demote);
    return demote;
  }
}
