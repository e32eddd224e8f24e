/**
 * Results of compiling a condition that needs no SQL: it matches nothing
 * (`pk__in=[]`) or everything (an empty OR branch negated). Values, not
 * exceptions, so callers branch on them plainly.
 */
export const MATCH_NOTHING = Symbol("match-nothing");
export const MATCH_EVERYTHING = Symbol("match-everything");

export type Condition = string | typeof MATCH_NOTHING | typeof MATCH_EVERYTHING;

/** Raised (once, at the top) when a whole SELECT can match no row: the caller skips the database. */
export class EmptyResultSet extends Error {
  constructor() {
    super("The query matches no rows");
  }
}
