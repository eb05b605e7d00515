/**
 * Worker threads run compiled JavaScript from dist/. `ensureDist()` (call it in beforeAll, with a
 * 150 s timeout) runs tsc once when dist is missing or older than the sources under src/alloc and
 * bench/; tsc emits even when files of other areas have type errors, so only a missing or stale
 * output is fatal.
 */

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const OUTPUTS = ["dist/src/alloc/mimalloc/workers/entry.js", "dist/src/alloc/mimalloc/mimalloc.js", "dist/bench/larson.js"];

function stale(): boolean {
  const outs = OUTPUTS.map((o) => join(REPO, o));
  if (outs.some((o) => !existsSync(o))) return true;
  const built = Math.min(...outs.map((o) => statSync(o).mtimeMs));
  return built < Math.max(newestSource(join(REPO, "src/alloc")), newestSource(join(REPO, "bench")));
}

export function ensureDist(): void {
  if (!stale()) return;
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: REPO, timeout: 140_000, stdio: "pipe" });
  } catch (e) {
    if (stale()) throw e;
  }
}
