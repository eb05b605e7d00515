/**
 * memoryview's Python-level tables (Objects/memoryobject.c and its clinic file, CPython 3.14):
 * memory_methods[] in C's order — release, tobytes, hex, tolist, cast, toreadonly, _from_flags,
 * count, index, __enter__, __exit__ (method-module.ts appends __class_getitem__) — and
 * memory_getsetlist[] (obj, nbytes, readonly, itemsize, format, ndim, shape, strides,
 * suboffsets, c_contiguous, f_contiguous, contiguous), with CPython's docstrings.
 *
 * This file only unpacks arguments the way Argument Clinic does and hands them to MemoryViewApi
 * (memoryview.ts), whose methods do the work and raise the released-view ValueError:
 *
 *   tobytes(order='C')       order: str or None ("tobytes() argument 'order' must be str or None,
 *                            not T"; "embedded null character")
 *   hex(sep=<none>, bytes_per_sep=1)   bytes_per_sep through PyLong_AsInt
 *   cast(format, shape=<none>)         format must be a str ("cast() argument 'format' must be str,
 *                            not T"), ASCII-encoded (UnicodeEncodeError) and read as a C string
 *   _from_flags(object, flags)         classmethod: PyMemoryView_FromObjectAndFlags
 *   index(value, start=0, stop=sys.maxsize, /)   positional only; start / stop through
 *                            _PyEval_SliceIndexNotNone (None is a TypeError, huge values clamp)
 *   __exit__(*exc_info)      METH_VARARGS: release()
 */

import { METH_CLASS, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, METH_VARARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec } from "../descr/descr-defs.js";
import { methodHelpers } from "../descr/methods-args.js";
import type { MemoryViewApi } from "./memoryview.js";
import { clinicTypeName } from "../text/text-args.js";

const FASTCALL_KW = METH_FASTCALL | METH_KEYWORDS;

const TOBYTES_DOC =
  "tobytes($self, /, order='C')\n--\n\nReturn the data in the buffer as a byte string.\n\nOrder can be {'C', 'F', 'A'}. When order is 'C' or 'F', the data of the\n" +
  "original array is converted to C or Fortran order. For contiguous views,\n'A' returns an exact copy of the physical memory. In particular, in-memory\n" +
  "Fortran order is preserved. For non-contiguous views, the data is converted\nto C first. order=None is the same as order='C'.";
const HEX_DOC =
  "hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nReturn the data in the buffer as a str of hexadecimal numbers.\n\n  sep\n" +
  "    An optional single character or byte to separate hex bytes.\n  bytes_per_sep\n    How many bytes between separators.  Positive values count from the\n" +
  "    right, negative values count from the left.\n\nExample:\n>>> value = memoryview(b'\\xb9\\x01\\xef')\n>>> value.hex()\n'b901ef'\n>>> value.hex(':')\n" +
  "'b9:01:ef'\n>>> value.hex(':', 2)\n'b9:01ef'\n>>> value.hex(':', -2)\n'b901:ef'";

