/**
 * list (reference §4.5, §5): layout, CPython's over-allocation after every append, insert, delete,
 * pop and slice assignment (sizes recorded from CPython 3.13.0 x86-64 with /tmp-style scripts, and
 * the same `allocated` sequence observed on pyodide 3.14.2), the free list and its
 * sys._debugmallocstats line, the C API's errors (line numbers observed through ctypes on pyodide
 * 3.14.2), repr with Py_ReprEnter, slicing, iterators and the methods' error texts (pyodide 3.14.2).
 */

import { describe, expect, it } from "vitest";
import { allocatedOf, callMethod, expectError, intList, intsOf, reprOf } from "./helpers/lists.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

/** sys.getsizeof(l) before each of 101 appends: CPython 3.13.0 x86-64 (3.14.2 pyodide: same `allocated`). */
const APPEND_SIZES = [
  56, 88, 88, 88, 88, 120, 120, 120, 120, 184, 184, 184, 184, 184, 184, 184, 184, 248, 248, 248, 248, 248, 248, 248, 248, 312, 312, 312, 312, 312, 312, 312, 312, 376, 376, 376, 376, 376, 376, 376, 376, 472, 472, 472,
  472, 472, 472, 472, 472, 472, 472, 472, 472, 568, 568, 568, 568, 568, 568, 568, 568, 568, 568, 568, 568, 664, 664, 664, 664, 664, 664, 664, 664, 664, 664, 664, 664, 792, 792, 792, 792, 792, 792, 792, 792, 792,
  792, 792, 792, 792, 792, 792, 792, 920, 920, 920, 920, 920, 920, 920, 920,
];

