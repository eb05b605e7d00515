/**
 * memoryview's Python-level methods and getsets (memoryview-methods.ts over memoryview.ts), called
 * through attribute lookup and PyObject_Call as Python code would. Expected values and texts from
 * CPython 3.14.2 (pyodide), with m = memoryview(b'abcabc'):
 *   m.count(97) 2, m.count(b'a') 0, m.index(99) 2, m.index(99, 3) 5, m.index(99, -2) 5,
 *   m.index(120) ValueError "memoryview.index(x): x not found"; m.index(97, None) / ('x') / (1.0)
 *   TypeError "slice indices must be integers or have an __index__ method"; m.index() "index
 *   expected at least 1 argument, got 0"; 4 args "index expected at most 3 arguments, got 4";
 *   m.index(97, 10**30) not found, m.index(97, -10**30) 0; m.count() "memoryview.count() takes
 *   exactly one argument (0 given)"
 *   2-D (cast('B', (2, 3))): count → NotImplementedError "multi-dimensional sub-views are not
 *   implemented", index → "multi-dimensional lookup is not implemented"; 0-D (cast('B', ())):
 *   count → TypeError "invalid indexing of 0-dim memory", index → "invalid lookup on 0-dim
 *   memory", tolist() 0, shape/strides/suboffsets ()
 *   m.tobytes('F'/'A'/None) b'abcabc'; ('X') ValueError "order must be 'C', 'F' or 'A'"; (1)
 *   TypeError "tobytes() argument 'order' must be str or None, not int"; ('C\0') ValueError
 *   "embedded null character"; (orde='F') "tobytes() got an unexpected keyword argument 'orde'.
 *   Did you mean 'order'?"; ('C', 1) "tobytes() takes at most 1 argument (2 given)"
 *   memoryview(b'\x01\x02\x03\x04').cast('B', [2,2]): tobytes('F') b'\x01\x03\x02\x04',
 *   tobytes('A') b'\x01\x02\x03\x04', hex(':') '01:02:03:04'
 *   m.hex() '616263616263', (':') '61:62:63:61:62:63', (':', 2) '6162:6361:6263', (':', -2)
 *   '6162:6361:6263', (b'-', 4) '6162-63616263', ('ab') "sep must be length 1.", ('é') / ('\u0100')
 *   "sep must be ASCII.", (1) TypeError "object of type 'int' has no len()", (bytearray(b'x'))
 *   TypeError "sep must be str or bytes.", (':', 2**40) OverflowError "Python int too large to
 *   convert to C int", (':', 'x') "'str' object cannot be interpreted as an integer", (':', 0)
 *   '616263616263', (sep=':', bytes_per_sep=3) '616263:616263', m[::2].hex() '616362'
 *   m.cast(1) "cast() argument 'format' must be str, not int"; cast('é') UnicodeEncodeError "'ascii'
 *   codec can't encode character '\xe9' in position 0: ordinal not in range(128)"; cast('B', 5)
 *   "shape must be a list or a tuple"; cast('B', ['a']) TypeError "memoryview.cast(): elements of
 *   shape must be integers"; cast('B', [0]) ValueError "... integers > 0"; cast('B', [2**70])
 *   OverflowError "Python int too large to convert to C ssize_t"; cast('x', ['a']) ValueError
 *   "memoryview: destination format must be a native single character format prefixed with an
 *   optional '@'" (format checked before the shape's items); cast() "cast() missing required
 *   argument 'format' (pos 1)"; cast(format='H').tolist() [25185, 24931, 25442]; cast('B\0x')
 *   .format 'B'; cast('B', [1]*65) "memoryview: number of dimensions must not exceed 64";
 *   cast('B', [True, 6]).shape (1, 6)
 *   released: every method and getter "operation forbidden on released memoryview object" except
 *   release() (None); __exit__(1, 2, 3) None; getters of memoryview(bytearray(b'xyz')): obj
 *   bytearray(b'xyz'), nbytes 3, readonly False, itemsize 1, format 'B', ndim 1, shape (3,),
 *   strides (1,), suboffsets (), c/f/contiguous True; [::-1] c_contiguous / contiguous False
 *   memoryview._from_flags(b'ab', 0).tolist() [97, 98]; (b'ab', 1) BufferError "Object is not
 *   writable."; (3, 0) TypeError "memoryview: a bytes-like object is required, not 'int'";
 *   (bytearray(b'a'), 1).readonly False; (b'a', 2**40) OverflowError "... C int"
 * 64-bit only (pyodide's Py_ssize_t is 32-bit, so this follows copy_shape in memoryobject.c):
 *   cast('B', [2**62, 4]) ValueError "memoryview.cast(): product(shape) > SSIZE_MAX".
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { refcountBalance } from "../src/testing/index.js";
import { reprOf, typeDictItem } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";
import { pyLiteral } from "./helpers/pylit.js";

type Arg = number | string; // an object address, or Python literal source

function obj(rt: Runtime, a: Arg): number {
  return typeof a === "string" ? pyLiteral(rt, a) : rt.Py_NewRef(a);
}

/** o.name(*args, **kw) through getattr and PyObject_Call: a new reference or 0 with the error set. */
function call(rt: Runtime, o: number, name: string, args: readonly Arg[] = [], kw: Readonly<Record<string, Arg>> = {}): number {
  const m = rt.PyObject_GetAttrString(o, name);
  if (m === 0) return 0;
  const items = args.map((a) => obj(rt, a));
  const t = rt.objects.tuples.fromItems(items);
  for (const x of items) rt.Py_DECREF(x);
  let d = 0;
  if (Object.keys(kw).length > 0) {
    d = rt.PyDict_New();
    for (const [k, v] of Object.entries(kw)) {
      const x = obj(rt, v);
      rt.PyDict_SetItemString(d, k, x);
      rt.Py_DECREF(x);
    }
  }
  const r = rt.PyObject_Call(m, t, d);
  rt.Py_DECREF(m);
  rt.Py_DECREF(t);
  if (d !== 0) rt.Py_DECREF(d);
  return r;
}