export function memoryTables(ctx: ObjectContext, views: MemoryViewApi): TypeTables {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const none = ctx.addr.Py_None;
  const badArgument = (fname: string, arg: string, expected: string, o: number): 0 => h.typeError(`${fname}() argument '${arg}' must be ${expected}, not ${clinicTypeName(ctx, o)}`);

  const tobytes = (self: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "tobytes", names: ["order"], posonly: 0, minpos: 0, maxpos: 1 }, args, nargs, kwnames);
    if (v === null) return 0;
    let order = "C";
    if (v[0] !== 0 && v[0] !== none) {
      if (ctx.unicode.PyUnicode_Check(v[0]) === 0) return badArgument("tobytes", "order", "str or None", v[0]);
      order = ctx.unicode.text(v[0]);
      if (order.includes("\0")) return h.valueError("embedded null character");
    }
    return views.tobytes(self, order);
  };

  const hex = (self: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "hex", names: ["sep", "bytes_per_sep"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    let perSep = 1;
    if (v[1] !== 0) {
      perSep = ctx.numbers.longs.PyLong_AsInt(v[1]);
      if (perSep === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    }
    return views.hex(self, v[0], perSep);
  };

  const cast = (self: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "cast", names: ["format", "shape"], posonly: 0, minpos: 1, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    if (ctx.unicode.PyUnicode_Check(v[0]) === 0) return badArgument("cast", "format", "str", v[0]);
    // cast_to_1D: PyUnicode_AsASCIIString, then the bytes are read as a C string.
    const ascii = ctx.capi("PyUnicode_AsASCIIString") as ((u: number) => number) | null;
    if (ascii === null) return ctx.unwired("PyUnicode_AsASCIIString (memoryview.cast)");
    const enc = ascii(v[0]);
    if (enc === 0) return 0;
    abi.Py_DECREF(enc);
    const text = ctx.unicode.text(v[0]);
    const nul = text.indexOf("\0");
    return views.cast(self, nul < 0 ? text : text.slice(0, nul), v[1]);
  };

  const fromFlags = (_type: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "_from_flags", names: ["object", "flags"], posonly: 0, minpos: 2, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    const flags = ctx.numbers.longs.PyLong_AsInt(v[1]);
    if (flags === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    return views.fromObjectAndFlags(v[0], flags);
  };

  /** _PyEval_SliceIndexNotNone: an __index__ value clamped to Py_ssize_t; None is refused. */
  const sliceIndexNotNone = (o: number): number | null => {
    if (ctx.abstract.number.PyIndex_Check(o) === 0) {
      h.typeError("slice indices must be integers or have an __index__ method");
      return null;
    }
    return h.sliceIndex(o) ?? null;
  };

  const index = (self: number, args: number, nargs: number): number => {
    if (!h.positional("index", nargs, 1, 3)) return 0;
    let start = 0;
    let stop = Number.MAX_SAFE_INTEGER;
    if (nargs >= 2) {
      const s = sliceIndexNotNone(h.arg(args, 1));
      if (s === null) return 0;
      start = s;
    }
    if (nargs >= 3) {
      const s = sliceIndexNotNone(h.arg(args, 2));
      if (s === null) return 0;
      stop = s;
    }
    return views.index(self, h.arg(args, 0), start, stop);
  };

  const methods: MethodTableEntry[] = [
    { name: "release", flags: METH_NOARGS, fn: (self: number) => views.release(self), doc: "release($self, /)\n--\n\nRelease the underlying buffer exposed by the memoryview object." },
    { name: "tobytes", flags: FASTCALL_KW, fn: tobytes, doc: TOBYTES_DOC },
    { name: "hex", flags: FASTCALL_KW, fn: hex, doc: HEX_DOC },
    { name: "tolist", flags: METH_NOARGS, fn: (self: number) => views.tolist(self), doc: "tolist($self, /)\n--\n\nReturn the data in the buffer as a list of elements." },
    { name: "cast", flags: FASTCALL_KW, fn: cast, doc: "cast($self, /, format, shape=<unrepresentable>)\n--\n\nCast a memoryview to a new format or shape." },
    { name: "toreadonly", flags: METH_NOARGS, fn: (self: number) => views.toreadonly(self), doc: "toreadonly($self, /)\n--\n\nReturn a readonly version of the memoryview." },
    { name: "_from_flags", flags: FASTCALL_KW | METH_CLASS, fn: fromFlags, doc: "_from_flags($type, /, object, flags)\n--\n\nCreate a new memoryview object which references the given object." },
    { name: "count", flags: METH_O, fn: (self: number, value: number) => views.count(self, value), doc: "count($self, value, /)\n--\n\nCount the number of occurrences of a value." },
    {
      name: "index",
      flags: METH_FASTCALL,
      fn: index,
      doc: "index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn the index of the first occurrence of a value.\n\nRaises ValueError if the value is not present.",
    },
    { name: "__enter__", flags: METH_NOARGS, fn: (self: number) => views.enter(self) },
    { name: "__exit__", flags: METH_VARARGS, fn: (self: number) => views.release(self), doc: "__exit__($self, /, *exc_info)\n--\n\nRelease the underlying buffer exposed by the memoryview object." },
  ];

  const getset: GetSetSpec[] = [
    { name: "obj", get: (self) => views.obj(self), doc: "The underlying object of the memoryview." },
    { name: "nbytes", get: (self) => views.nbytes(self), doc: "The amount of space in bytes that the array would use in\n a contiguous representation." },
    { name: "readonly", get: (self) => views.readonly(self), doc: "A bool indicating whether the memory is read only." },
    { name: "itemsize", get: (self) => views.itemsize(self), doc: "The size in bytes of each element of the memoryview." },
    { name: "format", get: (self) => views.format(self), doc: "A string containing the format (in struct module style)\n for each element in the view." },
    { name: "ndim", get: (self) => views.ndimOf(self), doc: "An integer indicating how many dimensions of a multi-dimensional\n array the memory represents." },
    { name: "shape", get: (self) => views.shapeOf(self), doc: "A tuple of ndim integers giving the shape of the memory\n as an N-dimensional array." },
    { name: "strides", get: (self) => views.strides(self), doc: "A tuple of ndim integers giving the size in bytes to access\n each element for each dimension of the array." },
    { name: "suboffsets", get: (self) => views.suboffsets(self), doc: "A tuple of integers used internally for PIL-style arrays." },
    { name: "c_contiguous", get: (self) => views.c_contiguous(self), doc: "A bool indicating whether the memory is C contiguous." },
    { name: "f_contiguous", get: (self) => views.f_contiguous(self), doc: "A bool indicating whether the memory is Fortran contiguous." },
    { name: "contiguous", get: (self) => views.contiguous(self), doc: "A bool indicating whether the memory is contiguous." },
  ];
  return { methods, getset };
}