describe("list layout and growth", () => {
  it("PyListObject fields, type object and flags", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(3);
    expect(rt.heap.u32[(l + 8) >>> 2]).toBe(rt.PyList_Type);
    expect(rt.Py_SIZE(l)).toBe(3);
    const items = rt.heap.u32[(l + 24) >>> 2];
    expect(items).not.toBe(0);
    expect(rt.heap.u32[(l + 28) >>> 2]).toBe(0); // high word of ob_item
    expect(allocatedOf(rt, l)).toBe(3);
    for (let i = 0; i < 3; i++) expect(rt.PyList_GET_ITEM(l, i)).toBe(0); // PyMem_Calloc'd
    const e = rt.PyList_New(0);
    expect(rt.heap.u32[(e + 24) >>> 2]).toBe(0);
    expect(rt.sys.getsizeof(e)).toBe(56);
    // list.__flags__ on pyodide 3.14.2: 0x2405522; list_iterator / list_reverseiterator 0x5182
    expect(rt.PyType_GetFlags(rt.PyList_Type)).toBe(0x2405522);
    expect(rt.PyType_GetFlags(rt.PyListIter_Type)).toBe(0x5182);
    expect(rt.PyType_GetFlags(rt.PyListRevIter_Type)).toBe(0x5182);
    expect(rt.objects.typeName(rt.PyListRevIter_Type)).toBe("list_reverseiterator");
    for (let i = 0; i < 3; i++) rt.PyList_SET_ITEM(l, i, rt.Py_NewRef(rt.Py_None));
    rt.Py_DECREF(l);
    rt.Py_DECREF(e);
  });

  it("sys.getsizeof after 0..100 appends matches CPython", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(0);
    const sizes: number[] = [];
    for (let i = 0; i <= 100; i++) {
      sizes.push(rt.sys.getsizeof(l));
      expect(rt.PyList_Append(l, rt.Py_None)).toBe(0);
    }
    expect(sizes).toEqual(APPEND_SIZES);
    rt.Py_DECREF(l);
  });

  it("insert / pop / del / slice assignment / extend / repeat sequences match CPython's allocated", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(0);
    const out: [string, number, number][] = [];
    const rec = (tag: string) => out.push([tag, rt.PyList_GET_SIZE(l), allocatedOf(rt, l)]);
    const none = rt.Py_None;
    for (let i = 0; i < 30; i++) rt.PyList_Append(l, none);
    rec("a30");
    rt.PyList_Insert(l, 0, none);
    rec("ins0");
    for (let i = 0; i < 10; i++) rt.PyList_Insert(l, Math.floor(rt.PyList_GET_SIZE(l) / 2), none);
    rec("ins10");
    for (let i = 0; i < 25; i++) rt.Py_DECREF(callMethod(rt, "pop", l));
    rec("pop25");
    rt.Py_DECREF(callMethod(rt, "pop", l, [rt.PyLong_FromLong(0)]));
    rec("pop0");
    const ass = rt.objects.list.slots;
    expect(ass.assItem(l, 2, 0)).toBe(0); // del l[2]
    rec("del2");
    expect(rt.PyList_SetSlice(l, 1, 5, 0)).toBe(0);
    rec("delslice");
    const r20 = intList(rt, Array.from({ length: 20 }, (_, i) => i));
    expect(rt.PyList_SetSlice(l, 1, 2, r20)).toBe(0);
    rec("grow20");
    const empty = rt.PyList_New(0);
    expect(rt.PyList_SetSlice(l, 0, 0, empty)).toBe(0);
    rec("empty");
    const r3 = intList(rt, [0, 1, 2]);
    expect(rt.PyList_SetSlice(l, 0, rt.PyList_GET_SIZE(l), r3)).toBe(0);
    rec("replace3");
    expect(rt.PyList_SetSlice(l, 0, rt.PyList_GET_SIZE(l), empty)).toBe(0);
    rec("clear");
    const r7 = rt.PyList_AsTuple(intList(rt, [0, 1, 2, 3, 4, 5, 6]));
    expect(rt.PyList_Extend(l, r7)).toBe(0);
    rec("ext7");
    const t3 = rt.PyList_AsTuple(r3);
    expect(rt.PyList_Extend(l, t3)).toBe(0);
    rec("ext3");
    // CPython 3.13.0 x86-64 and pyodide 3.14.2 (gen_sizes.py): (tag, len, allocated)
    expect(out).toEqual([
      ["a30", 30, 32],
      ["ins0", 31, 32],
      ["ins10", 41, 52],
      ["pop25", 16, 32],
      ["pop0", 15, 20],
      ["del2", 14, 20],
      ["delslice", 10, 20],
      ["grow20", 29, 32],
      ["empty", 29, 32],
      ["replace3", 3, 8],
      ["clear", 0, 0],
      ["ext7", 7, 8],
      ["ext3", 10, 16],
    ]);
    // l *= 3 after 40 more; del l[::2]; list(range(3)) = 4; [0]*7 = 7; slice of 5 = 5; concat 11 = 11
    const forty = intList(rt, Array.from({ length: 40 }, () => 9));
    expect(rt.PyList_Extend(l, forty)).toBe(0);
    expect([rt.PyList_GET_SIZE(l), allocatedOf(rt, l)]).toEqual([50, 52]);
    const step2 = rt.PySlice_New(0, 0, rt.PyLong_FromLong(2));
    expect(ass.assSubscript(l, step2, 0)).toBe(0);
    expect([rt.PyList_GET_SIZE(l), allocatedOf(rt, l)]).toEqual([25, 32]);
    const tripled = ass.inplaceRepeat(l, 3);
    expect(tripled).toBe(l);
    rt.Py_DECREF(tripled);
    expect([rt.PyList_GET_SIZE(l), allocatedOf(rt, l)]).toEqual([75, 76]);
    expect(rt.PyList_Clear(l)).toBe(0);
    expect([rt.PyList_GET_SIZE(l), allocatedOf(rt, l), rt.heap.u32[(l + 24) >>> 2]]).toEqual([0, 0, 0]);
    const lit = rt.PyList_New(0);
    expect(rt.PyList_Extend(lit, t3)).toBe(0); // [1, 2, 3] compiles to an extend: 4
    expect(allocatedOf(rt, lit)).toBe(4);
    const mul = ass.repeat(intList(rt, [0]), 7);
    expect(allocatedOf(rt, mul)).toBe(7);
    const big = intList(rt, Array.from({ length: 10 }, (_, i) => i));
    expect(allocatedOf(rt, rt.PyList_GetSlice(big, 2, 7))).toBe(5);
    expect(allocatedOf(rt, ass.concat(big, intList(rt, [1])))).toBe(11);
    const hundred = intList(rt, Array.from({ length: 100 }, (_, i) => i));
    for (let i = 0; i < 51; i++) rt.Py_DECREF(callMethod(rt, "pop", hundred));
    expect(allocatedOf(rt, hundred)).toBe(60); // reference §4.5: popping 100 → 49 reallocates to 60
    const one = intList(rt, [1]);
    rt.Py_DECREF(ass.inplaceRepeat(one, 5));
    expect(allocatedOf(rt, one)).toBe(8);
  });

  it("del l[i] never reallocates (3.14's list_ass_item), pop does", () => {
    const rt = makeRuntime();
    const a = intList(rt, Array.from({ length: 100 }, (_, i) => i));
    const b = intList(rt, Array.from({ length: 100 }, (_, i) => i));
    const seenA = new Set<number>();
    const seenB = new Set<number>();
    while (rt.PyList_GET_SIZE(a) > 30) {
      rt.objects.list.slots.assItem(a, 0, 0);
      seenA.add(allocatedOf(rt, a));
      rt.Py_DECREF(callMethod(rt, "pop", b, [rt.PyLong_FromLong(0)]));
      seenB.add(allocatedOf(rt, b));
    }
    // pyodide 3.14.2 / CPython 3.13.0: del0 → {100}, pop0 → {60, 100}
    expect([...seenA]).toEqual([100]);
    expect([...seenB].sort((x, y) => x - y)).toEqual([60, 100]);
  });
});

