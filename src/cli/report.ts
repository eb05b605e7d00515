/**
 * Small text helpers for the command line's reports: sizes with units, aligned key/value tables,
 * section headings. Presentation only; every number comes from the heap.
 */

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

export function heading(title: string): string {
  return `\n== ${title} ${"=".repeat(Math.max(0, 74 - title.length))}\n`;
}

/** Two aligned columns: label, value. */
export function table(rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === "number" ? v.toLocaleString("en-US") : v}\n`).join("");
}

/** Indent every line of a block of text. */
export function indent(text: string, by = "  "): string {
  return text
    .split("\n")
    .map((line) => (line ? by + line : line))
    .join("\n");
}
