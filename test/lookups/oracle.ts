import type { DialectName } from "../harness/case.js";
import { AUTHORS, COMMENTS, POST_TAGS, POSTS, type Row, TAGS } from "./data.js";

/**
 * An in-memory model of the lookup fixtures and of Django's filter
 * semantics, used to compute the expected rows of every (path, lookup)
 * pair: filter() yields one row per joined related row that matches;
 * exclude() keeps the rows none of whose related rows match.
 */

type ModelName = "LkAuthor" | "LkTag" | "LkPost" | "LkComment" | "LkPostTag";

const byId = (rows: Row[], id: unknown) => rows.filter((r) => r.id === id);

const RELATIONS: Record<ModelName, Record<string, [ModelName, (row: Row) => Row[]]>> = {
  LkAuthor: { posts: ["LkPost", (a) => POSTS.filter((p) => p.authorId === a.id)] },
  LkTag: {
    posts: [
      "LkPost",
      (t) => POST_TAGS.filter((x) => x.tagId === t.id).flatMap((x) => byId(POSTS, x.postId)),
    ],
  },
  LkPost: {
    author: ["LkAuthor", (p) => byId(AUTHORS, p.authorId)],
    tags: [
      "LkTag",
      (p) => POST_TAGS.filter((x) => x.postId === p.id).flatMap((x) => byId(TAGS, x.tagId)),
    ],
    comments: ["LkComment", (p) => COMMENTS.filter((c) => c.postId === p.id)],
  },
  LkComment: { post: ["LkPost", (c) => byId(POSTS, c.postId)] },
  LkPostTag: {
    post: ["LkPost", (x) => byId(POSTS, x.postId)],
    tag: ["LkTag", (x) => byId(TAGS, x.tagId)],
  },
};

export const ROWS: Record<ModelName, Row[]> = {
  LkAuthor: AUTHORS,
  LkTag: TAGS,
  LkPost: POSTS,
  LkComment: COMMENTS,
  LkPostTag: POST_TAGS,
};

/** Values reached from `row` along `path`, one per joined row; no related row gives null (LEFT JOIN). */
export function reach(model: ModelName, row: Row, path: readonly string[]): unknown[] {
  const [head, ...rest] = path;
  if (rest.length === 0) return [row[head] ?? null];
  const [target, follow] = RELATIONS[model][head];
  const related = follow(row);
  if (related.length === 0) return [null];
  return related.flatMap((r) => reach(target, r, rest));
}

export type Predicate = (v: unknown) => boolean;

/** Expected pks of filter() (with a duplicate per matching joined row) and of exclude(). */
export function expectedRows(
  model: ModelName,
  path: string,
  matches: Predicate,
): { filter: number[]; exclude: number[] } {
  const filter: number[] = [];
  const exclude: number[] = [];
  for (const row of ROWS[model]) {
    const hits = reach(model, row, path.split("__")).filter(matches).length;
    for (let i = 0; i < hits; i++) filter.push(row.id);
    if (hits === 0) exclude.push(row.id);
  }
  return { filter: filter.sort((a, b) => a - b), exclude };
}

const fold = (s: string) => s.toLowerCase();
const asciiFold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * Text lookups as each database evaluates them (probes are ASCII, so the
 * collations' accent folding never decides a result): SQLite's LIKE folds
 * ASCII case; MySQL's `=` and plain LIKE follow the case-insensitive
 * collation while LIKE BINARY (contains/startswith/endswith) does not.
 */
export function textPredicate(lookup: string, probe: unknown, dialect: DialectName): Predicate {
  const likeFold = dialect === "sqlite" ? asciiFold : (s: string) => s;
  const eqFold = dialect === "mysql" ? fold : (s: string) => s;
  const p = typeof probe === "string" ? probe : "";
  const on =
    (test: (v: string) => boolean): Predicate =>
    (v) =>
      str(v) !== null && test(v as string);
  switch (lookup) {
    case "exact":
      return on((v) => eqFold(v) === eqFold(p));
    case "iexact":
      return on((v) => fold(v) === fold(p));
    case "contains":
      return on((v) => likeFold(v).includes(likeFold(p)));
    case "icontains":
      return on((v) => fold(v).includes(fold(p)));
    case "startswith":
      return on((v) => likeFold(v).startsWith(likeFold(p)));
    case "istartswith":
      return on((v) => fold(v).startsWith(fold(p)));
    case "endswith":
      return on((v) => likeFold(v).endsWith(likeFold(p)));
    case "iendswith":
      return on((v) => fold(v).endsWith(fold(p)));
    case "regex":
      return on((v) => new RegExp(p).test(v));
    case "iregex":
      return on((v) => new RegExp(p, "i").test(v));
    case "in":
      return on((v) => (probe as string[]).some((x) => eqFold(x) === eqFold(v)));
    case "isnull":
      return (v) => (v === null) === probe;
    default:
      throw new Error(`no oracle for text lookup ${lookup}`);
  }
}

/** Comparison lookups on numbers (or on transform results, which are numbers). */
export function numberPredicate(lookup: string, probe: unknown): Predicate {
  const on =
    (test: (v: number) => boolean): Predicate =>
    (v) =>
      typeof v === "number" && test(v);
  const n = probe as number;
  switch (lookup) {
    case "exact":
      return on((v) => v === n);
    case "gt":
      return on((v) => v > n);
    case "gte":
      return on((v) => v >= n);
    case "lt":
      return on((v) => v < n);
    case "lte":
      return on((v) => v <= n);
    case "in":
      return on((v) => (probe as number[]).includes(v));
    case "range":
      return on((v) => v >= (probe as number[])[0] && v <= (probe as number[])[1]);
    case "isnull":
      return (v) => (v === null) === probe;
    default:
      throw new Error(`no oracle for number lookup ${lookup}`);
  }
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** A date/time transform of a value (a UTC Date, a 'YYYY-MM-DD' or a 'HH:MM:SS[.f]' string). */
export function transform(name: string, v: unknown): unknown {
  if (v === null) return null;
  if (typeof v === "string" && /^\d\d:/.test(v)) {
    const [h, m, s] = v.split(":");
    return { hour: Number(h), minute: Number(m), second: Math.floor(Number(s)) }[name];
  }
  const d = v instanceof Date ? v : new Date(`${v as string}T00:00:00Z`);
  const parts: Record<string, unknown> = {
    date: d.toISOString().slice(0, 10),
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    week: isoWeek(d),
    weekDay: d.getUTCDay() + 1,
    quarter: Math.floor(d.getUTCMonth() / 3) + 1,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  return parts[name];
}