describe("list free list", () => {
  it("keeps up to 80 exact lists, reuses the most recent, and prints CPython's stats line", () => {
    const rt = makeRuntime();
    rt.objects._PyObject_ClearFreeLists();
    const made = Array.from({ length: 90 }, () => rt.PyList_New(0));
    for (const l of made) rt.Py_DECREF(l);
    expect(rt.objects.ctx.freelists.size(rt.objects.ctx.freelists.list("lists"))).toBe(80);
    const again = rt.PyList_New(0);
    expect(again).toBe(made[79]); // LIFO
    expect(rt.Py_REFCNT(again)).toBe(1);
    rt.sys._debugmallocstats();
    const lines = rt.err.text.split("\n");
    const i = lines.findIndex((s) => s.includes("free PyListObjects"));
    expect(lines[i]).toBe("           79 free PyListObjects * 40 bytes each =                3,160");
    expect(lines[i - 1]).toContain("PyFloatObjects");
    expect(lines[i + 1]).toContain("free 1-sized PyTupleObjects");
    rt.objects._PyObject_ClearFreeLists();
    expect(rt.objects.ctx.freelists.size(rt.objects.ctx.freelists.list("lists"))).toBe(0);
    rt.Py_DECREF(again);
  });
});

describe("list C API errors", () => {
  it("SystemError lines, IndexError texts and stealing", () => {
    const rt = makeRuntime({ ref_debug: true });
    const n = rt.Py_None;
    const cases: [string, () => number, number][] = [
      ["PyList_New", () => rt.PyList_New(-1), 238],
      ["PyList_Size", () => rt.PyList_Size(n), 306],
      ["PyList_GetItem", () => rt.PyList_GetItem(n, 0), 388],
      ["PyList_Insert", () => rt.PyList_Insert(n, 0, n), 507],
      ["PyList_Append", () => rt.PyList_Append(n, n), 542],
      ["PyList_GetSlice", () => rt.PyList_GetSlice(n, 0, 1), 717],
      ["PyList_SetSlice", () => rt.PyList_SetSlice(n, 0, 1, 0), 1026],
      ["PyList_Extend", () => rt.PyList_Extend(n, n), 1487],
      ["PyList_Clear", () => rt.PyList_Clear(n), 1498],
      ["PyList_Sort", () => rt.PyList_Sort(n), 3170],
      ["PyList_Reverse", () => rt.PyList_Reverse(n), 3204],
      ["PyList_AsTuple", () => rt.PyList_AsTuple(n), 3219],
    ];
    for (const [, call, line] of cases) {
      call();
      expectError(rt, "SystemError", `Objects/listobject.c:${line}: bad argument to internal function`);
    }
    const l = rt.PyList_New(0);
    expect(rt.PyList_Insert(l, 0, 0)).toBe(-1);
    expectError(rt, "SystemError", "Objects/listobject.c:481: bad argument to internal function");
    expect(rt.PyList_Append(l, 0)).toBe(-1);
    expectError(rt, "SystemError", "Objects/listobject.c:542: bad argument to internal function");
    expect(rt.PyList_GetItemRef(n, 0)).toBe(0);
    expectError(rt, "TypeError", "expected a list");
    expect(rt.PyList_GetItem(l, 0)).toBe(0);
    expectError(rt, "IndexError", "list index out of range");
    const item = rt.PyList_New(0);
    rt.Py_INCREF(item);
    expect(rt.PyList_SetItem(l, 0, item)).toBe(-1); // steals even on failure
    expectError(rt, "IndexError", "list assignment index out of range");
    expect(rt.Py_REFCNT(item)).toBe(1);
    expect(rt.PyList_SetItem(n, 0, item)).toBe(-1);
    expectError(rt, "SystemError", "Objects/listobject.c:453: bad argument to internal function");
    rt.Py_DECREF(l);
  });

  it("GetItem borrows, GetItemRef and Insert/Append take new references, SetItem releases the old item", () => {
    const rt = makeRuntime({ ref_debug: true });
    const l = rt.PyList_New(0);
    const a = rt.PyList_New(0);
    const b = rt.PyList_New(0);
    expect(rt.PyList_Append(l, a)).toBe(0);
    expect(rt.Py_REFCNT(a)).toBe(2);
    expect(rt.PyList_GetItem(l, 0)).toBe(a);
    expect(rt.Py_REFCNT(a)).toBe(2);
    const r = rt.PyList_GetItemRef(l, 0);
    expect([r, rt.Py_REFCNT(a)]).toEqual([a, 3]);
    rt.Py_DECREF(r);
    expect(rt.PyList_Insert(l, -100, b)).toBe(0); // clamped to the front
    expect(rt.PyList_Insert(l, 100, b)).toBe(0); // clamped to the end
    expect([rt.PyList_GET_ITEM(l, 0), rt.PyList_GET_ITEM(l, 1), rt.PyList_GET_ITEM(l, 2)]).toEqual([b, a, b]);
    expect(rt.PyList_SetItem(l, 1, rt.Py_NewRef(b))).toBe(0);
    expect([rt.Py_REFCNT(a), rt.Py_REFCNT(b)]).toEqual([1, 4]);
    const t = rt.PyList_AsTuple(l);
    expect(rt.PyTuple_GET_SIZE(t)).toBe(3);
    expect(rt.Py_REFCNT(b)).toBe(7);
    rt.Py_DECREF(t);
    expect(rt.PyList_Reverse(l)).toBe(0);
    rt.Py_DECREF(l);
    expect(rt.Py_REFCNT(b)).toBe(1);
    rt.Py_DECREF(a);
    rt.Py_DECREF(b);
  });
});

