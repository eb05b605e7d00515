/**
 * Interning (reference §1.3, §5; InternalDocs/string_interning.md): the static _Py_ID / _Py_STR
 * strings are immortal and interned-static; sys.intern, PyUnicode_InternInPlace and
 * PyUnicode_InternFromString intern MORTAL (state 1) in 3.14 — the interned table does not count as
 * a reference, and the string leaves the table when it dies; PyUnicode_InternImmortal gives state 2.
 * Behaviour checked on pyodide 3.14.2 (T19: `sys.intern(''.join(['inter', 'ned_xyz']))` is interned,
 * not immortal, and is the same object; '__init__', 'append' are immortal).
 * Refcount balance under Py_REF_DEBUG: creating, interning and releasing strings returns
 * sys.gettotalrefcount() and sys.getallocatedblocks() to their baseline, interned table included.
 */

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { currentError, makeRuntime, obFlags, rawRefcnt } from "./helpers/objects.js";
import { str, strOf } from "./helpers/text.js";
import { PythonError } from "../src/runtime/errors/indicator.js";

describe("static identifiers", () => {
  it("sys.intern of an equal dynamic string returns the static, immortal object", () => {
    const rt = makeRuntime();
    for (const name of ["__init__", "__dict__", "append", "<module>", "utf-8", "__sizeof__", "zstd_dict"]) {
      const dyn = rt.PyUnicode_FromString(name);
      expect(rt.sys._is_interned(dyn)).toBe(false);
      expect(rt.sys._is_immortal(dyn)).toBe(false);
      const t = rt.sys.intern(dyn);
      expect(t).not.toBe(dyn);
      expect(rt.sys._is_immortal(t)).toBe(true);
      expect(rt.PyUnicode_CHECK_INTERNED(t)).toBe(3);
      expect(obFlags(rt, t)).toBe(5);
      expect(rt.sys.intern(rt.PyUnicode_FromString(name))).toBe(t);
      expect(rt.PyObject_Hash(t)).toBe(rt.PyObject_Hash(dyn));
    }
    expect(rt._PyUnicode_InternedSize()).toBeGreaterThan(1000);
  });
});

