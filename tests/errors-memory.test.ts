/**
 * MemoryError without allocation (Objects/exceptions.c, 3.14): 16 MemoryError instances are
 * preallocated onto a free list at start-up (MEMERRORS_SAVE), PyErr_NoMemory takes one (or the
 * static last-resort instance when the list is empty) and never allocates; heap exhaustion in any
 * object allocation surfaces as MemoryError, never as a JavaScript exception, and the runtime
 * keeps working once memory is released.
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { callType, excRepr, takeRaised } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

const numfree = (rt: Runtime) => rt.objects.exceptions.memoryErrors.numfree;

describe("the MemoryError free list", () => {
  it("starts with 16 preallocated instances; PyErr_NoMemory takes the most recently freed one", () => {
    const rt = makeRuntime({ ref_debug: true });
    expect(numfree(rt)).toBe(16);
    const list = rt.objects.exceptions.memoryErrors.freeList();
    expect(new Set(list).size).toBe(16);
    const blocks = rt.sys.getallocatedblocks();
    const total = rt.sys.gettotalrefcount();
    rt.PyErr_NoMemory();
    expect(rt.sys.getallocatedblocks()).toBe(blocks); // nothing allocated
    expect(numfree(rt)).toBe(15);
    const e = takeRaised(rt);
    expect(e).toBe(list[0]);
    expect(rt.Py_TYPE(e)).toBe(rt.PyExc_MemoryError);
    expect(rt.Py_REFCNT(e)).toBe(1);
    expect(rt.sys.gettotalrefcount()).toBe(total + 1);
    expect(excRepr(rt, e)).toBe("MemoryError()");
    expect(rt.sys.getsizeof(e)).toBe(88);
    rt.Py_DECREF(e);
    expect(numfree(rt)).toBe(16);
    expect(rt.objects.exceptions.memoryErrors.freeList()[0]).toBe(e);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("MemoryError() uses the list too (its arguments come from __init__); subclasses do not", () => {
    const rt = makeRuntime();
    const e = callType(rt, rt.PyExc_MemoryError, rt.Py_None);
    expect(numfree(rt)).toBe(15);
    expect(excRepr(rt, e)).toBe("MemoryError(None)");
    rt.Py_DECREF(e);
    expect(numfree(rt)).toBe(16);
    const Sub = rt.PyErr_NewException("m.MyMemoryError", rt.PyExc_MemoryError, 0);
    const s = callType(rt, Sub);
    expect(numfree(rt)).toBe(16);
    expect(rt.sys.getsizeof(s)).toBe(72 + 32);
    rt.Py_DECREF(s);
    expect(numfree(rt)).toBe(16);
  });

  it("keeps at most 16; with the list empty PyErr_NoMemory raises the static last-resort instance", () => {
    const rt = makeRuntime();
    const held: number[] = [];
    for (let i = 0; i < 16; i++) {
      rt.PyErr_NoMemory();
      held.push(takeRaised(rt));
    }
    expect(numfree(rt)).toBe(0);
    rt.PyErr_NoMemory();
    const last = takeRaised(rt);
    expect(last).toBe(rt.objects.addresses._Py_last_resort_memory_error);
    expect(rt.sys._is_immortal(last)).toBe(true);
    expect(rt.Py_TYPE(last)).toBe(rt.PyExc_MemoryError);
    expect(excRepr(rt, last)).toBe("MemoryError()");
    rt.Py_DECREF(last); // immortal: nothing happens
    const extra = callType(rt, rt.PyExc_MemoryError); // list empty: a fresh allocation
    held.push(extra);
    const blocksBefore = rt.sys.getallocatedblocks();
    for (const e of held) rt.Py_DECREF(e);
    expect(numfree(rt)).toBe(16);
    expect(rt.sys.getallocatedblocks()).toBe(blocksBefore - 1); // the 17th went back to the allocator
  });
});

describe("heap exhaustion", () => {
  it("allocating until NULL gives MemoryError; clear, free, and allocation works again", () => {
    const rt = makeRuntime({ ref_debug: true, heap_max_bytes: 4 << 20 });
    const total = rt.sys.gettotalrefcount();
    const held: number[] = [];
    for (;;) {
      const t = rt.PyTuple_New(200);
      if (t === 0) break;
      held.push(t);
      if (held.length > 100_000) throw new Error("the heap never ran out");
    }
    expect(held.length).toBeGreaterThan(100);
    expect(rt.PyErr_Occurred()).toBe(rt.PyExc_MemoryError);
    const e = takeRaised(rt);
    expect(rt.objects.exceptions.memoryErrors.freeList()).not.toContain(e);
    rt.Py_DECREF(e);
    // while exhausted: more failures, each a MemoryError without allocating
    expect(rt.PyTuple_New(200)).toBe(0);
    expect(currentError(rt)).toEqual(["MemoryError", ""]);
    rt.PyErr_Clear();
    // an exception that needs an instance of its own cannot be created: MemoryError instead
    rt.PyErr_SetString(rt.PyExc_ValueError, "needs memory");
    expect(rt.PyErr_Occurred() === rt.PyExc_MemoryError || rt.PyErr_Occurred() === rt.PyExc_ValueError).toBe(true);
    rt.PyErr_Clear();
    for (const t of held) rt.Py_DECREF(t);
    expect(rt.sys.gettotalrefcount()).toBe(total);
    const t = rt.PyTuple_New(200);
    expect(t).not.toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.Py_DECREF(t);
  });

  it("the 16 spare MemoryErrors and then the last resort cover repeated failures", () => {
    const rt = makeRuntime({ heap_max_bytes: 4 << 20 });
    const held: number[] = [];
    while (rt.PyTuple_New(500) !== 0) {
      // keep allocating (leaked on purpose: the heap stays full)
    }
    rt.PyErr_Clear();
    for (let i = 0; i < 20; i++) {
      expect(rt.PyTuple_New(500)).toBe(0);
      held.push(takeRaised(rt));
    }
    expect(held.slice(16).every((e) => e === rt.objects.addresses._Py_last_resort_memory_error)).toBe(true);
    expect(new Set(held.slice(0, 16)).size).toBe(16);
    for (const e of held) rt.Py_DECREF(e);
    expect(numfree(rt)).toBe(16);
  });

  it("a heap type instance that cannot be allocated is a MemoryError too (PyType_GenericAlloc)", () => {
    const rt = makeRuntime({ heap_max_bytes: 4 << 20 });
    const T = rt.PyType_FromSpec({ name: "m.Small", basicsize: 16, itemsize: 0, flags: Py_TPFLAGS_DEFAULT, slots: [] });
    let n = 0;
    while (rt.PyObject_CallNoArgs(T) !== 0) n++;
    expect(n).toBeGreaterThan(1000);
    expect(rt.PyErr_Occurred()).toBe(rt.PyExc_MemoryError);
    rt.PyErr_Clear();
  });
});
