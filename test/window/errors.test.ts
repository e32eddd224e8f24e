/**
 * What cannot stand over a window, and what a window cannot be used in:
 * Django's errors (window_compatible, Lag/Ntile/NthValue arguments) and
 * Tango's earlier, clearer ones where Django leaves it to the database.
 */
import { expect } from "vitest";
import {
  AnyValue,
  atomic,
  Coalesce,
  Count,
  F,
  FieldError,
  Lag,
  Lead,
  NotSupportedError,
  NthValue,
  Ntile,
  Rank,
  RowNumber,
  Sum,
  Window,
  type WindowSource,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { loadSales, Sale, windowModels } from "./models.js";

/** An expression the types reject, to check the run-time guard (plain JavaScript callers). */
const untyped = (e: unknown) => e as WindowSource<unknown>;

forEachDialect("window functions: errors", { models: windowModels, fixtures: loadSales }, (t) => {
  t.case("Django's window_compatible: only window functions and aggregates (not AnyValue)", () => {
    expect(() => Window({ expression: untyped(F("total")) })).toThrow(
      "Expression 'F' isn't compatible with OVER clauses.",
    );
    expect(() => Window({ expression: untyped("total") })).toThrow(
      "Expression 'str' isn't compatible with OVER clauses.",
    );
    expect(() => Window({ expression: untyped(Coalesce("total", 0)) })).toThrow(
      "Expression 'Coalesce' isn't compatible with OVER clauses.",
    );
    expect(() => Window({ expression: untyped(AnyValue("total")) })).toThrow(
      "Expression 'AnyValue' isn't compatible with OVER clauses.",
    );
    expect(() => Window({ expression: untyped(Window({ expression: RowNumber() })) })).toThrow(
      "Expression 'Window' isn't compatible with OVER clauses.",
    );
    expect(() => Window({ expression: untyped(AnyValue("total")) })).toThrow(TypeError);
  });

  t.case("a distinct aggregate cannot be windowed on any database", () => {
    expect(() => Window({ expression: Count("customer", { distinct: true }) })).toThrow(
      NotSupportedError,
    );
    expect(() => Window({ expression: Sum("total", { distinct: true }) })).toThrow(
      "Sum(distinct) cannot be computed over a window",
    );
  });

  t.case("window functions exist only inside Window()", () => {
    expect(() => Sale.objects.annotate({ rn: RowNumber() })).toThrow(
      "RowNumber() is a window function: use it as the expression of a Window(), e.g. Window({ expression: RowNumber(…), orderBy: … }).",
    );
    expect(() => Sale.objects.annotate({ prev: Lag("total") })).toThrow(TypeError);
  });

  t.case("Django's argument checks: Lag/Lead offset, Ntile buckets, NthValue nth", () => {
    expect(() => Lag("total", { offset: 0 })).toThrow(
      "Lag requires a positive integer for the offset.",
    );
    expect(() => Lead("total", { offset: -1 })).toThrow(
      "Lead requires a positive integer for the offset.",
    );
    expect(() => Lag(null as unknown as string)).toThrow(
      "Lag requires a non-null source expression.",
    );
    expect(() => Ntile(0)).toThrow("num_buckets must be greater than 0.");
    expect(() => NthValue("total", 0)).toThrow("NthValue requires a positive integer as for nth.");
    expect(() => NthValue(null as unknown as string)).toThrow(
      "NthValue requires a non-null source expression.",
    );
  });

  t.case("windows do not nest, and an aggregate cannot read a window in annotate()", () => {
    const rn = Window({ expression: RowNumber(), orderBy: "pk" });
    expect(() =>
      Sale.objects
        .annotate({ rn })
        .annotate({ x: Window({ expression: Lag("rn"), orderBy: "pk" }) }),
    ).toThrow(FieldError);
    expect(() =>
      Sale.objects.annotate({ rn }).annotate({ x: Window({ expression: Rank(), orderBy: "rn" }) }),
    ).toThrow("Window functions cannot be nested");
    expect(() => Sale.objects.annotate({ rn }).annotate({ s: Sum("rn") })).toThrow(
      "Cannot compute Sum('rn'): 'rn' is a window function.",
    );
    // A window of an aggregate over an aggregate annotation: Django's "is an aggregate".
    expect(() =>
      Sale.objects
        .values("customer")
        .annotate({ n: Count("id") })
        .annotate({ s: Window({ expression: Sum("n") }) }),
    ).toThrow("Cannot compute Sum('n'): 'n' is an aggregate");
  });

  t.case("unknown names in partitionBy / orderBy are FieldErrors at annotate()", () => {
    expect(() =>
      Sale.objects.annotate({ x: Window({ expression: RowNumber(), partitionBy: "custmer" }) }),
    ).toThrow(FieldError);
    expect(() =>
      Sale.objects.annotate({ x: Window({ expression: RowNumber(), orderBy: "-createdOn" }) }),
    ).toThrow(FieldError);
  });

  t.case(
    "selectForUpdate() with a window filter is refused (the filter runs outside)",
    async (ctx) => {
      const qs = Sale.objects
        .annotate({ rn: Window({ expression: RowNumber(), orderBy: "pk" }) })
        .filter({ rn: 1 })
        .selectForUpdate();
      if (!ctx.features().supportsSelectForUpdate) {
        await expect(atomic(async () => qs.then((r) => r))).rejects.toThrow(NotSupportedError);
        return;
      }
      await expect(atomic(async () => qs.then((r) => r))).rejects.toThrow(
        "selectForUpdate() cannot lock rows filtered on a window function",
      );
    },
  );
});
