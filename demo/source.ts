/**
 * Show each scene's code exactly as written: read the scenes file and cut
 * out the body of every `scene("title", async () => { … })`. (Function
 * `toString()` would show tsx's minified output, without comments.)
 */
import { readFileSync } from "node:fs";

const SCENE_HEAD = /scene\(\s*("(?:[^"\\]|\\.)*"),\s*async \(\) => \{/g;

/** Scene bodies, dedented, keyed by title. */
export function sceneBodies(file: string): Map<string, string> {
  const text = readFileSync(file, "utf8");
  const bodies = new Map<string, string>();
  for (const m of text.matchAll(SCENE_HEAD)) {
    const start = m.index + m[0].length;
    bodies.set(JSON.parse(m[1]) as string, dedent(text.slice(start, closingBrace(text, start))));
  }
  return bodies;
}

/** Index of the `}` that closes the block opened just before `from`. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") {
      i = endOfString(text, i);
    } else if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1;
    } else if (c === "{") {
      depth++;
    } else if (c === "}" && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unbalanced braces after offset ${from}`);
}

function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function dedent(block: string): string {
  const lines = block
    .replace(/^\s*\n/, "")
    .trimEnd()
    .split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join("\n");
}