describe("list slots and methods", () => {
  it("repr with recursion guard, Py_ReprEnter / Py_ReprLeave semantics", () => {
    const rt = makeRuntime();
    const l = intList(rt, [1]);
    rt.PyList_Append(l, l);
    expect(reprOf(rt, l)).toBe("[1, [...]]"); // pyodide 3.14.2
    const empty = rt.PyList_New(0);
    expect(reprOf(rt, empty)).toBe("[]");
    const s = rt.PyUnicode_FromString("a");
    const nested = intList(rt, [1]);
    rt.PyList_Append(nested, s);
    rt.PyList_Append(nested, empty);
    expect(reprOf(rt, nested)).toBe("[1, 'a', []]");
    expect(rt.Py_ReprEnter(s)).toBe(0);
    expect(rt.Py_ReprEnter(s)).toBe(1);
    rt.Py_ReprLeave(s);
    expect(rt.Py_ReprEnter(s)).toBe(0); // left once: entered again
    rt.Py_ReprLeave(s);
    rt.Py_ReprLeave(rt.Py_None); // not in the list: nothing happens, no error
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.PyList_SetSlice(l, 0, rt.PyList_GET_SIZE(l), 0); // break the cycle
  });

  it("deep nesting: repr stops with RecursionError, dealloc does not recurse", () => {
    const rt = makeRuntime();
    let inner = rt.PyList_New(0);
    for (let i = 0; i < 5000; i++) {
      const outer = rt.PyList_New(0);
      rt.PyList_Append(outer, inner);
      rt.Py_DECREF(inner);
      inner = outer;
    }
    expect(rt.PyObject_Repr(inner)).toBe(0);
    expectError(rt, "RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
    expect(rt.objects.ctx.reprGuard.depth()).toBe(0);
    rt.Py_DECREF(inner);
  });

  it("subscripts, extended slices and their errors", () => {
    const rt = makeRuntime();
    const slots = rt.objects.list.slots;
    const range = (n: number) => intList(rt, Array.from({ length: n }, (_, i) => i));
    const int = (v: number) => rt.PyLong_FromLong(v);
    const sl = (a: number | null, b: number | null, c: number | null) => rt.PySlice_New(a === null ? 0 : int(a), b === null ? 0 : int(b), c === null ? 0 : int(c));
    const ten = range(10);
    expect(intsOf(rt, slots.subscript(ten, sl(8, 2, -3)))).toEqual([8, 5]);
    expect(intsOf(rt, slots.subscript(ten, sl(-100, 100, 7)))).toEqual([0, 7]);
    expect(Number(rt.PyLong_AsLong(slots.subscript(ten, int(-1))))).toBe(9);
    expect(slots.subscript(ten, int(10))).toBe(0);
    expectError(rt, "IndexError", "list index out of range");
    expect(slots.subscript(ten, rt.PyUnicode_FromString("a"))).toBe(0);
    expectError(rt, "TypeError", "list indices must be integers or slices, not str");
    const l = range(20);
    const abc = rt.PyUnicode_FromString("abcdefg");
    const letters = rt.PyList_New(0);
    for (const ch of "abcdefg") rt.PyList_Append(letters, rt.PyUnicode_FromString(ch));
    expect(slots.assSubscript(l, sl(null, null, 3), letters)).toBe(0);
    expect(reprOf(rt, l)).toBe("['a', 1, 2, 'b', 4, 5, 'c', 7, 8, 'd', 10, 11, 'e', 13, 14, 'f', 16, 17, 'g', 19]");
    const d = range(20);
    expect(slots.assSubscript(d, sl(null, null, -3), 0)).toBe(0);
    expect(intsOf(rt, d)).toEqual([0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]);
    const d2 = range(20);
    expect(slots.assSubscript(d2, sl(2, 15, 4), 0)).toBe(0);
    expect(intsOf(rt, d2)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 19]);
    const r = range(20);
    expect(slots.assSubscript(r, sl(null, null, -2), range(10))).toBe(0);
    expect(intsOf(rt, r)).toEqual([0, 9, 2, 8, 4, 7, 6, 6, 8, 5, 10, 4, 12, 3, 14, 2, 16, 1, 18, 0]);
    const ins = range(20);
    const xy = intList(rt, [100, 101]);
    expect(slots.assSubscript(ins, sl(5, 1, null), xy)).toBe(0); // inserted before 5, not 1
    expect(intsOf(rt, ins).slice(0, 8)).toEqual([0, 1, 2, 3, 4, 100, 101, 5]);
    expect(slots.assSubscript(range(3), sl(null, null, 2), range(3))).toBe(-1);
    expectError(rt, "ValueError", "attempt to assign sequence of size 3 to extended slice of size 2");
    expect(slots.assSubscript(range(3), sl(null, null, 2), int(5))).toBe(-1);
    expect(currentError(rt)?.[0]).toBe("TypeError");
    rt.PyErr_Clear();
    const self = intList(rt, [3, 1, 2]);
    expect(slots.assSubscript(self, sl(null, null, -1), self)).toBe(0);
    expect(intsOf(rt, self)).toEqual([2, 1, 3]);
    const ext = intList(rt, [1, 2, 3]);
    expect(rt.PyList_Extend(ext, ext)).toBe(0);
    expect([intsOf(rt, ext), allocatedOf(rt, ext)]).toEqual([[1, 2, 3, 1, 2, 3], 12]);
    const mid = intList(rt, [1, 2, 3]);
    expect(rt.PyList_SetSlice(mid, 1, 2, mid)).toBe(0);
    expect(intsOf(rt, mid)).toEqual([1, 1, 2, 3, 3]);
    expect(slots.assItem(range(2), 5, int(1))).toBe(-1);
    expectError(rt, "IndexError", "list assignment index out of range");
    expect(slots.concat(range(1), rt.PyList_AsTuple(range(1)))).toBe(0);
    expectError(rt, "TypeError", 'can only concatenate list (not "tuple") to list');
    expect(rt.PyList_GET_SIZE(slots.repeat(range(3), -1))).toBe(0);
    rt.Py_DECREF(abc);
  });

  it("methods: pop, insert, index, count, remove, copy, clear and their errors (pyodide 3.14.2 texts)", () => {
    const rt = makeRuntime();
    const int = (v: number) => rt.PyLong_FromLong(v);
    const l = intList(rt, [5, 6, 7]);
    expect(callMethod(rt, "pop", rt.PyList_New(0))).toBe(0);
    expectError(rt, "IndexError", "pop from empty list");
    expect(callMethod(rt, "pop", l, [int(5)])).toBe(0);
    expectError(rt, "IndexError", "pop index out of range");
    expect(callMethod(rt, "pop", l, [int(1), int(2)])).toBe(0);
    expectError(rt, "TypeError", "pop expected at most 1 argument, got 2");
    expect(callMethod(rt, "pop", l, [rt.PyUnicode_FromString("a")])).toBe(0);
    expectError(rt, "TypeError", "'str' object cannot be interpreted as an integer");
    expect(callMethod(rt, "insert", l, [int(1)])).toBe(0);
    expectError(rt, "TypeError", "insert expected 2 arguments, got 1");
    expect(callMethod(rt, "insert", l, [int(-1), int(9)])).toBe(rt.Py_None);
    expect(intsOf(rt, l)).toEqual([5, 6, 9, 7]);
    expect(callMethod(rt, "index", l)).toBe(0);
    expectError(rt, "TypeError", "index expected at least 1 argument, got 0");
    expect(callMethod(rt, "index", l, [int(1), int(2), int(3), int(4)])).toBe(0);
    expectError(rt, "TypeError", "index expected at most 3 arguments, got 4");
    expect(callMethod(rt, "index", l, [int(9), rt.Py_None])).toBe(0);
    expectError(rt, "TypeError", "slice indices must be integers or have an __index__ method");
    expect(Number(rt.PyLong_AsLong(callMethod(rt, "count", l, [l])))).toBe(0);
    expect(rt.PyList_Append(l, l)).toBe(0);
    expect(Number(rt.PyLong_AsLong(callMethod(rt, "count", l, [l])))).toBe(1); // identity: no comparison needed
    expect(Number(rt.PyLong_AsLong(callMethod(rt, "index", l, [l, int(-1)])))).toBe(4);
    expect(callMethod(rt, "remove", l, [l])).toBe(rt.Py_None);
    const copy = callMethod(rt, "copy", l);
    expect(intsOf(rt, copy)).toEqual([5, 6, 9, 7]);
    expect(allocatedOf(rt, copy)).toBe(4);
    expect(callMethod(rt, "clear", l)).toBe(rt.Py_None);
    expect(rt.PyList_GET_SIZE(l)).toBe(0);
    expect(Number(rt.PyLong_AsLong(callMethod(rt, "__sizeof__", copy)))).toBe(72);
    expect(callMethod(rt, "sort", copy, [int(1)])).toBe(0);
    expectError(rt, "TypeError", "sort() takes no positional arguments");
    expect(callMethod(rt, "sort", copy, [], { foo: int(1) })).toBe(0);
    expectError(rt, "TypeError", "sort() got an unexpected keyword argument 'foo'");
    expect(callMethod(rt, "sort", copy, [], { reverse2: int(1) })).toBe(0);
    expectError(rt, "TypeError", "sort() got an unexpected keyword argument 'reverse2'. Did you mean 'reverse'?");
    expect(callMethod(rt, "sort", copy, [], { key: rt.Py_None, reverse: int(2), x: int(3) })).toBe(0);
    expectError(rt, "TypeError", "sort() takes at most 2 keyword arguments (3 given)");
    expect(callMethod(rt, "sort", copy, [], { key: rt.Py_None, reverse: int(1) })).toBe(rt.Py_None);
    expect(intsOf(rt, copy)).toEqual([9, 7, 6, 5]);
    expect(callMethod(rt, "reverse", copy)).toBe(rt.Py_None);
    expect(intsOf(rt, copy)).toEqual([5, 6, 7, 9]);
  });

  it("iterators: exhaustion is final, __length_hint__, __setstate__, the list_iters free list", () => {
    const rt = makeRuntime({ ref_debug: true });
    const iters = rt.objects.list.iters;
    const l = intList(rt, [1, 2]);
    const it = iters.iter(l);
    expect(rt.sys.getsizeof(it)).toBe(48);
    const hint = (o: number, rev = false) => Number(rt.PyLong_AsLong(rev ? iters.reverseLengthHint(o) : iters.lengthHint(o)));
    expect(hint(it)).toBe(2);
    expect(Number(rt.PyLong_AsLong(iters.next(it)))).toBe(1);
    expect(Number(rt.PyLong_AsLong(iters.next(it)))).toBe(2);
    expect(iters.next(it)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.heap.u32[(it + 24) >>> 2]).toBe(0); // it_seq released
    rt.PyList_Append(l, rt.Py_None);
    expect(iters.next(it)).toBe(0); // still exhausted after the list grew
    expect(hint(it)).toBe(0);
    const x = intList(rt, [1, 2, 3]);
    const i2 = iters.iter(x);
    rt.Py_DECREF(iters.next(i2));
    rt.PyList_Clear(x);
    expect(hint(i2)).toBe(0); // pyodide 3.14.2
    const y = intList(rt, [1, 2, 3]);
    const r = iters.reversed(y);
    expect(Number(rt.PyLong_AsLong(iters.reverseNext(r)))).toBe(3);
    expect(hint(r, true)).toBe(2);
    rt.PyList_Append(y, rt.Py_None);
    expect(hint(r, true)).toBe(2);
    const set = rt.objects.list.iters.LISTREVITER_METHODS.find((m) => m.name === "__setstate__")!;
    expect((set.fn as (s: number, a: number) => number)(r, rt.PyLong_FromLong(100))).toBe(rt.Py_None);
    expect(hint(r, true)).toBe(4);
    // the free list: a warmed-up iter() reuses the last freed iterator
    rt.Py_DECREF(it);
    const reused = iters.iter(l);
    expect(reused).toBe(it);
    for (const o of [reused, i2, r, l, x, y]) rt.Py_DECREF(o);
  });
});

