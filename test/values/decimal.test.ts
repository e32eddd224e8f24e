import { describe, expect, it } from "vitest";
import { Decimal, decimalFromScaled, decimalFromText } from "../../src/values/decimal.js";

/** The fast Decimal builders must agree with decimal.js's own parser in every observable way. */
function same(fast: Decimal, text: string): void {
  const slow = new Decimal(text);
  expect(fast.toString()).toBe(slow.toString());
  expect(fast.equals(slow)).toBe(true);
  expect(fast.isNegative()).toBe(slow.isNegative());
  expect(fast.toFixed(6)).toBe(slow.toFixed(6));
  expect(fast.add("1.5").toString()).toBe(slow.add("1.5").toString());
  expect(fast.mul(7).div(3).toString()).toBe(slow.mul(7).div(3).toString());
}

function textOf(n: number, places: number): string {
  const ds = String(Math.abs(n)).padStart(places + 1, "0");
  const body = places ? `${ds.slice(0, -places)}.${ds.slice(-places)}` : ds;
  return n < 0 ? `-${body}` : body;
}

describe("fast decimals", () => {
  it("decimalFromScaled equals new Decimal(text) on edge cases and 20,000 random values", () => {
    const edges: Array<[number, number]> = [
      [0, 0],
      [0, 2],
      [1, 0],
      [5, 2],
      [100, 2],
      [1_000_000, 0],
      [10_000_000, 0],
      [1, 7],
      [10, 8],
      [1234567890, 2],
      [999_999_999_999_999, 2],
      [-2969, 2],
      [-1, 9],
    ];
    for (const [n, p] of edges) same(decimalFromScaled(n, p), textOf(n, p));
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const places = Math.floor(rand() * 10);
      let n = Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 15)));
      if (rand() < 0.3) n = -n;
      if (n === 0) n = 0;
      same(decimalFromScaled(n, places), textOf(n, places));
    }
  });

  it("decimalFromText handles database text, long values and signs", () => {
    for (const t of [
      "0",
      "0.00",
      "12.34",
      "-12.34",
      "100.50",
      "0.0000001",
      "12345678901234.5",
      "1234567890123456789.123456789",
      "-0.00",
    ]) {
      same(decimalFromText(t), t);
    }
  });
});
