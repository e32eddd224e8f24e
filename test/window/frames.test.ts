/**
 * Window frames: RowRange (ROWS) and ValueRange (RANGE) with Django's
 * bounds (null = UNBOUNDED, 0 = CURRENT ROW, -n PRECEDING, n FOLLOWING),
 * exclusions where the database has them, and the checks made up front.
 */
import { expect } from "vitest";
import {
  Count,
  F,
  FieldError,
  NotSupportedError,
  RowNumber,
  RowRange,
  Sum,
  ValueRange,
  Window,
  WindowFrameExclusion,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { fixed, loadSales, Sale, windowModels } from "./models.js";

/** The OVER clause's frame as written for each bound. */
function frameOf(frame: ReturnType<typeof RowRange>): string {
  const sql = Sale.objects
    .annotate({ s: Window({ expression: Sum("quantity"), orderBy: "pk", frame }) })
    .valuesList("s")
    .sql().sql;
  return /(ROWS|RANGE) BETWEEN [A-Z0-9 ]+?(?= EXCLUDE|\))( EXCLUDE [A-Z ]+)?/.exec(sql)?.[0] ?? sql;
}

forEachDialect("window functions: frames", { models: windowModels, fixtures: loadSales }, (t) => {
  t.case("bounds are written as Django writes them", () => {
    expect(frameOf(RowRange({ start: -2, end: 0 }))).toBe(
      "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW",
    );
    expect(frameOf(RowRange({ start: null, end: null }))).toBe(
      "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
    );
    expect(frameOf(RowRange())).toBe("ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING");
    expect(frameOf(RowRange({ start: 1, end: 3 }))).toBe(
      "ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING",
    );
    expect(frameOf(RowRange({ end: -1 }))).toBe("ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING");
    expect(frameOf(ValueRange({ start: null, end: 0 }))).toBe(
      "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
    );
    expect(frameOf(ValueRange({ start: 0 }))).toBe(
      "RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
    );
  });

  t.case("RowRange: moving sums", async () => {
    const rows = await Sale.objects
      .annotate({
        last3: Window({
          expression: Sum("quantity"),
          orderBy: "pk",
          frame: RowRange({ start: -2, end: 0 }),
        }),
        rest: Window({ expression: Sum("quantity"), orderBy: "pk", frame: RowRange({ start: 1 }) }),
        before: Window({ expression: Count("*"), orderBy: "pk", frame: RowRange({ end: -1 }) }),
      })
      .orderBy("pk")
      .valuesList("pk", "last3", "rest", "before");
    expect(rows).toEqual([
      [1, 1, 12, 0],
      [2, 3, 10, 1],
      [3, 6, 7, 2],
      [4, 6, 6, 3],
      [5, 8, 2, 4],
      [6, 7, null, 5],
    ]);
  });

  t.case("ValueRange: peers and numeric offsets (one numeric orderBy term)", async () => {
    const rows = await Sale.objects
      .annotate({
        near: Window({
          expression: Sum("total"),
          orderBy: "total",
          frame: ValueRange({ start: -5, end: 5 }),
        }),
        qtyPeers: Window({
          expression: Count("*"),
          orderBy: "quantity",
          frame: ValueRange({ start: -1, end: 1 }),
        }),
        upTo: Window({
          expression: Count("*"),
          orderBy: "quantity",
          frame: ValueRange({ start: null, end: 0 }),
        }),
      })
      .orderBy("pk")
      .valuesList("pk", "near", "qtyPeers", "upTo");
    expect(fixed(rows)).toEqual([
      [1, "40.75", 4, 2],
      [2, "28.75", 5, 4],
      [3, "20.25", 4, 5],
      [4, "40.75", 4, 2],
      [5, "28.75", 2, 6],
      [6, "29.75", 5, 4],
    ]);
  });

  t.case(
    "exclusions: native on SQLite and PostgreSQL, NotSupportedError on MySQL/MariaDB",
    async (ctx) => {
      const qs = Sale.objects
        .annotate({
          neighbours: Window({
            expression: Sum("quantity"),
            orderBy: "pk",
            frame: RowRange({ start: -1, end: 1, exclusion: WindowFrameExclusion.CURRENT_ROW }),
          }),
          belowGroup: Window({
            expression: Count("*"),
            orderBy: "quantity",
            frame: ValueRange({ end: 0, exclusion: WindowFrameExclusion.GROUP }),
          }),
        })
        .orderBy("pk")
        .valuesList("pk", "neighbours", "belowGroup");
      if (!ctx.features().supportsFrameExclusion) {
        expect(ctx.dialect).toBe("mysql");
        expect(() => qs.sql()).toThrow(NotSupportedError);
        expect(() => qs.sql()).toThrow(
          "MariaDB does not support window frame exclusion (EXCLUDE CURRENT ROW); compute the frame without it",
        );
        return;
      }
      expect(qs.sql().sql).toContain(
        "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW",
      );
      expect(qs.sql().sql).toContain(
        "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP",
      );
      expect(await qs).toEqual([
        [1, 2, 0],
        [2, 4, 2],
        [3, 3, 4],
        [4, 7, 0],
        [5, 3, 5],
        [6, 4, 2],
      ]);
      const ties = await Sale.objects
        .annotate({
          others: Window({
            expression: Count("*"),
            orderBy: "quantity",
            frame: ValueRange({ start: null, end: null, exclusion: WindowFrameExclusion.TIES }),
          }),
          all: Window({
            expression: Count("*"),
            orderBy: "quantity",
            frame: RowRange({ exclusion: WindowFrameExclusion.NO_OTHERS }),
          }),
        })
        .orderBy("pk")
        .valuesList("pk", "others", "all");
      // TIES leaves out the current row's peers but keeps the row itself.
      expect(ties).toEqual([
        [1, 5, 6],
        [2, 5, 6],
        [3, 6, 6],
        [4, 5, 6],
        [5, 6, 6],
        [6, 5, 6],
      ]);
    },
  );

  t.case("frames are checked when built, as Django checks them when compiled", () => {
    expect(() => RowRange({ start: 2, end: 1 })).toThrow("start cannot be greater than end.");
    expect(() => RowRange({ start: 1.5 })).toThrow(
      "start argument must be an integer, zero, or None, but got '1.5'.",
    );
    expect(() => RowRange({ end: "1" as unknown as number })).toThrow(
      "end argument must be an integer, zero, or None, but got '1'.",
    );
    expect(() => ValueRange({ start: 1 })).toThrow(
      "start argument must be a negative integer, zero, or None, but got '1'.",
    );
    expect(() => ValueRange({ end: -1 })).toThrow(
      "end argument must be a positive integer, zero, or None, but got '-1'.",
    );
    expect(() => RowRange({ exclusion: "ROW" as WindowFrameExclusion })).toThrow(
      "RowRange.exclusion must be a WindowFrameExclusion instance.",
    );
    expect(() =>
      Window({
        expression: RowNumber(),
        frame: { start: 1 } as unknown as ReturnType<typeof RowRange>,
      }),
    ).toThrow(TypeError);
  });

  t.case(
    "RANGE offsets need one numeric orderBy term (else a FieldError, on every database)",
    () => {
      const range = ValueRange({ start: -1, end: 0 });
      expect(() =>
        Sale.objects.annotate({
          x: Window({ expression: Count("*"), orderBy: "createdAt", frame: range }),
        }),
      ).toThrow(FieldError);
      expect(() =>
        Sale.objects.annotate({
          x: Window({ expression: Count("*"), orderBy: ["total", "pk"], frame: range }),
        }),
      ).toThrow(
        "ValueRange() with an offset (n PRECEDING / n FOLLOWING) needs exactly one orderBy term of a numeric type; this window orders by 2 term(s). Use RowRange() to count rows instead.",
      );
      // Unbounded and CURRENT ROW bounds need no numeric key.
      Sale.objects.annotate({
        x: Window({
          expression: Count("*"),
          orderBy: [F("createdAt"), "pk"],
          frame: ValueRange({ end: 0 }),
        }),
      });
    },
  );
});
