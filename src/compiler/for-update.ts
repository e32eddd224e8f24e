import { FieldError, NotSupportedError } from "../errors.js";
import type { Query } from "../query/query.js";

/**
 * The locking clause of `selectForUpdate()`: `FOR [NO KEY] UPDATE [OF …]
 * [NOWAIT | SKIP LOCKED]`. An option the database lacks is a
 * NotSupportedError raised before any SQL is sent (Django's messages);
 * a database without row locks (SQLite) gets no clause at all, as Django
 * ignores select_for_update there (the whole database is locked by a write
 * transaction instead).
 *
 * `of` names the tables to lock: "self" for the model's own table, or a
 * forward relation followed in the query (`"customer"`, `"customer__country"`).
 */
export function forUpdateClause(
  q: Query,
  aliases: readonly string[],
  features: {
    supportsSelectForUpdate: boolean;
    supportsSelectForUpdateNowait: boolean;
    supportsSelectForUpdateSkipLocked: boolean;
    supportsSelectForUpdateOf: boolean;
    supportsSelectForNoKeyUpdate: boolean;
  },
  quote: (name: string) => string,
): string {
  const s = q.selectForUpdate;
  if (!s || !features.supportsSelectForUpdate) return "";
  if (s.nowait && !features.supportsSelectForUpdateNowait)
    throw new NotSupportedError("NOWAIT is not supported on this database backend.");
  if (s.skipLocked && !features.supportsSelectForUpdateSkipLocked)
    throw new NotSupportedError("SKIP LOCKED is not supported on this database backend.");
  if (s.of.length && !features.supportsSelectForUpdateOf)
    throw new NotSupportedError("FOR UPDATE OF is not supported on this database backend.");
  if (s.noKey && !features.supportsSelectForNoKeyUpdate)
    throw new NotSupportedError("FOR NO KEY UPDATE is not supported on this database backend.");
  const parts = [s.noKey ? "FOR NO KEY UPDATE" : "FOR UPDATE"];
  if (s.of.length) {
    const paths = lockablePaths(q);
    const invalid = s.of.filter((name) => !paths.has(name));
    if (invalid.length) {
      throw new FieldError(
        `Invalid field name(s) given in selectForUpdate({ of }): ${invalid.map((n) => `'${n}'`).join(", ")}. ` +
          `Only relational fields followed in the query are allowed. Choices are: ${[...paths.keys()].join(", ")}.`,
      );
    }
    parts.push(`OF ${s.of.map((name) => quote(aliases[paths.get(name)!])).join(", ")}`);
  }
  if (s.nowait) parts.push("NOWAIT");
  if (s.skipLocked) parts.push("SKIP LOCKED");
  return parts.join(" ");
}

/** "self" and each single-valued forward relation joined in the query, to its source index. */
function lockablePaths(q: Query): Map<string, number> {
  const paths = new Map<string, number>([["self", 0]]);
  const names: string[] = ["self"];
  q.sources.forEach((source, i) => {
    const join = source.join;
    if (!join || join.multiValued || !("relatedMeta" in join.parentField)) return;
    const parent = names[join.parent];
    if (parent === undefined) return;
    const name = parent === "self" ? join.parentField.name : `${parent}__${join.parentField.name}`;
    names[i] = name;
    if (!paths.has(name)) paths.set(name, i);
  });
  return paths;
}