describe("str.split & co. return lists with CPython's preallocation", () => {
  it("sizes from CPython 3.13.0 and pyodide 3.14.2 (identical allocated counts)", () => {
    const rt = makeRuntime();
    const s = (t: string) => rt.PyUnicode_FromString(t);
    const cases: [number, number, number][] = [
      // [list, len, allocated]
    ];
    const add = (l: number, len: number, alloc: number) => cases.push([l, len, alloc]);
    add(rt.PyUnicode_Split(s("a b"), 0, -1), 2, 3);
    add(rt.PyUnicode_Split(s("a b"), s(" "), -1), 2, 5);
    add(rt.PyUnicode_Split(s("a b c"), 0, 1), 2, 2);
    add(rt.PyUnicode_RSplit(s("a b c"), 0, 1), 2, 2);
    add(rt.PyUnicode_Split(s(Array(20).fill("x").join(" ")), 0, -1), 20, 20);
    add(rt.PyUnicode_Split(s(Array(13).fill("x").join(" ")), 0, -1), 13, 20);
    add(rt.PyUnicode_Split(s("a"), 0, -1), 1, 2);
    add(rt.PyUnicode_Split(s(""), 0, -1), 0, 2);
    add(rt.PyUnicode_Split(s("a"), s("b"), -1), 1, 3);
    add(rt.PyUnicode_Split(s("abc"), s("abc"), -1), 2, 3);
    add(rt.PyUnicode_Split(s("aXbXc"), s("X"), -1), 3, 7);
    add(rt.PyUnicode_Split(s("a b"), 0, 20), 2, 12);
    add(rt.PyUnicode_Split(s("a,b"), s(","), 0), 1, 1);
    add(rt.PyUnicode_RSplit(s(Array(20).fill("x").join(" ")), 0, -1), 20, 20);
    add(rt.PyUnicode_Splitlines(s("a\nb"), 0), 2, 4);
    add(rt.PyUnicode_Splitlines(s("a\nb\nc\nd\ne"), 0), 5, 8);
    add(rt.PyUnicode_Splitlines(s(""), 0), 0, 0);
    for (const [l, len, alloc] of cases) {
      expect(rt.PyList_Check(l)).toBe(1);
      expect([rt.PyList_GET_SIZE(l), allocatedOf(rt, l)]).toEqual([len, alloc]);
    }
    const parts = rt.PyUnicode_RSplit(s("a b c"), 0, 1);
    expect(reprOf(rt, parts)).toBe("['a b', 'c']");
    const word = s("word");
    const alone = rt.PyUnicode_Split(word, 0, -1);
    expect(rt.PyList_GET_ITEM(alone, 0)).toBe(word); // no whitespace: the str itself
    const joined = rt.PyUnicode_Join(s("-"), rt.PyUnicode_Split(s("x y z"), 0, -1));
    expect(rt.objects.text.unicode.text(joined)).toBe("x-y-z");
  });
});

