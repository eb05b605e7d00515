/**
 * The pymalloc rows of the allocator bench do what their names say: "pymalloc" drives a Pymalloc
 * directly and "pymalloc-capi" the same allocator through PyObject_Malloc/PyObject_Free of a
 * PyMemory. Both replay the standard traces (full length) with no NULL and hand out blocks at the
 * same places in their pools (same allocator, same policy, fresh heaps of the same shape), replay
 * after replay on the same instance (the second starts from the arena the first one's drain kept).
 */

import { describe, expect, test } from "vitest";
import type { Contender } from "../bench/contender.js";
import pymallocCapi from "../bench/contenders/pymalloc-capi.js";
import pymalloc from "../bench/contenders/pymalloc.js";
import { standardWorkloads } from "../bench/workloads.js";

/** Replays a trace against one instance, returning every address malloc returned, in order. */
function replayAddresses(c: Contender, name: string, times: number): number[][] {
  const w = standardWorkloads().find((x) => x.name === name)!;
  const inst = c.create();
  const a = inst.allocator;
  const addr = new Int32Array(w.trace.slotCount);
  const runs: number[][] = [];
  for (let t = 0; t < times; t++) {
    const got: number[] = [];
    for (let i = 0; i < w.trace.sizes.length; i++) {
      const s = w.trace.sizes[i];
      if (s > 0) {
        const p = a.malloc(s);
        addr[w.trace.slots[i]] = p;
        got.push(p);
      } else {
        a.free(addr[w.trace.slots[i]], -s);
      }
    }
    runs.push(got);
  }
  expect(runs.flat().filter((p) => p === 0).length, "NULLs").toBe(0);
  return runs;
}

describe("pymalloc bench rows", () => {
  for (const name of ["pairs", "random"]) {
    test(`${name}: direct and C-API rows hand out the same blocks, replay after replay`, () => {
      const direct = replayAddresses(pymalloc, name, 2);
      const capi = replayAddresses(pymallocCapi, name, 2);
      // Different heaps, but each starts the same way (RAW state, pymalloc state, then arenas), so the
      // offsets of the blocks inside their pools must agree block for block, in both replays.
      const inPool = (p: number): number => p & 0x3fff;
      for (const t of [0, 1]) {
        const a = direct[t].map(inPool).join(",");
        const b = capi[t].map(inPool).join(",");
        expect(a === b, `replay ${t}: the C-API row's blocks sit where the direct row's do`).toBe(true);
      }
    });
  }
});
