/**
 * A minimal `linecache`: the source lines `Traceback.format()` prints under each frame.
 *
 * Like CPython's, it reads the file named by the frame (absolute or relative to the working
 * directory), decodes UTF-8 with universal newlines, caches the lines per filename until
 * `clearcache()`, and returns '' for a missing file, a line out of range, or a pseudo-filename such
 * as `<unknown>` or `<string>` (`<frozen x>` too: poick has no frozen modules). The interpreter will
 * register its own sources through `setSourceProvider`, which is consulted first.
 */

import { readFileSync } from "node:fs";

/** Returns a file's source text, or null when it has none to offer. */
export type SourceProvider = (filename: string) => string | null;

const cache = new Map<string, readonly string[]>();
let provider: SourceProvider | null = null;

/** Install (or remove, with null) a source provider consulted before the file system. */
export function setSourceProvider(p: SourceProvider | null): void {
  provider = p;
  cache.clear();
}

export function clearcache(): void {
  cache.clear();
}

/** Line `lineno` (1-based) of `filename` with its newline, or '' when unavailable. */
export function getline(filename: string, lineno: number): string {
  const lines = getlines(filename);
  return lineno >= 1 && lineno <= lines.length ? lines[lineno - 1] : "";
}

export function getlines(filename: string): readonly string[] {
  let lines = cache.get(filename);
  if (lines === undefined) {
    lines = load(filename);
    if (lines.length > 0) cache.set(filename, lines);
  }
  return lines;
}

function load(filename: string): readonly string[] {
  let text = provider?.(filename) ?? null;
  if (text === null) {
    if (!filename || (filename.startsWith("<") && filename.endsWith(">"))) return [];
    try {
      text = readFileSync(filename, "utf8");
    } catch {
      return [];
    }
  }
  if (text.startsWith("\ufeff")) text = text.slice(1);
  text = text.replace(/\r\n?/g, "\n");
  if (text === "") return [];
  const lines = text.split("\n").map((l) => l + "\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}
