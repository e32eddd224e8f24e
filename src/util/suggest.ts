/**
 * Closest-match suggestions for error messages, in the spirit of Python's
 * difflib.get_close_matches: a similarity ratio, a cut-off, best first.
 */
export function closeMatches(
  word: string,
  candidates: Iterable<string>,
  max = 3,
  cutoff = 0.6,
): string[] {
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const r = similarity(word.toLowerCase(), c.toLowerCase());
    if (r >= cutoff) scored.push([r, c]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].localeCompare(b[1]));
  return scored.slice(0, max).map(([, c]) => c);
}

function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (total - levenshtein(a, b)) / total;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Return " Did you mean 'x'?" or "" — the tail of a FieldError message. */
export function suggestionSuffix(word: string, candidates: Iterable<string>): string {
  const m = closeMatches(word, candidates, 1);
  return m.length ? ` Did you mean '${m[0]}'?` : "";
}
