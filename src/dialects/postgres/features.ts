import type { Features } from "../dialect.js";
import { atLeast } from "../version.js";

/** PostgreSQL 12+: the reference dialect; nearly everything is native. */
export const postgresFeatures: Features = {
  supportsAggregateFilterClause: true,
  supportsDistinctOn: true,
  supportsReturning: true,
  supportsNullsOrdering: true,
  nullsFirstInAscending: false,
  supportsIntersectAndExcept: true,
  supportsLimitInSubqueryIn: true,
  ignoreConflictsOnlySkipsUniqueClashes: true,
  supportsOnDeleteSetDefault: true,
  supportsSelfReferenceInUpdateSubquery: true,
  supportsTransactionalDdl: true,
  supportsParenthesizedCompound: true,
  isMariaDB: false,
  serverVersion: "",
  supportsSelectForUpdate: true,
  supportsSelectForUpdateNowait: true,
  supportsSelectForUpdateSkipLocked: true,
  supportsSelectForUpdateOf: true,
  supportsSelectForNoKeyUpdate: true,
  maxIdentifierLength: 63,
  likeIsCaseInsensitive: false,
  supportsAnyValue: false,
  allowsGroupBySelectedPks: true,
  allowsGroupBySelectIndex: true,
  supportsFrameExclusion: true,
  supportsLagLeadDefault: true,
  ignoresGroupKeyOrderWithWindows: false,
};

/** Flags that depend on the server version. */
export function refinePostgresFeatures(version: string): Partial<Features> {
  return { serverVersion: version, supportsAnyValue: atLeast(version, [16]) };
}