/** repr of o.name(...) or "Type: message" of its error (cleared). */
function r(rt: Runtime, o: number, name: string, args: readonly Arg[] = [], kw: Readonly<Record<string, Arg>> = {}): string {
  const res = call(rt, o, name, args, kw);
  const t = reprOf(rt, res);
  if (res !== 0) rt.Py_DECREF(res);
  return t;
}

/** repr of getattr(o, name) or the error. */
function get(rt: Runtime, o: number, name: string): string {
  const v = rt.PyObject_GetAttrString(o, name);
  const t = reprOf(rt, v);
  if (v !== 0) rt.Py_DECREF(v);
  return t;
}

function mv(rt: Runtime, src: string): number {
  return pyLiteral(rt, src.startsWith("memoryview(") ? src : `memoryview(${src})`);
}

/** A view cast to `format` with `shape` (a new reference). */
function cast(rt: Runtime, base: number, format: string, shape: string): number {
  const c = call(rt, base, "cast", [`'${format}'`, shape]);
  if (c === 0) throw new Error(reprOf(rt, 0));
  return c;
}

const RELEASED = "ValueError: operation forbidden on released memoryview object";
const GETSETS = ["obj", "nbytes", "readonly", "itemsize", "format", "ndim", "shape", "strides", "suboffsets", "c_contiguous", "f_contiguous", "contiguous"];

