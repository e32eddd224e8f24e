import type { Features } from "../dialect.js";
import { atLeast } from "../version.js";

/** MySQL 8 / MariaDB 10.5+; version-dependent flags are refined at connect time (see refineMysqlFeatures). */
export const mysqlFeatures: Features = {
  supportsAggregateFilterClause: false,
  supportsDistinctOn: false,
  supportsReturning: true,
  supportsNullsOrdering: false,
  nullsFirstInAscending: true,
  supportsIntersectAndExcept: true,
  supportsLimitInSubqueryIn: false,
  ignoreConflictsOnlySkipsUniqueClashes: false,
  supportsOnDeleteSetDefault: false,
  supportsSelfReferenceInUpdateSubquery: false,
  supportsTransactionalDdl: false,
  supportsParenthesizedCompound: true,
  isMariaDB: true,
  serverVersion: "",
  supportsSelectForUpdate: true,
  supportsSelectForUpdateNowait: true,
  supportsSelectForUpdateSkipLocked: true,
  supportsSelectForUpdateOf: false,
  supportsSelectForNoKeyUpdate: false,
  maxIdentifierLength: 64,
  likeIsCaseInsensitive: false,
  supportsAnyValue: true,
  allowsGroupBySelectedPks: false,
  allowsGroupBySelectIndex: true,
  supportsFrameExclusion: false,
  supportsLagLeadDefault: true,
  ignoresGroupKeyOrderWithWindows: true,
};

/** Flags that depend on which server answered (MariaDB vs MySQL) and its version. */
export function refineMysqlFeatures(version: string, isMariaDB: boolean): Partial<Features> {
  if (isMariaDB) {
    return {
      isMariaDB: true,
      serverVersion: version,
      supportsReturning: atLeast(version, [10, 5]),
      supportsIntersectAndExcept: atLeast(version, [10, 3]),
      supportsSelectForUpdateSkipLocked: atLeast(version, [10, 6]),
      supportsSelectForUpdateOf: false,
      // MariaDB has no ANY_VALUE and no functional-dependency check under ONLY_FULL_GROUP_BY.
      supportsAnyValue: false,
      allowsGroupBySelectedPks: false,
      // MariaDB's LAG/LEAD take (expr[, offset]) only.
      supportsLagLeadDefault: false,
      ignoresGroupKeyOrderWithWindows: true,
    };
  }
  return {
    isMariaDB: false,
    serverVersion: version,
    supportsReturning: false,
    supportsIntersectAndExcept: atLeast(version, [8, 0, 31]),
    supportsSelectForUpdateSkipLocked: atLeast(version, [8, 0, 1]),
    supportsSelectForUpdateOf: atLeast(version, [8, 0, 1]),
    supportsAnyValue: true,
    allowsGroupBySelectedPks: true,
    supportsLagLeadDefault: true,
    // Seen on MariaDB 10.11; kept for MySQL as a precaution (the guard only orders ties).
    ignoresGroupKeyOrderWithWindows: true,
  };
}
