/**
 * Object allocation (reference §2.12, §4 intro): what each allocation function asks the OBJ domain
 * for, what it initialises, and the static region's directory.
 */

import { describe, expect, it } from "vitest";
import { PYMEM_DOMAIN_OBJ, type PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { ROOT } from "../src/alloc/heap.js";
import { STATIC_DIRECTORY } from "../src/runtime/objects/core/context.js";
import { StaticRegion } from "../src/runtime/objects/core/static-region.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { makeRuntime, obFlags, rawRefcnt } from "./helpers/objects.js";

function logObj(rt: Runtime): { log: string[]; restore: () => void } {
  const log: string[] = [];
  const prev = rt.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ);
  const wrapper: PyMemAllocatorEx<PyMemAllocatorEx> = {
    ctx: prev,
    malloc: (c, n) => (log.push(`malloc(${n})`), c.malloc(c.ctx, n)),
    calloc: (c, k, e) => (log.push(`calloc(${k}, ${e})`), c.calloc(c.ctx, k, e)),
    realloc: (c, p, n) => (log.push(`realloc(${n})`), c.realloc(c.ctx, p, n)),
    free: (c, p) => (log.push("free"), c.free(c.ctx, p)),
  };
  rt.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, wrapper);
  return { log, restore: () => rt.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, prev) };
}

describe("allocation functions", () => {
  it("PyType_GenericAlloc: pre-header + room for nitems + 1, everything zeroed, ob_size = nitems", () => {
    const rt = makeRuntime();
    const { log, restore } = logObj(rt);
    // Dirty a block of the size class first, so zeroing is observable.
    const dirty = rt.PyObject_Malloc(72);
    rt.heap.u8.fill(0xab, dirty, dirty + 72);
    rt.PyObject_Free(dirty);
    log.length = 0;
    const t = rt.PyType_GenericAlloc(rt.PyTuple_Type, 2);
    restore();
    expect(log).toEqual(["malloc(72)"]); // 16 (GC head) + round8(32 + 3 * 8)
    expect(rt.Py_SIZE(t)).toBe(2);
    expect(rawRefcnt(rt, t)).toBe(1);
    // PyType_GenericAlloc tracks GC objects: the GC head links the tuple into the young list
    // (src/gc); everything else outside the header is zero.
    expect(rt.gc.is_tracked(t)).toBe(true);
    for (let p = t; p < t + 56; p += 4) if (p >= t + 24) expect(rt.heap.u32[p >>> 2], `offset ${p - t}`).toBe(0);
    expect([rt.heap.u32[(t - 12) >>> 2], rt.heap.u32[(t - 4) >>> 2]]).toEqual([0, 0]); // high words of the two pointers
    rt.Py_DECREF(t);
  });

  it("PyObject_New / NewVar / GC_NewVar allocate exactly, with no pre-header for the non-GC ones", () => {
    const rt = makeRuntime();
    const { log, restore } = logObj(rt);
    const o = rt.PyObject_New(rt.PyBaseObject_Type);
    const v = rt.PyObject_NewVar(rt.PyLong_Type, 3); // 24 + 3 * 4 = 36 → 40
    const g = rt.PyObject_GC_NewVar(rt.PyTuple_Type, 3); // 16 + 32 + 24
    restore();
    expect(log).toEqual(["malloc(16)", "malloc(40)", "malloc(72)"]);
    expect(rt.Py_TYPE(o)).toBe(rt.PyBaseObject_Type);
    expect(rt.Py_SIZE(g)).toBe(3);
    expect(rt.heap.i64[(g - 16) >>> 3]).toBe(0n);
    expect(rt.heap.i64[(g - 8) >>> 3]).toBe(0n);
    expect(obFlags(rt, v)).toBe(0);
    rt.PyObject_Del(o);
    rt.PyObject_GC_Del(g);
    rt.PyObject_Free(v);
    expect(rt.PyObject_Init(0, rt.PyBaseObject_Type)).toBe(0);
    expect(rt.objects.err.current()?.type).toBe(rt.PyExc_MemoryError);
  });

  it("a failed allocation is MemoryError, not a crash", () => {
    const rt = makeRuntime({ heap_max_bytes: 8 << 20 });
    expect(rt.PyTuple_New(2_000_000)).toBe(0);
    expect(rt.objects.err.current()?.type).toBe(rt.PyExc_MemoryError);
    rt.PyErr_Clear();
    expect(rt.PyTuple_New(2 ** 61)).toBe(0);
    expect(rt.objects.err.current()?.type).toBe(rt.PyExc_MemoryError);
  });
});

describe("static region", () => {
  it("is published at ROOT.runtime and its directory rebuilds every static address", () => {
    const rt = makeRuntime();
    expect(rt.heap.getRoot(ROOT.runtime)).toBe(rt.objects.region.base);
    expect(rt.mem.os.isMappingStart(rt.objects.region.base)).toBe(true);
    expect(StaticRegion.readDirectory(rt.mem, STATIC_DIRECTORY)).toEqual({ ...rt.objects.addresses });
    for (const key of STATIC_DIRECTORY) {
      const a = rt.objects.addresses[key];
      expect(a).toBeGreaterThanOrEqual(rt.objects.region.base);
      expect(a).toBeLessThan(rt.objects.region.base + rt.objects.region.size);
      expect((rt as unknown as Record<string, number>)[key]).toBe(a);
    }
  });
});