describe("list through the object protocols", () => {
  it("list(iterable), comparisons, containment and mixed-type sorts (pyodide 3.14.2 results)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const int = (v: number) => rt.PyLong_FromLong(v);
    // list(range(10)) uses the length hint: allocated 10; list(iter(range(5))) 6 (gen_sizes.py)
    const r10 = rt.PyObject_Call(rt.PyRange_Type, rt.objects.tuples.fromItems([int(10)]), 0);
    const l10 = rt.PyObject_Call(rt.PyList_Type, rt.objects.tuples.fromItems([r10]), 0);
    expect(intsOf(rt, l10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(allocatedOf(rt, l10)).toBe(10);
    expect(rt.sys.getsizeof(l10)).toBe(136); // reference §4.10
    const it5 = rt.PyObject_GetIter(rt.PyObject_Call(rt.PyRange_Type, rt.objects.tuples.fromItems([int(5)]), 0));
    const l5 = rt.PyList_New(0);
    expect(rt.PyList_Extend(l5, it5)).toBe(0);
    expect([intsOf(rt, l5), allocatedOf(rt, l5)]).toEqual([[0, 1, 2, 3, 4], 6]);
    expect(rt.PyObject_Call(rt.PyList_Type, rt.objects.tuples.fromItems([int(1)]), 0)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not iterable");
    expect(rt.PyObject_Call(rt.PyList_Type, rt.objects.tuples.fromItems([int(1), int(2)]), 0)).toBe(0);
    expectError(rt, "TypeError", "list expected at most 1 argument, got 2");
    // comparisons: lexicographic, identical items skipped, sizes last
    const cmp = (a: number[], b: number[], op: number) => rt.PyObject_RichCompareBool(intList(rt, a), intList(rt, b), op);
    expect(cmp([1, 2], [1, 3], 0)).toBe(1);
    expect(cmp([1, 2], [1, 2, 0], 0)).toBe(1);
    expect(cmp([1, 2], [1, 2], 2)).toBe(1);
    expect(cmp([2], [1, 9], 4)).toBe(1);
    expect(rt.PyObject_RichCompare(intList(rt, []), int(1), 0)).toBe(0);
    expectError(rt, "TypeError", "'<' not supported between instances of 'list' and 'int'");
    const inner = intList(rt, [1]);
    const outer = rt.PyList_New(0);
    rt.PyList_Append(outer, inner);
    expect(rt.PySequence_Contains(outer, intList(rt, [1]))).toBe(1);
    expect(rt.PySequence_Contains(outer, intList(rt, [2]))).toBe(0);
    // mixed int/float keys go through PyObject_RichCompareBool
    const mixed = rt.PyList_New(0);
    for (const o of [rt.PyFloat_FromDouble(3.5), int(1), rt.PyFloat_FromDouble(2.25)]) rt.PyList_Append(mixed, o);
    expect(rt.PyList_Sort(mixed)).toBe(0);
    expect(reprOf(rt, mixed)).toBe("[1, 2.25, 3.5]");
    // tuples: first items compared specially, ties broken by the next items
    const tuples = rt.PyList_New(0);
    for (const [a, b] of [[1, "b"], [1, "a"], [0, "z"]] as const) rt.PyList_Append(tuples, rt.objects.tuples.fromItems([int(a), rt.PyUnicode_FromString(b)]));
    expect(rt.PyList_Sort(tuples)).toBe(0);
    expect(reprOf(rt, tuples)).toBe("[(0, 'z'), (1, 'a'), (1, 'b')]");
    const strs = rt.PyList_New(0);
    for (const s of ["b", "a", "é", "ab"]) rt.PyList_Append(strs, rt.PyUnicode_FromString(s));
    expect(rt.PyList_Sort(strs)).toBe(0);
    expect(reprOf(rt, strs)).toBe("['a', 'ab', 'b', 'é']");
    expect(rt.PyObject_Hash(outer)).toBe(-1n);
    expectError(rt, "TypeError", "unhashable type: 'list'");
  });
});

describe("list and the cyclic GC", () => {
  it("lists are tracked; a self-referencing list is collected (reference §6 T2: 1 object per list)", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt.gc.collect();
    const l = rt.PyList_New(0);
    expect(rt.gc.is_tracked(l)).toBe(true);
    rt.PyList_Append(l, l);
    rt.Py_DECREF(l);
    expect(rt.gc.collect()).toBe(1);
    const it = rt.PyObject_GetIter(rt.PyList_New(0));
    expect(rt.gc.is_tracked(it)).toBe(true);
    rt.Py_DECREF(it);
  });
});