describe("memoryview methods and attributes", () => {
  it("memory_methods and memory_getsetlist are in the type dict in CPython's order, with its docs", () => {
    const rt = makeRuntime();
    const d = rt.PyObject_GetAttrString(rt.PyMemoryView_Type, "__dict__");
    const keys = reprOf(rt, rt.PySequence_List(d));
    rt.Py_DECREF(d);
    const order = ["release", "tobytes", "hex", "tolist", "cast", "toreadonly", "_from_flags", "count", "index", "__enter__", "__exit__", "__class_getitem__", ...GETSETS];
    expect(keys).toContain(order.map((k) => `'${k}'`).join(", "));
    const doc = (name: string) => {
      const item = typeDictItem(rt, rt.PyMemoryView_Type, name);
      const t = get(rt, item, "__doc__");
      rt.Py_DECREF(item);
      return t;
    };
    expect(doc("count")).toBe("'Count the number of occurrences of a value.'");
    expect(doc("index")).toBe("'Return the index of the first occurrence of a value.\\n\\nRaises ValueError if the value is not present.'");
    expect(doc("__enter__")).toBe("None");
    expect(doc("__exit__")).toBe("'Release the underlying buffer exposed by the memoryview object.'");
    expect(doc("nbytes")).toBe("'The amount of space in bytes that the array would use in\\n a contiguous representation.'");
    expect(doc("_from_flags")).toBe("'Create a new memoryview object which references the given object.'");
    const sig = (name: string) => {
      const item = typeDictItem(rt, rt.PyMemoryView_Type, name);
      const t = get(rt, item, "__text_signature__");
      rt.Py_DECREF(item);
      return t;
    };
    expect(sig("tobytes")).toBe("\"($self, /, order='C')\"");
    expect(sig("index")).toBe("'($self, value, start=0, stop=sys.maxsize, /)'");
    expect(sig("_from_flags")).toBe("'($type, /, object, flags)'");
    const fromFlags = typeDictItem(rt, rt.PyMemoryView_Type, "_from_flags");
    expect(rt.objects.typeName(rt.Py_TYPE(fromFlags))).toBe("classmethod_descriptor");
    rt.Py_DECREF(fromFlags);
  });

  it("count and index", () => {
    const rt = makeRuntime();
    const m = mv(rt, "b'abcabc'");
    expect(r(rt, m, "count", ["97"])).toBe("2");
    expect(r(rt, m, "count", ["b'a'"])).toBe("0");
    expect(r(rt, m, "index", ["99"])).toBe("2");
    expect(r(rt, m, "index", ["99", "3"])).toBe("5");
    expect(r(rt, m, "index", ["99", "-2"])).toBe("5");
    expect(r(rt, m, "index", ["98", "0", "2"])).toBe("1");
    expect(r(rt, m, "index", ["98", "2", "4"])).toBe("ValueError: memoryview.index(x): x not found");
    expect(r(rt, m, "index", ["120"])).toBe("ValueError: memoryview.index(x): x not found");
    for (const bad of ["None", "'x'", "1.0"]) expect(r(rt, m, "index", ["97", bad])).toBe("TypeError: slice indices must be integers or have an __index__ method");
    expect(r(rt, m, "index")).toBe("TypeError: index expected at least 1 argument, got 0");
    expect(r(rt, m, "index", ["1", "2", "3", "4"])).toBe("TypeError: index expected at most 3 arguments, got 4");
    expect(r(rt, m, "index", ["97", String(10n ** 30n)])).toBe("ValueError: memoryview.index(x): x not found");
    expect(r(rt, m, "index", ["97", String(-(10n ** 30n))])).toBe("0");
    expect(r(rt, m, "index", ["98", "0", String(-(10n ** 30n))])).toBe("ValueError: memoryview.index(x): x not found");
    expect(r(rt, m, "count")).toBe("TypeError: memoryview.count() takes exactly one argument (0 given)");
    const words = cast(rt, mv(rt, "b'\\x01\\x02\\x03\\x04'"), "H", "[2]");
    expect(r(rt, words, "count", ["513"])).toBe("1");
    expect(r(rt, words, "index", ["1027"])).toBe("1");
    const two = cast(rt, mv(rt, "bytearray(b'\\x00\\x00\\x00\\x00\\x00\\x00')"), "B", "(2, 3)");
    expect(r(rt, two, "count", ["0"])).toBe("NotImplementedError: multi-dimensional sub-views are not implemented");
    expect(r(rt, two, "index", ["0"])).toBe("NotImplementedError: multi-dimensional lookup is not implemented");
    const zero = cast(rt, mv(rt, "bytearray(b'\\x00')"), "B", "()");
    expect(r(rt, zero, "count", ["0"])).toBe("TypeError: invalid indexing of 0-dim memory");
    expect(r(rt, zero, "index", ["0"])).toBe("TypeError: invalid lookup on 0-dim memory");
    expect(r(rt, zero, "tolist")).toBe("0");
    for (const g of ["shape", "strides", "suboffsets"]) expect(get(rt, zero, g)).toBe("()");
    for (const o of [m, words, two, zero]) rt.Py_DECREF(o);
  });

  it("tobytes(order) and hex(sep, bytes_per_sep)", () => {
    const rt = makeRuntime();
    const m = mv(rt, "b'abcabc'");
    for (const order of ["'F'", "'A'", "None"]) expect(r(rt, m, "tobytes", [order])).toBe("b'abcabc'");
    expect(r(rt, m, "tobytes", [], { order: "'F'" })).toBe("b'abcabc'");
    expect(r(rt, m, "tobytes", ["'X'"])).toBe("ValueError: order must be 'C', 'F' or 'A'");
    expect(r(rt, m, "tobytes", ["1"])).toBe("TypeError: tobytes() argument 'order' must be str or None, not int");
    expect(r(rt, m, "tobytes", ["'C\\x00'"])).toBe("ValueError: embedded null character");
    expect(r(rt, m, "tobytes", [], { orde: "'F'" })).toBe("TypeError: tobytes() got an unexpected keyword argument 'orde'. Did you mean 'order'?");
    expect(r(rt, m, "tobytes", ["'C'", "1"])).toBe("TypeError: tobytes() takes at most 1 argument (2 given)");
    const sq = cast(rt, mv(rt, "b'\\x01\\x02\\x03\\x04'"), "B", "[2, 2]");
    expect(r(rt, sq, "tobytes", ["'F'"])).toBe("b'\\x01\\x03\\x02\\x04'");
    expect(r(rt, sq, "tobytes", ["'A'"])).toBe("b'\\x01\\x02\\x03\\x04'");
    expect(r(rt, sq, "hex", ["':'"])).toBe("'01:02:03:04'");

    expect(r(rt, m, "hex")).toBe("'616263616263'");
    expect(r(rt, m, "hex", ["':'"])).toBe("'61:62:63:61:62:63'");
    expect(r(rt, m, "hex", ["':'", "2"])).toBe("'6162:6361:6263'");
    expect(r(rt, m, "hex", ["':'", "-2"])).toBe("'6162:6361:6263'");
    expect(r(rt, m, "hex", ["b'-'", "4"])).toBe("'6162-63616263'");
    expect(r(rt, m, "hex", ["':'", "0"])).toBe("'616263616263'");
    expect(r(rt, m, "hex", [], { sep: "':'", bytes_per_sep: "3" })).toBe("'616263:616263'");
    expect(r(rt, m, "hex", [], { bytes_per_sep: "3" })).toBe("'616263616263'");
    expect(r(rt, m, "hex", ["'ab'"])).toBe("ValueError: sep must be length 1.");
    expect(r(rt, m, "hex", ["'\\xe9'"])).toBe("ValueError: sep must be ASCII.");
    expect(r(rt, m, "hex", ["'Ā'"])).toBe("ValueError: sep must be ASCII.");
    expect(r(rt, m, "hex", ["1"])).toBe("TypeError: object of type 'int' has no len()");
    expect(r(rt, m, "hex", ["bytearray(b'x')"])).toBe("TypeError: sep must be str or bytes.");
    expect(r(rt, m, "hex", ["':'", String(2n ** 40n)])).toBe("OverflowError: Python int too large to convert to C int");
    expect(r(rt, m, "hex", ["':'", "'x'"])).toBe("TypeError: 'str' object cannot be interpreted as an integer");
    const strided = rt.PyObject_GetItem(m, pyLiteral(rt, "slice(None, None, 2)"));
    expect(r(rt, strided, "hex")).toBe("'616362'");
    expect(r(rt, mv(rt, "b''"), "hex", ["':'"])).toBe("''");
    for (const o of [m, sq, strided]) rt.Py_DECREF(o);
  });

  it("cast: argument conversion and CPython's order of checks", () => {
    const rt = makeRuntime();
    const m = mv(rt, "b'abcabc'");
    expect(r(rt, m, "cast", ["1"])).toBe("TypeError: cast() argument 'format' must be str, not int");
    expect(r(rt, m, "cast", ["'\\xe9'"])).toBe("UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)");
    expect(r(rt, m, "cast", ["'B'", "5"])).toBe("TypeError: shape must be a list or a tuple");
    expect(r(rt, m, "cast", ["'B'", "['a']"])).toBe("TypeError: memoryview.cast(): elements of shape must be integers");
    expect(r(rt, m, "cast", ["'B'", "[0]"])).toBe("ValueError: memoryview.cast(): elements of shape must be integers > 0");
    expect(r(rt, m, "cast", ["'B'", `[${2n ** 70n}]`])).toBe("OverflowError: Python int too large to convert to C ssize_t");
    expect(r(rt, m, "cast", ["'B'", `[${2n ** 62n}, 4]`])).toBe("ValueError: memoryview.cast(): product(shape) > SSIZE_MAX");
    expect(r(rt, m, "cast", ["'x'", "['a']"])).toBe("ValueError: memoryview: destination format must be a native single character format prefixed with an optional '@'");
    expect(r(rt, m, "cast")).toBe("TypeError: cast() missing required argument 'format' (pos 1)");
    const h = call(rt, m, "cast", [], { format: "'H'" });
    expect(r(rt, h, "tolist")).toBe("[25185, 24931, 25442]");
    const b23 = call(rt, m, "cast", ["'B'"], { shape: "[2, 3]" });
    expect(r(rt, b23, "tolist")).toBe("[[97, 98, 99], [97, 98, 99]]");
    const nul = call(rt, m, "cast", ["'B\\x00x'"]);
    expect(get(rt, nul, "format")).toBe("'B'");
    const at = call(rt, m, "cast", ["'@B'"]);
    expect(get(rt, at, "format")).toBe("'@B'");
    expect(r(rt, m, "cast", ["'B'", `[${Array(65).fill(1).join(", ")}]`])).toBe("ValueError: memoryview: number of dimensions must not exceed 64");
    expect(r(rt, m, "cast", ["'B'", "[7]"])).toBe("TypeError: memoryview: product(shape) * itemsize != buffer size");
    expect(r(rt, m, "cast", ["'i'"])).toBe("TypeError: memoryview: length is not a multiple of itemsize");
    const tb = call(rt, m, "cast", ["'B'", "[True, 6]"]);
    expect(get(rt, tb, "shape")).toBe("(1, 6)");
    for (const o of [m, h, b23, nul, at, tb]) rt.Py_DECREF(o);
  });

  it("attributes, release, the context manager and _from_flags", () => {
    const rt = makeRuntime();
    const k = mv(rt, "bytearray(b'xyz')");
    const want = ["bytearray(b'xyz')", "3", "False", "1", "'B'", "1", "(3,)", "(1,)", "()", "True", "True", "True"];
    expect(GETSETS.map((g) => get(rt, k, g))).toEqual(want);
    const rev = rt.PyObject_GetItem(k, pyLiteral(rt, "slice(None, None, -1)"));
    expect([get(rt, rev, "c_contiguous"), get(rt, rev, "contiguous"), get(rt, rev, "strides")]).toEqual(["False", "False", "(-1,)"]);
    const ro = call(rt, k, "toreadonly");
    expect(get(rt, ro, "readonly")).toBe("True");

    const m = mv(rt, "b'abcabc'");
    const entered = call(rt, m, "__enter__");
    expect(entered).toBe(m);
    rt.Py_DECREF(entered);
    expect(r(rt, m, "__exit__", ["1", "2", "3"])).toBe("None");
    expect(r(rt, m, "__exit__")).toBe("None");
    for (const name of ["__enter__", "tolist", "tobytes", "hex", "toreadonly"]) expect(r(rt, m, name)).toBe(RELEASED);
    for (const name of ["count", "index"]) expect(r(rt, m, name, ["1"])).toBe(RELEASED);
    expect(r(rt, m, "cast", ["'B'"])).toBe(RELEASED);
    expect(r(rt, m, "release")).toBe("None");
    for (const g of GETSETS) expect(get(rt, m, g)).toBe(RELEASED);
    expect(reprOf(rt, m)).toMatch(/^<released memory at 0x[0-9a-f]+>$/);

    // Releasing one view leaves the others on the same managed buffer usable.
    const e = mv(rt, "b'ab'");
    const e2 = rt.PyObject_GetItem(e, pyLiteral(rt, "slice(None, None, None)"));
    expect(r(rt, e, "release")).toBe("None");
    expect(r(rt, e2, "tobytes")).toBe("b'ab'");
    // A view that exported a buffer cannot be released.
    const buf = rt.PyMem_Malloc(80);
    expect(rt.PyObject_GetBuffer(k, buf, 0)).toBe(0);
    expect(r(rt, k, "release")).toBe("BufferError: memoryview has 1 exported buffer");
    rt.PyBuffer_Release(buf);
    rt.PyMem_Free(buf);

    const mvType = rt.PyMemoryView_Type;
    expect(r(rt, mvType, "_from_flags", ["b'ab'", "0"])).toMatch(/^<memory at 0x/);
    const ff = call(rt, mvType, "_from_flags", ["b'ab'", "0"]);
    expect(r(rt, ff, "tolist")).toBe("[97, 98]");
    expect(r(rt, mvType, "_from_flags", ["b'ab'", "1"])).toBe("BufferError: Object is not writable.");
    expect(r(rt, mvType, "_from_flags", ["3", "0"])).toBe("TypeError: memoryview: a bytes-like object is required, not 'int'");
    const w = call(rt, mvType, "_from_flags", ["bytearray(b'a')"], { flags: "1" });
    expect(get(rt, w, "readonly")).toBe("False");
    expect(r(rt, mvType, "_from_flags", ["b'a'", String(2n ** 40n)])).toBe("OverflowError: Python int too large to convert to C int");
    for (const o of [k, rev, ro, m, e, e2, ff, w]) rt.Py_DECREF(o);
  });

  it("keeps reference counts balanced", () => {
    const rt = makeRuntime({ ref_debug: true });
    const report = refcountBalance(rt, () => {
      const m = mv(rt, "bytearray(b'abcdef')");
      for (const [name, args] of [
        ["count", ["97"]],
        ["index", ["99", "1", "5"]],
        ["index", ["122"]],
        ["hex", ["':'", "2"]],
        ["tobytes", ["'F'"]],
        ["tolist", []],
        ["cast", ["'H'", "[3]"]],
        ["cast", ["'B'", "['a']"]],
        ["toreadonly", []],
      ] as [string, string[]][]) {
        r(rt, m, name, args);
      }
      for (const g of GETSETS) get(rt, m, g);
      const ff = call(rt, rt.PyMemoryView_Type, "_from_flags", [m, "0"]);
      rt.Py_DECREF(ff);
      r(rt, m, "__exit__");
      r(rt, m, "count", ["1"]);
      rt.Py_DECREF(m);
    });
    expect(report.report).toEqual([]);
    expect(report.refDeltas).not.toBeNull();
  });

  it("property: count / index / hex agree with a byte-array model", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -5, max: 5 }), (data, x, start, stop, per) => {
        const src = `bytearray(b'${Array.from(data, (c) => `\\x${c.toString(16).padStart(2, "0")}`).join("")}')`;
        const m = mv(rt, src);
        expect(r(rt, m, "count", [String(x)])).toBe(String(data.filter((c) => c === x).length));
        const n = data.length;
        const lo = Math.min(start < 0 ? Math.max(start + n, 0) : start, stop < 0 ? Math.max(stop + n, 0) : Math.min(stop, n));
        const hi = stop < 0 ? Math.max(stop + n, 0) : Math.min(stop, n);
        const at = data.subarray(0, hi).indexOf(x, lo);
        expect(r(rt, m, "index", [String(x), String(start), String(stop)])).toBe(at < 0 ? "ValueError: memoryview.index(x): x not found" : String(at));
        // hex with a separator: removing it gives the plain digits; every group but the first
        // (counting from the right) or the last (from the left) has exactly |per| bytes.
        const plain = Array.from(data, (c) => c.toString(16).padStart(2, "0")).join("");
        const text = r(rt, m, "hex", ["':'", String(per)]).slice(1, -1);
        expect(text.replace(/:/g, "")).toBe(plain);
        const groups = text === "" ? [] : text.split(":");
        if (per === 0 || Math.abs(per) >= n) expect(groups.length).toBeLessThanOrEqual(1);
        else {
          const inner = per > 0 ? groups.slice(1) : groups.slice(0, -1);
          for (const g of inner) expect(g.length).toBe(2 * Math.abs(per));
          expect(groups.length).toBe(Math.ceil(n / Math.abs(per)));
        }
        rt.Py_DECREF(m);
      }),
      { numRuns: 200 },
    );
  });
});
