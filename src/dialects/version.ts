/** Is a server version string ("10.11.19-MariaDB", "15.20 (Debian …)") at least `min`? */
export function atLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split(/[.\s-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < min.length; i++) {
    const v = Number.isNaN(parts[i]) ? 0 : (parts[i] ?? 0);
    if (v !== min[i]) return v > min[i];
  }
  return true;
}