describe("mortal interning", () => {
  it("sys.intern: the first string becomes the interned one (state 1, mortal); equal strings map to it", () => {
    const rt = makeRuntime({ ref_debug: true });
    const s = strOf(rt, Array.from("interned_xyz", (c) => c.charCodeAt(0)));
    expect(rt.sys.getrefcount(s)).toBe(1);
    const t = rt.sys.intern(s);
    expect(t).toBe(s);
    expect(rt.sys.getrefcount(s)).toBe(2); // ours + the new reference; the table holds none
    expect(rt.PyUnicode_CHECK_INTERNED(s)).toBe(1);
    expect(rt.sys._is_interned(s)).toBe(true);
    expect(rt.sys._is_immortal(s)).toBe(false);
    const other = rt.PyUnicode_FromString("interned_xyz");
    const u = rt.sys.intern(other); // `other` itself is released by intern_common and the caller keeps its reference
    expect(u).toBe(s);
    expect(rt.sys.getrefcount(s)).toBe(3);
    rt.Py_DECREF(other);
    rt.Py_DECREF(u);
    rt.Py_DECREF(t);
    expect(rt.sys.getrefcount(s)).toBe(1);
    // when the last reference goes, the string leaves the table: a new equal string interns itself
    rt.Py_DECREF(s);
    const fresh = rt.PyUnicode_FromString("interned_xyz");
    expect(rt.sys._is_interned(fresh)).toBe(false);
    expect(rt.sys.intern(fresh)).toBe(fresh);
  });

  it("PyUnicode_InternInPlace / InternFromString (mortal) and PyUnicode_InternImmortal (state 2)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const box = { value: rt.PyUnicode_FromString("in_place_name") };
    const first = box.value;
    rt.PyUnicode_InternInPlace(box);
    expect(box.value).toBe(first);
    expect(rt.PyUnicode_CHECK_INTERNED(first)).toBe(1);
    const second = { value: rt.PyUnicode_FromString("in_place_name") };
    rt.PyUnicode_InternInPlace(second);
    expect(second.value).toBe(first); // the duplicate was released, the slot holds the interned one
    expect(rt.Py_REFCNT(first)).toBe(2);
    const f = rt.PyUnicode_InternFromString("in_place_name");
    expect(f).toBe(first);
    // a heap slot works too (PyObject ** as the address of a field)
    const slot = rt.PyMem_Malloc(8);
    rt.heap.u32[slot >>> 2] = rt.PyUnicode_FromString("in_place_name");
    rt.heap.u32[(slot >>> 2) + 1] = 0;
    rt.PyUnicode_InternInPlace(slot);
    expect(rt.heap.u32[slot >>> 2]).toBe(first);
    rt.PyMem_Free(slot);
    const im = { value: rt.PyUnicode_FromString("immortal_name") };
    rt.PyUnicode_InternImmortal(im);
    expect(rt.PyUnicode_CHECK_INTERNED(im.value)).toBe(2);
    expect(rt.sys._is_immortal(im.value)).toBe(true);
    expect(rawRefcnt(rt, im.value)).toBe(3221225472);
    // a mortal interned string is immortalised in place when asked
    const again = { value: rt.Py_NewRef(first) };
    rt.PyUnicode_InternImmortal(again);
    expect(again.value).toBe(first);
    expect(rt.PyUnicode_CHECK_INTERNED(first)).toBe(2);
    expect(rt.sys._is_immortal(first)).toBe(true);
  });

  it("one-character strings intern to the Latin-1 singleton; subclasses and non-str are refused", () => {
    const rt = makeRuntime();
    const e = rt.PyUnicode_FromOrdinal(0xe9);
    expect(rt.sys.intern(strOf(rt, [0xe9]))).toBe(e);
    expect(() => rt.sys.intern(rt.Py_None)).toThrow(PythonError);
    try {
      rt.sys.intern(rt.Py_None);
    } catch (err) {
      expect((err as PythonError).message).toBe("intern() argument must be str, not NoneType");
    }
    expect(() => rt.sys._is_interned(rt.Py_True)).toThrow("_is_interned() argument must be str, not bool");
    expect(currentError(rt)).toBe(null);
  });

  it("refcount balance: interning and releasing returns the totals and blocks to the baseline", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    const interned = rt._PyUnicode_InternedSize();
    const held: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const s = rt.PyUnicode_FromString(Array.from(`name_${i}_é€😀`).slice(0, 5 + (i % 9)).join(""));
      const t = rt.sys.intern(s);
      rt.Py_DECREF(s);
      held.push(t);
      if (i % 3 === 0) rt.PyUnicode_AsUTF8(t); // some with a UTF-8 buffer
    }
    expect(rt._PyUnicode_InternedSize()).toBeGreaterThan(interned);
    for (const t of held) rt.Py_DECREF(t);
    expect(rt._PyUnicode_InternedSize()).toBe(interned);
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });

  it("property: intern(s) is the same object for equal strings and the table mirrors the live strings", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: "binary", maxLength: 6 }), fc.boolean()), { maxLength: 60 }), (ops) => {
        const rt = makeRuntime({ ref_debug: true });
        const refs = rt.sys.gettotalrefcount();
        const base = rt._PyUnicode_InternedSize();
        const model = new Map<string, { op: number; count: number }>();
        for (const [text, release] of ops) {
          const s = rt.PyUnicode_FromString(text);
          if (s === 0) {
            rt.PyErr_Clear(); // lone surrogates are not valid UTF-8 (as in C)
            continue;
          }
          const t = rt.sys.intern(s);
          rt.Py_DECREF(s);
          const m = model.get(text);
          const chars = Array.from(text).length;
          const singleton = chars === 0 || (chars === 1 && text.codePointAt(0)! < 256) || rt.PyUnicode_CHECK_INTERNED(t) === 3;
          if (singleton) {
            expect(rt.sys._is_immortal(t)).toBe(true);
            continue;
          }
          if (m !== undefined) expect(t).toBe(m.op);
          const entry = m ?? { op: t, count: 0 };
          entry.count++;
          model.set(text, entry);
          if (release) {
            rt.Py_DECREF(t);
            if (--entry.count === 0) model.delete(text);
          }
        }
        expect(rt._PyUnicode_InternedSize() - base).toBe(model.size);
        for (const { op, count } of model.values()) for (let k = 0; k < count; k++) rt.Py_DECREF(op);
        expect(rt._PyUnicode_InternedSize()).toBe(base);
        expect(rt.sys.gettotalrefcount()).toBe(refs);
      }),
      { numRuns: 60 },
    );
  });

  it("interned strings survive heap growth and many table resizes", () => {
    const rt = makeRuntime();
    const strs = Array.from({ length: 5000 }, (_, i) => rt.sys.intern(str(rt, `k${i}`)));
    for (let i = 0; i < 5000; i++) expect(rt.sys.intern(str(rt, `k${i}`))).toBe(strs[i]);
  });
});
