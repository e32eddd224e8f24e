/** Compact, readable rendering of scene results and SQL for a terminal. */
import { Decimal, FieldNotLoaded, ModelBase, type QueryLogEntry } from "../src/index.js";

const tty = process.stdout.isTTY === true;
const style = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = style("1");
export const dim = style("2");
export const cyan = style("36");

const WIDTH = 78;
const ROWS_SHOWN = 4;

export function rule(char = "─"): string {
  return dim(char.repeat(WIDTH));
}

export function indent(text: string, by = "  "): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

/** One value, on one line: instances show their loaded fields. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof ModelBase) return formatInstance(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return String(v);
}

function formatInstance(obj: ModelBase): string {
  const meta = (obj.constructor as typeof ModelBase).meta;
  const record = obj as unknown as Record<string, unknown>;
  const fields = meta.fields.map((f) => {
    try {
      const value = record[f.attname];
      // decimal.js drops trailing zeros: show money with the field's decimal places
      const places = (f.options as { decimalPlaces?: number }).decimalPlaces;
      if (value instanceof Decimal && places !== undefined) {
        return `${f.attname}: ${value.toFixed(places)}`;
      }
      return `${f.attname}: ${formatValue(value)}`;
    } catch (error) {
      if (error instanceof FieldNotLoaded) return `${f.attname}: ${dim("<deferred>")}`;
      throw error;
    }
  });
  return `${meta.name} { ${fields.join(", ")} }`;
}

/** A result: lists show their first rows and their length. */
export function formatResult(result: unknown): string {
  if (typeof result === "string") return `→ ${result}`;
  if (!Array.isArray(result)) return `→ ${formatValue(result)}`;
  const shown = result.slice(0, ROWS_SHOWN).map((r) => `  ${formatValue(r)}`);
  const more = result.length > ROWS_SHOWN ? [dim(`  … ${result.length - ROWS_SHOWN} more`)] : [];
  const noun = result.length === 1 ? "row" : "rows";
  return [`→ ${result.length} ${noun}`, ...shown, ...more].join("\n");
}

/** The statements a scene sent, with their parameters (a long run shows its first and last). */
export function formatQueries(all: readonly QueryLogEntry[]): string {
  if (all.length === 0) return dim("(no query ran)");
  const queries = all.length > 6 ? [...all.slice(0, 3), ...all.slice(-1)] : all;
  const skipped = all.length - queries.length;
  return queries
    .map((q, i) => {
      const params = q.params.length ? `\n${dim(`  params: ${formatValue([...q.params])}`)}` : "";
      const number = skipped && i === queries.length - 1 ? all.length : i + 1;
      const gap =
        skipped && i === queries.length - 1 ? `${dim(`… ${skipped} more like these`)}\n` : "";
      const n = all.length > 1 ? `${gap}${number}. ` : "";
      return `${n}${q.sql}${params}`;
    })
    .join("\n");
}
