import type { FieldsOf, FkKeys, UnionToIntersection } from "../models/types.js";
import type { AnyQuerySet } from "./queryset.js";
import type { RowsOf } from "./rows-of.js";

/**
 * One prefetchRelated() lookup with its own QuerySet and/or attribute
 * (Django's Prefetch): `Prefetch("orders", { queryset: Order.objects.filter({ status: "paid" }),
 * toAttr: "paidOrders" })`. The QuerySet applies to the lookup's last level;
 * `toAttr` stores a plain array (an object or null for a single-valued
 * relation) on each instance instead of the relation's cache.
 */
export class PrefetchSpec<
  L extends string = string,
  Row = unknown,
  T extends string | undefined = string | undefined,
> {
  readonly lookup: L;
  readonly queryset: AnyQuerySet | null;
  readonly toAttr: T;
  /** The lookup with its last name replaced by toAttr: where the results land. */
  readonly prefetchTo: string;

  constructor(lookup: L, options: { queryset?: RowsOf<Row>; toAttr?: T } = {}) {
    const qs = (options.queryset ?? null) as AnyQuerySet | null;
    if (qs && qs.state.shape.kind !== "model") {
      throw new TypeError("Prefetch querysets cannot use raw(), values(), and valuesList().");
    }
    this.lookup = lookup;
    this.queryset = qs;
    this.toAttr = options.toAttr as T;
    const names = lookup.split("__");
    if (options.toAttr) names[names.length - 1] = options.toAttr;
    this.prefetchTo = names.join("__");
  }

  /** The prefix of prefetchTo down to `level` (Django's get_current_prefetch_to). */
  prefetchToAt(level: number): string {
    return this.prefetchTo
      .split("__")
      .slice(0, level + 1)
      .join("__");
  }

  /** This lookup seen from `prefix` (an inner QuerySet's own lookups, queued by the outer one). */
  under(prefix: string): PrefetchSpec {
    return new PrefetchSpec(`${prefix}__${this.lookup}`, {
      queryset: this.queryset ?? undefined,
      toAttr: this.toAttr,
    }) as PrefetchSpec;
  }
}

/**
 * `Prefetch("orders", { queryset, toAttr })` (Django's Prefetch): one
 * prefetchRelated() lookup with its own QuerySet and/or target attribute.
 */
export function Prefetch<
  const L extends string,
  Row = unknown,
  const T extends string | undefined = undefined,
>(lookup: L, options: { queryset?: RowsOf<Row>; toAttr?: T } = {}): PrefetchSpec<L, Row, T> {
  return new PrefetchSpec(lookup, options);
}

export type PrefetchLookup = string | PrefetchSpec<string, unknown, string | undefined>;

/** Turn strings into Prefetch objects. */
export function normalizeLookups(
  lookups: readonly PrefetchLookup[],
  prefix?: string,
): PrefetchSpec[] {
  return lookups.map((l) => {
    const p = typeof l === "string" ? new PrefetchSpec(l) : (l as PrefetchSpec);
    return prefix ? p.under(prefix) : p;
  });
}

/**
 * The attributes `Prefetch(…, { toAttr })` lookups add to instances of M:
 * an array of the inner QuerySet's rows, or one row or null for a forward
 * foreign key. Single-level lookups only (a nested toAttr is untyped).
 */
export type ToAttrs<M, P extends readonly unknown[]> =
  UnionToIntersection<
    {
      [K in keyof P]: P[K] extends PrefetchSpec<infer L, infer Row, infer T>
        ? T extends string
          ? string extends T
            ? {}
            : L extends `${string}__${string}`
              ? {}
              : { [N in T]: L extends FkKeys<FieldsOf<M>> ? Row | null : Row[] }
          : {}
        : {};
    }[number]
  > extends infer X
    ? X extends object
      ? X
      : {}
    : {};
