/**
 * The contender registry: every module in bench/contenders/ that default-exports a Contender.
 *
 * Adding a contender is adding one file there; nothing else lists them. Modules are imported one by
 * one, so a contender whose allocator is missing or broken at run time is reported as skipped
 * instead of stopping the whole run. (Under vitest the folder holds .ts files, under dist/ .js.)
 */

import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Contender } from "./contender.js";

export interface SkippedContender {
  file: string;
  reason: string;
}

export interface Registry {
  contenders: Contender[];
  skipped: SkippedContender[];
}

const here = fileURLToPath(import.meta.url);
const EXT = extname(here); // ".js" when compiled, ".ts" under vitest
export const CONTENDERS_DIR = join(here, "..", "contenders");

function isContender(x: unknown): x is Contender {
  if (typeof x !== "object" || x === null) return false;
  const c = x as Record<string, unknown>;
  return typeof c.name === "string" && typeof c.create === "function" && typeof c.maxSize === "number";
}

/** Load every contender, ordered by `order` then name. */
export async function loadContenders(dir: string = CONTENDERS_DIR): Promise<Registry> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(EXT) && !f.endsWith(".d.ts") && !f.startsWith("_"))
    .sort();
  const contenders: Contender[] = [];
  const skipped: SkippedContender[] = [];
  for (const file of files) {
    try {
      const mod: { default?: unknown } = await import(pathToFileURL(join(dir, file)).href);
      const c = mod.default;
      if (!isContender(c)) throw new Error("no Contender default export");
      if (contenders.some((x) => x.name === c.name)) throw new Error(`duplicate contender name "${c.name}"`);
      contenders.push(c);
    } catch (e) {
      skipped.push({ file, reason: e instanceof Error ? e.message.split("\n")[0] : String(e) });
    }
  }
  contenders.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { contenders, skipped };
}
