/**
 * cell (Objects/cellobject.c, 3.14): layout (ob_ref @16, basicsize 24, getsizeof 40, GC), the C
 * API with CPython's macro-form errors (line numbers captured with ctypes on pyodide 3.14.2:
 * PyCell_Get(5) → "Objects/cellobject.c:59: bad argument to internal function", PyCell_Set(5, 5)
 * → ":69"), type flags 0x5102 (pyodide: hex(type(cell).__flags__)), types.CellType().
 */

import { describe, expect, it } from "vitest";
import { callType } from "./helpers/exceptions.js";
import { currentError, makeRuntime, ptrWords } from "./helpers/objects.js";

describe("cell", () => {
  it("PyCell_New / Get / Set own their references; an empty cell reads as NULL without an error", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total = rt.sys.gettotalrefcount();
    const item = rt.objects.tuples.fromItems([rt.Py_None]);
    const c = rt.PyCell_New(item);
    expect(rt.Py_REFCNT(item)).toBe(2);
    expect(ptrWords(rt, c + 16)).toEqual([item, 0]);
    expect(rt.sys.getsizeof(c)).toBe(40);
    expect(rt.PyCell_Check(c)).toBe(1);
    expect(rt.PyCell_Check(item)).toBe(0);
    const got = rt.PyCell_Get(c);
    expect(got).toBe(item);
    expect(rt.Py_REFCNT(item)).toBe(3);
    rt.Py_DECREF(got);
    expect(rt.PyCell_Set(c, 0)).toBe(0);
    expect(rt.Py_REFCNT(item)).toBe(1);
    expect(rt.PyCell_Get(c)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyCell_Set(c, item)).toBe(0);
    expect(rt.PyCell_GET(c)).toBe(item);
    rt.Py_DECREF(item);
    rt.Py_DECREF(c); // releases the contents
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a non-cell is CPython's bad internal call with 3.14's line numbers", () => {
    const rt = makeRuntime();
    expect(rt.PyCell_Get(rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "Objects/cellobject.c:59: bad argument to internal function"]);
    rt.PyErr_Clear();
    expect(rt.PyCell_Set(rt.Py_None, rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["SystemError", "Objects/cellobject.c:69: bad argument to internal function"]);
    rt.PyErr_Clear();
  });

  it("the type: 'cell', basicsize 24, flags 0x5102, not subclassable; CellType([contents])", () => {
    const rt = makeRuntime();
    expect(rt.objects.typeName(rt.PyCell_Type)).toBe("cell");
    expect(rt.PyType_GetFlags(rt.PyCell_Type).toString(16)).toBe("5102");
    const empty = callType(rt, rt.PyCell_Type);
    expect(rt.PyCell_GET(empty)).toBe(0);
    expect(rt.objects.cells.getContents(empty)).toBe(0);
    expect(currentError(rt)).toEqual(["ValueError", "Cell is empty"]);
    rt.PyErr_Clear();
    const full = callType(rt, rt.PyCell_Type, rt.Py_True);
    expect(rt.PyCell_GET(full)).toBe(rt.Py_True);
    expect(callType(rt, rt.PyCell_Type, rt.Py_True, rt.Py_True)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "CellType expected at most 1 argument, got 2"]);
    rt.PyErr_Clear();
    expect(rt.objects.cells.reprText(empty)).toBe(`<cell at 0x${empty.toString(16)}: empty>`);
    expect(rt.objects.cells.reprText(full)).toBe(`<cell at 0x${full.toString(16)}: bool object at 0x${rt.Py_True.toString(16)}>`);
    const rs = rt.PyObject_Repr(empty); // tp_repr: a str object
    expect(rt.objects.text.unicode.text(rs)).toBe(`<cell at 0x${empty.toString(16)}: empty>`);
    rt.Py_DECREF(rs);
    rt.Py_DECREF(empty);
    rt.Py_DECREF(full);
  });

  it("traverse visits the contents; creating and freeing cells returns the block count", () => {
    const rt = makeRuntime();
    const c = rt.PyCell_New(rt.Py_None);
    const visited: number[] = [];
    rt.objects.abi.slotFunction(rt.PyCell_Type, "tp_traverse")?.(c, (o) => (visited.push(o), 0), null);
    expect(visited).toEqual([rt.Py_None]);
    rt.Py_DECREF(c);
    const blocks = rt.sys.getallocatedblocks();
    const cells = Array.from({ length: 100 }, () => rt.PyCell_New(0));
    expect(rt.sys.getallocatedblocks()).toBe(blocks + 100);
    for (const x of cells) rt.Py_DECREF(x);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});
