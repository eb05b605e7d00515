/**
 * Python-level methods of types that predate the attribute layer (str, int, slice), as method
 * tables over their existing TypeScript implementations (unicode-methods.ts, long.ts, slice.ts):
 * each entry only unpacks its arguments the way CPython's argument clinic does and calls the
 * implementation, with CPython 3.14's messages ("find expected at least 1 argument, got 0",
 * "str.upper() takes no arguments (1 given)" from the METH_NOARGS machinery).
 *
 * The methods of bytes, bytearray, float, complex, range and BaseException, the rest of str and of
 * int are in methods-*.ts (MethodsLayer, merged with these tables in objects.ts); tuple's are in
 * tuple-methods.ts.
 */

import { METH_FASTCALL, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { getter } from "../../../refcount/slot-signatures.js";
import type { TypeTables } from "./attr-builtins.js";
import type { MemberSpec } from "./descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "./descr-layout.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { StrMethods } from "../text/unicode-methods.js";
import type { SliceApi } from "../containers/slice.js";

/** The parts whose methods are wrapped. */
export interface BuiltinImpls {
  readonly str: StrMethods;
  readonly slices: SliceApi;
}

export function builtinMethodTables(ctx: ObjectContext, impl: BuiltinImpls): Partial<Record<StaticKey, TypeTables>> {
  const abi = ctx.abi;
  const a = ctx.addr;
  const heap = ctx.heap;
  const arg = (args: number, i: number) => heap.u32[(args + 8 * i) >>> 2];
  const typeError = (msg: string) => {
    ctx.err.PyErr_SetString(a.PyExc_TypeError, msg);
    return 0;
  };
  /** _PyArg_CheckPositional(name, nargs, min, max). */
  const positional = (name: string, nargs: number, min: number, max: number): boolean => {
    if (nargs < min) {
      typeError(`${name} expected ${min === max ? "" : "at least "}${min} argument${min === 1 ? "" : "s"}, got ${nargs}`);
      return false;
    }
    if (nargs > max) {
      typeError(`${name} expected ${min === max ? "" : "at most "}${max} argument${max === 1 ? "" : "s"}, got ${nargs}`);
      return false;
    }
    return true;
  };
  /** _PyEval_SliceIndex for the start/end arguments of find & co: None or an integer. */
  const sliceIndex = (o: number | undefined): number | null | undefined => {
    if (o === undefined || o === a.Py_None) return null;
    if (ctx.numbers.longs.PyLong_Check(o) === 0 && abi.slotIndex(abi.Py_TYPE(o), "nb_index") === 0) {
      typeError("slice indices must be integers or None or have an __index__ method");
      return undefined;
    }
    const v = ctx.numbers.longs.PyLong_AsSsize_t(o);
    if (v === -1 && ctx.err.PyErr_Occurred() !== 0) {
      // Out-of-range indices clamp, as _PyEval_SliceIndex does with PY_SSIZE_T_MIN/MAX.
      ctx.err.PyErr_Clear();
      return ctx.numbers.longs._PyLong_Sign(o) < 0 ? -(2 ** 63) : 2 ** 63 - 1;
    }
    return v;
  };
  const bool = (b: boolean) => abi.Py_NewRef(b ? a.Py_True : a.Py_False);
  const s = impl.str;

  const noargs = (name: string, fn: (self: number) => number, doc: string): MethodTableEntry => ({ name, flags: METH_NOARGS, fn: (self: number) => fn(self), doc });
  const pred = (name: string, fn: (self: number) => boolean, doc: string): MethodTableEntry => noargs(name, (self) => bool(fn(self)), doc);
  /** find/rfind/index/rindex/count/startswith/endswith: (sub[, start[, end]]). */
  const finds = (name: string, fn: (self: number, sub: number, start: number | null, end: number | null) => number, result: (r: number) => number, doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (self: number, args: number, nargs: number) => {
      if (!positional(name, nargs, 1, 3)) return 0;
      const start = sliceIndex(nargs > 1 ? arg(args, 1) : undefined);
      if (start === undefined) return 0;
      const end = sliceIndex(nargs > 2 ? arg(args, 2) : undefined);
      if (end === undefined) return 0;
      const r = fn(self, arg(args, 0), start, end);
      return result(r);
    },
    doc,
  });
  const intResult = (r: number) => (r === -2 || (r === -1 && ctx.err.PyErr_Occurred() !== 0) ? 0 : ctx.numbers.longs.PyLong_FromSsize_t(r));
  const boolResult = (r: number) => (r < 0 ? 0 : bool(r !== 0));
  const strips = (name: string, fn: (self: number, chars: number | null) => number, doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (self: number, args: number, nargs: number) => {
      if (!positional(name, nargs, 0, 1)) return 0;
      const chars = nargs > 0 ? arg(args, 0) : a.Py_None;
      if (chars !== a.Py_None && ctx.unicode.PyUnicode_Check(chars) === 0) return typeError(`${name} arg must be None or str`);
      return fn(self, chars === a.Py_None ? null : chars);
    },
    doc,
  });

  const str: MethodTableEntry[] = [
    {
      name: "encode",
      flags: METH_FASTCALL,
      fn: (self: number, args: number, nargs: number) => {
        if (!positional("encode", nargs, 0, 2)) return 0;
        const texts: (string | null)[] = [];
        for (let i = 0; i < nargs; i++) {
          const o = arg(args, i);
          if (ctx.unicode.PyUnicode_Check(o) === 0) return typeError(`encode() argument ${i === 0 ? "'encoding'" : "'errors'"} must be str, not ${ctx.typeName(abi.Py_TYPE(o))}`);
          texts.push(ctx.unicode.text(o));
        }
        return s.encode(self, texts[0] ?? null, texts[1] ?? null);
      },
      doc: "encode($self, /, encoding='utf-8', errors='strict')\n--\n\nEncode the string using the codec registered for encoding.",
    },
    {
      name: "replace",
      flags: METH_FASTCALL,
      fn: (self: number, args: number, nargs: number) => {
        if (nargs < 2) return typeError(`replace() takes at least 2 positional arguments (${nargs} given)`);
        if (nargs > 3) return typeError(`replace() takes at most 3 positional arguments (${nargs} given)`);
        for (let i = 0; i < 2; i++) {
          const o = arg(args, i);
          if (ctx.unicode.PyUnicode_Check(o) === 0) return typeError(`replace() argument ${i + 1} must be str, not ${ctx.typeName(abi.Py_TYPE(o))}`);
        }
        let count = -1;
        if (nargs > 2) {
          count = ctx.numbers.longs.PyLong_AsSsize_t(arg(args, 2));
          if (count === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
        }
        return s.replace(self, arg(args, 0), arg(args, 1), count);
      },
      doc: "replace($self, old, new, /, count=-1)\n--\n\nReturn a copy with all occurrences of substring old replaced by new.",
    },
    strips("strip", (x, c) => s.strip(x, c), "strip($self, chars=None, /)\n--\n\nReturn a copy of the string with leading and trailing whitespace removed."),
    strips("lstrip", (x, c) => s.lstrip(x, c), "lstrip($self, chars=None, /)\n--\n\nReturn a copy of the string with leading whitespace removed."),
    strips("rstrip", (x, c) => s.rstrip(x, c), "rstrip($self, chars=None, /)\n--\n\nReturn a copy of the string with trailing whitespace removed."),
    { name: "join", flags: METH_O, fn: (self: number, iterable: number) => s.join(self, iterable), doc: "join($self, iterable, /)\n--\n\nConcatenate any number of strings." },
    finds("find", (x, sub, st, en) => s.find(x, sub, st, en), intResult, "S.find(sub[, start[, end]]) -> int"),
    finds("rfind", (x, sub, st, en) => s.rfind(x, sub, st, en), intResult, "S.rfind(sub[, start[, end]]) -> int"),
    finds("index", (x, sub, st, en) => s.index(x, sub, st, en), intResult, "S.index(sub[, start[, end]]) -> int"),
    finds("rindex", (x, sub, st, en) => s.rindex(x, sub, st, en), intResult, "S.rindex(sub[, start[, end]]) -> int"),
    finds("count", (x, sub, st, en) => s.count(x, sub, st, en), intResult, "S.count(sub[, start[, end]]) -> int"),
    finds("startswith", (x, p, st, en) => s.startswith(x, p, st, en), boolResult, "S.startswith(prefix[, start[, end]]) -> bool"),
    finds("endswith", (x, p, st, en) => s.endswith(x, p, st, en), boolResult, "S.endswith(suffix[, start[, end]]) -> bool"),
    noargs("upper", (x) => s.upper(x), "upper($self, /)\n--\n\nReturn a copy of the string converted to uppercase."),
    noargs("lower", (x) => s.lower(x), "lower($self, /)\n--\n\nReturn a copy of the string converted to lowercase."),
    noargs("casefold", (x) => s.casefold(x), "casefold($self, /)\n--\n\nReturn a version of the string suitable for caseless comparisons."),
    noargs("title", (x) => s.title(x), "title($self, /)\n--\n\nReturn a version of the string where each word is titlecased."),
    noargs("capitalize", (x) => s.capitalize(x), "capitalize($self, /)\n--\n\nReturn a capitalized version of the string."),
    noargs("swapcase", (x) => s.swapcase(x), "swapcase($self, /)\n--\n\nConvert uppercase characters to lowercase and lowercase characters to uppercase."),
    pred("isascii", (x) => s.isascii(x), "isascii($self, /)\n--\n\nReturn True if all characters in the string are ASCII, False otherwise."),
    pred("islower", (x) => s.islower(x), "islower($self, /)\n--\n\nReturn True if the string is a lowercase string, False otherwise."),
    pred("isupper", (x) => s.isupper(x), "isupper($self, /)\n--\n\nReturn True if the string is an uppercase string, False otherwise."),
    pred("istitle", (x) => s.istitle(x), "istitle($self, /)\n--\n\nReturn True if the string is a title-cased string, False otherwise."),
    pred("isspace", (x) => s.isspace(x), "isspace($self, /)\n--\n\nReturn True if the string is a whitespace string, False otherwise."),
    pred("isdecimal", (x) => s.isdecimal(x), "isdecimal($self, /)\n--\n\nReturn True if the string is a decimal string, False otherwise."),
    pred("isdigit", (x) => s.isdigit(x), "isdigit($self, /)\n--\n\nReturn True if the string is a digit string, False otherwise."),
    pred("isnumeric", (x) => s.isnumeric(x), "isnumeric($self, /)\n--\n\nReturn True if the string is a numeric string, False otherwise."),
    pred("isalpha", (x) => s.isalpha(x), "isalpha($self, /)\n--\n\nReturn True if the string is an alphabetic string, False otherwise."),
    pred("isalnum", (x) => s.isalnum(x), "isalnum($self, /)\n--\n\nReturn True if the string is an alpha-numeric string, False otherwise."),
    pred("isidentifier", (x) => s.isidentifier(x), "isidentifier($self, /)\n--\n\nReturn True if the string is a valid Python identifier, False otherwise."),
    pred("isprintable", (x) => s.isprintable(x), "isprintable($self, /)\n--\n\nReturn True if all characters in the string are printable, False otherwise."),
    { name: "partition", flags: METH_O, fn: (self: number, sep: number) => s.partition(self, sep), doc: "partition($self, sep, /)\n--\n\nPartition the string into three parts using the given separator." },
    { name: "rpartition", flags: METH_O, fn: (self: number, sep: number) => s.rpartition(self, sep), doc: "rpartition($self, sep, /)\n--\n\nPartition the string into three parts using the given separator." },
  ];

  const longs = ctx.numbers.longs;
  const same: getter = (self) => {
    // int_int: an exact int returns itself; a subclass instance becomes a plain int.
    return longs.PyLong_CheckExact(self) !== 0 ? abi.Py_NewRef(self) : longs._PyLong_Copy(self);
  };
  const int: TypeTables = {
    methods: [
      { name: "conjugate", flags: METH_NOARGS, fn: (self: number) => same(self, 0), doc: "conjugate($self, /)\n--\n\nReturns self, the complex conjugate of any int." },
      { name: "bit_length", flags: METH_NOARGS, fn: (self: number) => intResult(longs.bit_length(self)), doc: "bit_length($self, /)\n--\n\nNumber of bits necessary to represent self in binary." },
      { name: "bit_count", flags: METH_NOARGS, fn: (self: number) => longs.PyLong_FromSsize_t(longs.bit_count(self)), doc: "bit_count($self, /)\n--\n\nNumber of ones in the binary representation of the absolute value of self." },
      { name: "is_integer", flags: METH_NOARGS, fn: () => abi.Py_NewRef(a.Py_True), doc: "is_integer($self, /)\n--\n\nReturns True. Exists for duck type compatibility with float.is_integer." },
    ],
    getset: [
      { name: "real", get: same, doc: "the real part of a complex number" },
      { name: "imag", get: () => longs.PyLong_FromLong(0), doc: "the imaginary part of a complex number" },
      { name: "numerator", get: same, doc: "the numerator of a rational number in lowest terms" },
      { name: "denominator", get: () => longs.PyLong_FromLong(1), doc: "the denominator of a rational number in lowest terms" },
    ],
  };

  const ro = (name: string, offset: number): MemberSpec => ({ name, type: _Py_T_OBJECT, offset, flags: Py_READONLY });
  const slice: TypeTables = {
    members: [ro("start", 16), ro("stop", 24), ro("step", 32)],
    methods: [
      {
        name: "indices",
        flags: METH_O,
        fn: (self: number, len: number) => impl.slices.indices(self, len),
        doc: "S.indices(len) -> (start, stop, stride)\n\nAssuming a sequence of length len, calculate the start and stop\nindices, and the stride length of the extended slice described by\nS. Out of bounds indices are clipped in a manner consistent with the\nhandling of normal slices.",
      },
    ],
  };

  const range: TypeTables = { members: [ro("start", 16), ro("stop", 24), ro("step", 32)] };

  return { PyUnicode_Type: { methods: str }, PyLong_Type: int, PySlice_Type: slice, PyRange_Type: range };
}
