/**
 * The object-creation benchmark (bench/objects/): every kind loads, its cycle leaves the runtime as
 * it found it (reference total and allocated blocks), and a --quick run writes its JSON. No timing
 * assertions.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKinds } from "../bench/objects/suite.js";
import { mainObjects } from "../bench/objects/run.js";
import { makeRuntime } from "./helpers/objects.js";

describe("object-creation benchmark", () => {
  it("every kind's cycle is balanced", async () => {
    const { kinds, skipped } = await loadKinds();
    expect(skipped).toEqual([]);
    expect(kinds.map((k) => k.name)).toEqual(expect.arrayContaining(["int", "float"]));
    for (const kind of kinds) {
      const rt = makeRuntime({ ref_debug: true });
      const inst = kind.setup(rt);
      inst.cycle(1000); // warm the free lists
      rt._PyObject_ClearFreeLists();
      const refs = rt.sys.gettotalrefcount();
      const blocks = rt.sys.getallocatedblocks();
      for (const n of [1, 7, 1000]) inst.cycle(n);
      rt._PyObject_ClearFreeLists();
      expect([kind.name, rt.sys.gettotalrefcount(), rt.sys.getallocatedblocks()]).toEqual([kind.name, refs, blocks]);
    }
  });

  it("a quick run reports every kind and writes JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "poick-objects-"));
    try {
      const lines: string[] = [];
      const { rows, files } = await mainObjects({ quick: true, filter: null, outDir: dir }, (l) => lines.push(l));
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const r of rows) expect(r.object.nsPerObject).toBeGreaterThan(0);
      const json = JSON.parse(readFileSync(files[1], "utf8")) as { rows: unknown[] };
      expect(json.rows.length).toBe(rows.length);
      expect(lines.some((l) => l.startsWith("kind "))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
