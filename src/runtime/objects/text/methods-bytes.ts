/**
 * Python-level methods of bytes and bytearray (Objects/bytesobject.c, Objects/bytearrayobject.c,
 * Objects/bytes_methods.c, Objects/stringlib; CPython 3.14), written over the objects' data as
 * JavaScript byte arrays. One implementation serves both types: results have the kind of `self`
 * (bytearray methods return bytearrays, split returns a list of them).
 *
 *   search     count find rfind index rindex startswith endswith (sub: bytes-like or an int byte)
 *   split      split rsplit splitlines partition rpartition join
 *   transform  replace strip lstrip rstrip removeprefix removesuffix translate maketrans (static)
 *              upper lower swapcase title capitalize center ljust rjust zfill expandtabs
 *   predicates isalnum isalpha isascii isdigit islower isspace istitle isupper (ASCII only)
 *   hex        hex(sep, bytes_per_sep), fromhex (classmethod); decode; bytes.__bytes__, __getnewargs__
 *   bytearray  append extend pop insert remove reverse clear copy
 *
 * Arguments: bytes-like means bytes, bytearray or any buffer exporter (copied through
 * PyObject_GetBuffer). Messages are CPython 3.14's ("argument should be integer or bytes-like object,
 * not 'str'", "subsection not found", "empty separator", ...).
 */

import { METH_CLASS, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, METH_STATIC, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import type { ByteArrayApi } from "./bytearray.js";
import type { ObjectContext } from "../core/context.js";
import { methodHelpers } from "../descr/methods-args.js";
import { strhexWithSep } from "../abstract/buffer-strhex.js";

const ASCII_SPACE = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isAlpha = (c: number) => isLower(c) || isUpper(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const toUpper = (c: number) => (isLower(c) ? c - 32 : c);
const toLower = (c: number) => (isUpper(c) ? c + 32 : c);

/** ADJUST_INDICES: clamp start/end (null = default) to [0, len]. */
function adjust(start: number | null, end: number | null, len: number): [number, number] {
  let s = start ?? 0;
  let e = end ?? len;
  if (e > len) e = len;
  else if (e < 0) e = Math.max(0, e + len);
  if (s < 0) s = Math.max(0, s + len);
  return [s, e];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const n = needle.length;
  outer: for (let i = from; i + n <= to; i++) {
    for (let j = 0; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function lastIndexOf(hay: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const n = needle.length;
  outer: for (let i = to - n; i >= from; i--) {
    for (let j = 0; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function bytesMethodTables(ctx: ObjectContext, ba: ByteArrayApi): { PyBytes_Type: TypeTables; PyByteArray_Type: TypeTables } {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const a = ctx.addr;
  const B = ctx.bytes;
  const isByteArray = (o: number) => ctx.types.isSubtype(abi.Py_TYPE(o), a.PyByteArray_Type);

  /** A copy of a bytes-like object's data, or null (no error set) when it exports no buffer. */
  const bufferCopy = (o: number): Uint8Array | null => B.copyBuffer(o);
  /** A bytes-like argument, or null with "a bytes-like object is required, not 'T'". */
  const bytesArg = (o: number): Uint8Array | null => {
    const d = bufferCopy(o);
    if (d === null) h.typeError(`a bytes-like object is required, not '${h.typeNameOf(o)}'`);
    return d;
  };
  const self = (o: number): Uint8Array => B.bufferOf(o)?.slice() ?? new Uint8Array(0);
  /** A new object of self's kind holding `data`. */
  const make = (kind: number, data: ArrayLike<number>): number => {
    const arr = data instanceof Uint8Array ? data : Uint8Array.from(data);
    return isByteArray(kind) ? ba.PyByteArray_FromStringAndSize(arr, arr.length) : B.fromBytes(arr);
  };
  /** self unchanged: exact bytes return themselves, everything else a copy. */
  const same = (o: number): number => (abi.Py_TYPE(o) === a.PyBytes_Type ? abi.Py_NewRef(o) : make(o, self(o)));

  /** The sub argument of find & co: an int byte or a bytes-like object; null with an error. */
  const subArg = (o: number): Uint8Array | null => {
    if (ctx.numbers.longs.PyLong_Check(o) !== 0 || abi.slotIndex(abi.Py_TYPE(o), "nb_index") !== 0) {
      const v = h.ssize(o);
      if (v === null) {
        if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) return null;
        ctx.err.PyErr_Clear();
        h.valueError("byte must be in range(0, 256)");
        return null;
      }
      if (v < 0 || v > 255) {
        h.valueError("byte must be in range(0, 256)");
        return null;
      }
      return Uint8Array.of(v);
    }
    const d = bufferCopy(o);
    if (d === null) h.typeError(`argument should be integer or bytes-like object, not '${h.typeNameOf(o)}'`);
    return d;
  };

  type Finder = (data: Uint8Array, sub: Uint8Array, start: number, end: number) => number;
  const finds = (name: string, fn: Finder, result: (self: number, r: number) => number, doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (o: number, args: number, nargs: number) => {
      if (!h.positional(name, nargs, 1, 3)) return 0;
      const start = h.sliceIndex(nargs > 1 ? h.arg(args, 1) : 0);
      if (start === undefined) return 0;
      const end = h.sliceIndex(nargs > 2 ? h.arg(args, 2) : 0);
      if (end === undefined) return 0;
      const sub = subArg(h.arg(args, 0));
      if (sub === null) return 0;
      const data = self(o);
      const [s, e] = adjust(start, end, data.length);
      return result(o, fn(data, sub, s, e));
    },
    doc,
  });
  const find: Finder = (d, sub, s, e) => (e - s < sub.length ? -1 : indexOf(d, sub, s, e));
  const rfind: Finder = (d, sub, s, e) => (e - s < sub.length ? -1 : lastIndexOf(d, sub, s, e));
  const count: Finder = (d, sub, s, e) => {
    if (e - s < sub.length) return 0;
    if (sub.length === 0) return e - s + 1;
    let n = 0;
    for (let i = indexOf(d, sub, s, e); i >= 0; i = indexOf(d, sub, i + sub.length, e)) n++;
    return n;
  };
  const intResult = (_o: number, r: number) => h.int(r);
  const indexResult = (_o: number, r: number) => (r < 0 ? h.valueError("subsection not found") : h.int(r));

  const tailmatch = (name: "startswith" | "endswith", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (o: number, args: number, nargs: number) => {
      if (!h.positional(name, nargs, 1, 3)) return 0;
      const start = h.sliceIndex(nargs > 1 ? h.arg(args, 1) : 0);
      if (start === undefined) return 0;
      const end = h.sliceIndex(nargs > 2 ? h.arg(args, 2) : 0);
      if (end === undefined) return 0;
      const data = self(o);
      const [s, e] = adjust(start, end, data.length);
      const match = (sub: Uint8Array): boolean => {
        if (s > data.length || e - s < sub.length) return false;
        const at = name === "startswith" ? s : e - sub.length;
        for (let j = 0; j < sub.length; j++) if (data[at + j] !== sub[j]) return false;
        return true;
      };
      const x = h.arg(args, 0);
      if (ctx.tuples.PyTuple_Check(x)) {
        for (let i = 0; i < abi.Py_SIZE(x); i++) {
          const sub = bytesArg(ctx.tuples.PyTuple_GET_ITEM(x, i));
          if (sub === null) return 0;
          if (match(sub)) return h.bool(true);
        }
        return h.bool(false);
      }
      const sub = bufferCopy(x);
      if (sub === null) return h.typeError(`${name} first arg must be bytes or a tuple of bytes, not ${h.typeNameOf(x)}`);
      return h.bool(match(sub));
    },
    doc,
  });

  /** The result list of split & co: one object of self's kind per part. */
  const parts = (o: number, list: Uint8Array[]): number => {
    const items: number[] = [];
    for (const p of list) {
      const x = make(o, p);
      if (x === 0) {
        for (const y of items) abi.Py_DECREF(y);
        return 0;
      }
      items.push(x);
    }
    return h.listSteal(items);
  };
  const splitWhitespace = (d: Uint8Array, maxsplit: number, reverse: boolean): Uint8Array[] => {
    const out: Uint8Array[] = [];
    if (!reverse) {
      let i = 0;
      while (true) {
        while (i < d.length && ASCII_SPACE(d[i])) i++;
        if (i >= d.length) break;
        if (maxsplit >= 0 && out.length === maxsplit) {
          let e = d.length;
          while (e > i && ASCII_SPACE(d[e - 1])) e--;
          out.push(d.subarray(i, e));
          break;
        }
        const j = i;
        while (i < d.length && !ASCII_SPACE(d[i])) i++;
        out.push(d.subarray(j, i));
      }
      return out;
    }
    let i = d.length;
    while (true) {
      while (i > 0 && ASCII_SPACE(d[i - 1])) i--;
      if (i <= 0) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        let b = 0;
        while (b < i && ASCII_SPACE(d[b])) b++;
        out.push(d.subarray(b, i));
        break;
      }
      const j = i;
      while (i > 0 && !ASCII_SPACE(d[i - 1])) i--;
      out.push(d.subarray(i, j));
    }
    return out.reverse();
  };
  const splitSep = (d: Uint8Array, sep: Uint8Array, maxsplit: number, reverse: boolean): Uint8Array[] => {
    const out: Uint8Array[] = [];
    const max = maxsplit < 0 ? Infinity : maxsplit;
    if (!reverse) {
      let i = 0;
      while (out.length < max) {
        const k = indexOf(d, sep, i, d.length);
        if (k < 0) break;
        out.push(d.subarray(i, k));
        i = k + sep.length;
      }
      out.push(d.subarray(i));
      return out;
    }
    let j = d.length;
    while (out.length < max) {
      const k = lastIndexOf(d, sep, 0, j);
      if (k < 0) break;
      out.push(d.subarray(k + sep.length, j));
      j = k;
    }
    out.push(d.subarray(0, j));
    return out.reverse();
  };
  const splitter = (name: "split" | "rsplit", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL | METH_KEYWORDS,
    fn: (o: number, args: number, nargs: number, kwnames: number) => {
      const v = h.keywords({ fname: name, names: ["sep", "maxsplit"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
      if (v === null) return 0;
      let maxsplit = -1;
      if (v[1] !== 0) {
        const m = h.ssize(v[1]);
        if (m === null) return 0;
        maxsplit = m;
      }
      const data = self(o);
      if (v[0] === 0 || v[0] === a.Py_None) return parts(o, splitWhitespace(data, maxsplit, name === "rsplit"));
      const sep = bytesArg(v[0]);
      if (sep === null) return 0;
      if (sep.length === 0) return h.valueError("empty separator");
      return parts(o, splitSep(data, sep, maxsplit, name === "rsplit"));
    },
    doc,
  });
  const partition = (name: "partition" | "rpartition", doc: string): MethodTableEntry => ({
    name,
    flags: METH_O,
    fn: (o: number, sepObj: number) => {
      const sep = bytesArg(sepObj);
      if (sep === null) return 0;
      if (sep.length === 0) return h.valueError("empty separator");
      const d = self(o);
      const k = name === "partition" ? indexOf(d, sep, 0, d.length) : lastIndexOf(d, sep, 0, d.length);
      const pieces =
        k < 0 ? (name === "partition" ? [d, new Uint8Array(0), new Uint8Array(0)] : [new Uint8Array(0), new Uint8Array(0), d]) : [d.subarray(0, k), sep, d.subarray(k + sep.length)];
      const items: number[] = [];
      for (const p of pieces) {
        const x = p === d && abi.Py_TYPE(o) === a.PyBytes_Type ? abi.Py_NewRef(o) : make(o, p);
        if (x === 0) {
          for (const y of items) abi.Py_DECREF(y);
          return 0;
        }
        items.push(x);
      }
      return h.tupleSteal(items);
    },
    doc,
  });

  const strips = (name: "strip" | "lstrip" | "rstrip", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (o: number, args: number, nargs: number) => {
      if (!h.positional(name, nargs, 0, 1)) return 0;
      let chars: ((c: number) => boolean) | null = ASCII_SPACE;
      if (nargs > 0 && h.arg(args, 0) !== a.Py_None) {
        const set = bytesArg(h.arg(args, 0));
        if (set === null) return 0;
        chars = (c) => set.includes(c);
      }
      const d = self(o);
      let i = 0;
      let j = d.length;
      if (name !== "rstrip") while (i < j && chars(d[i])) i++;
      if (name !== "lstrip") while (j > i && chars(d[j - 1])) j--;
      if (i === 0 && j === d.length) return same(o);
      return make(o, d.subarray(i, j));
    },
    doc,
  });

  const mapBytes = (name: string, f: (d: Uint8Array) => Uint8Array, doc: string): MethodTableEntry => ({ name, flags: METH_NOARGS, fn: (o: number) => make(o, f(self(o))), doc });
  const pred = (name: string, f: (d: Uint8Array) => boolean, doc: string): MethodTableEntry => ({ name, flags: METH_NOARGS, fn: (o: number) => h.bool(f(self(o))), doc });
  const title = (d: Uint8Array): Uint8Array => {
    let prevCased = false;
    return d.map((c) => {
      const r = prevCased ? toLower(c) : toUpper(c);
      prevCased = isAlpha(c);
      return r;
    });
  };
  const istitle = (d: Uint8Array): boolean => {
    let cased = false;
    let prevCased = false;
    for (const c of d) {
      if (isUpper(c)) {
        if (prevCased) return false;
        prevCased = cased = true;
      } else if (isLower(c)) {
        if (!prevCased) return false;
        prevCased = cased = true;
      } else prevCased = false;
    }
    return cased;
  };

  /** center / ljust / rjust (width, fillchar=b' ', /). */
  const justify = (name: "center" | "ljust" | "rjust", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (o: number, args: number, nargs: number) => {
      if (!h.positional(name, nargs, 1, 2)) return 0;
      const width = h.ssize(h.arg(args, 0));
      if (width === null) return 0;
      let fill = 0x20;
      if (nargs > 1) {
        const f = h.arg(args, 1);
        const fd = B.bufferOf(f);
        if (fd === null || (!B.isBytes(f) && !isByteArray(f))) return h.typeError(`${name}() argument 2 must be a byte string of length 1, not ${h.typeNameOf(f)}`);
        if (fd.length !== 1) return h.typeError(`${name}(): argument 2 must be a byte string of length 1, not a ${h.typeNameOf(f)} object of length ${fd.length}`);
        fill = fd[0];
      }
      const d = self(o);
      if (width <= d.length) return same(o);
      const marg = width - d.length;
      const left = name === "ljust" ? 0 : name === "rjust" ? marg : Math.floor(marg / 2) + (marg & width & 1);
      const out = new Uint8Array(width).fill(fill);
      out.set(d, left);
      return make(o, out);
    },
    doc,
  });

  const affix = (name: "removeprefix" | "removesuffix", doc: string): MethodTableEntry => ({
    name,
    flags: METH_O,
    fn: (o: number, x: number) => {
      const p = bytesArg(x);
      if (p === null) return 0;
      const d = self(o);
      const at = name === "removeprefix" ? 0 : d.length - p.length;
      let hit = p.length > 0 && p.length <= d.length;
      for (let j = 0; hit && j < p.length; j++) if (d[at + j] !== p[j]) hit = false;
      if (!hit) return same(o);
      return make(o, name === "removeprefix" ? d.subarray(p.length) : d.subarray(0, at));
    },
    doc,
  });

  const hex = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "hex", names: ["sep", "bytes_per_sep"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    // One implementation of _Py_strhex_with_sep for bytes, bytearray and memoryview.
    let per = 1;
    if (v[1] !== 0) {
      per = ctx.numbers.longs.PyLong_AsInt(v[1]);
      if (per === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    }
    return strhexWithSep(ctx, self(o), v[0], per);
  };

  const fromhex = (cls: number, x: number): number => {
    let units: number[];
    if (ctx.unicode.PyUnicode_Check(x) !== 0) units = [...ctx.unicode.text(x)].map((c) => c.codePointAt(0) ?? 0);
    else {
      const d = bufferCopy(x);
      if (d === null) return h.typeError(`fromhex() argument must be str or bytes-like, not ${h.typeNameOf(x)}`);
      units = Array.from(d);
    }
    const digit = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 16);
    const out: number[] = [];
    let i = 0;
    while (i < units.length) {
      if (ASCII_SPACE(units[i])) {
        i++;
        continue;
      }
      const top = digit(units[i]);
      if (top >= 16) return h.valueError(`non-hexadecimal number found in fromhex() arg at position ${i}`);
      i++;
      if (i >= units.length) return h.valueError("fromhex() arg must contain an even number of hexadecimal digits");
      const bot = digit(units[i]);
      if (bot >= 16) return h.valueError(`non-hexadecimal number found in fromhex() arg at position ${i}`);
      out.push(top * 16 + bot);
      i++;
    }
    const data = Uint8Array.from(out);
    if (cls === a.PyBytes_Type) return B.fromBytes(data);
    if (cls === a.PyByteArray_Type) return ba.PyByteArray_FromStringAndSize(data, data.length);
    const b = B.fromBytes(data);
    if (b === 0) return 0;
    const r = ctx.call.PyObject_CallOneArg(cls, b);
    abi.Py_DECREF(b);
    return r;
  };

  /** bytes.join → PyBytes_Join; bytearray.join: the same stringlib join, a bytearray result. */
  const join = (o: number, iterable: number): number => {
    if (!isByteArray(o)) return B.PyBytes_Join(o, iterable);
    const r = B.joinData(self(o), iterable, true);
    if (r === null) return 0;
    return typeof r === "number" ? r : make(o, r);
  };

  const replace = (o: number, args: number, nargs: number): number => {
    if (!h.positional("replace", nargs, 2, 3)) return 0;
    const from = bytesArg(h.arg(args, 0));
    if (from === null) return 0;
    const to = bytesArg(h.arg(args, 1));
    if (to === null) return 0;
    let max = -1;
    if (nargs > 2) {
      const m = h.ssize(h.arg(args, 2));
      if (m === null) return 0;
      max = m;
    }
    const d = self(o);
    const limit = max < 0 ? Infinity : max;
    const out: number[] = [];
    let n = 0;
    if (from.length === 0) {
      for (let i = 0; i <= d.length; i++) {
        if (n < limit) {
          out.push(...to);
          n++;
        }
        if (i < d.length) out.push(d[i]);
      }
    } else {
      let i = 0;
      while (i < d.length) {
        const k = n < limit ? indexOf(d, from, i, d.length) : -1;
        if (k < 0) break;
        for (let j = i; j < k; j++) out.push(d[j]);
        out.push(...to);
        i = k + from.length;
        n++;
      }
      for (let j = i; j < d.length; j++) out.push(d[j]);
    }
    if (n === 0) return same(o);
    return make(o, out);
  };

  const splitlines = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "splitlines", names: ["keepends"], posonly: 0, minpos: 0, maxpos: 1 }, args, nargs, kwnames);
    if (v === null) return 0;
    let keep = false;
    if (v[0] !== 0) {
      const t = ctx.proto.PyObject_IsTrue(v[0]);
      if (t < 0) return 0;
      keep = t !== 0;
    }
    const d = self(o);
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < d.length) {
      const j = i;
      while (i < d.length && d[i] !== 0x0a && d[i] !== 0x0d) i++;
      let eol = i;
      if (i < d.length) {
        i += d[i] === 0x0d && d[i + 1] === 0x0a ? 2 : 1;
        if (keep) eol = i;
      }
      out.push(d.subarray(j, eol));
    }
    return parts(o, out);
  };

  const expandtabs = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "expandtabs", names: ["tabsize"], posonly: 0, minpos: 0, maxpos: 1 }, args, nargs, kwnames);
    if (v === null) return 0;
    let tab = 8;
    if (v[0] !== 0) {
      const t = ctx.numbers.longs.PyLong_AsLong(v[0]);
      if (t === -1n && ctx.err.PyErr_Occurred() !== 0) return 0;
      tab = Number(t);
    }
    const out: number[] = [];
    let col = 0;
    for (const c of self(o)) {
      if (c === 0x09) {
        if (tab > 0) {
          const n = tab - (col % tab);
          for (let k = 0; k < n; k++) out.push(0x20);
          col += n;
        }
      } else {
        out.push(c);
        col = c === 0x0a || c === 0x0d ? 0 : col + 1;
      }
    }
    return make(o, out);
  };

  const zfill = (o: number, w: number): number => {
    const width = h.ssize(w);
    if (width === null) return 0;
    const d = self(o);
    if (width <= d.length) return same(o);
    const fill = width - d.length;
    const out = new Uint8Array(width).fill(0x30);
    out.set(d, fill);
    if (d.length > 0 && (d[0] === 0x2b || d[0] === 0x2d)) {
      out[0] = d[0];
      out[fill] = 0x30;
    }
    return make(o, out);
  };

  const translate = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "translate", names: ["", "delete"], posonly: 1, minpos: 1, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    let table: Uint8Array | null = null;
    if (v[0] !== a.Py_None) {
      table = bytesArg(v[0]);
      if (table === null) return 0;
      if (table.length !== 256) return h.valueError("translation table must be 256 characters long");
    }
    let del: Uint8Array = new Uint8Array(0);
    if (v[1] !== 0) {
      const d = bytesArg(v[1]);
      if (d === null) return 0;
      del = d;
    }
    const out: number[] = [];
    for (const c of self(o)) if (!del.includes(c)) out.push(table === null ? c : table[c]);
    return make(o, out);
  };

  const maketrans = (_self: number, args: number, nargs: number): number => {
    if (!h.positional("maketrans", nargs, 2, 2)) return 0;
    const frm = bytesArg(h.arg(args, 0));
    if (frm === null) return 0;
    const to = bytesArg(h.arg(args, 1));
    if (to === null) return 0;
    if (frm.length !== to.length) return h.valueError("maketrans arguments must have same length");
    const table = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let i = 0; i < frm.length; i++) table[frm[i]] = to[i];
    return B.fromBytes(table);
  };

  const decode = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "decode", names: ["encoding", "errors"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    const texts: (string | null)[] = [null, null];
    for (let i = 0; i < 2; i++) {
      if (v[i] === 0) continue;
      if (ctx.unicode.PyUnicode_Check(v[i]) === 0) return h.typeError(`decode() argument '${i === 0 ? "encoding" : "errors"}' must be str, not ${h.typeNameOf(v[i])}`);
      texts[i] = ctx.unicode.text(v[i]);
    }
    return B.encoder.decodeBytes(self(o), texts[0], texts[1]);
  };

  const common: MethodTableEntry[] = [
    finds("count", count, intResult, "B.count(sub[, start[, end]]) -> int\n\nReturn the number of non-overlapping occurrences of subsection 'sub' in bytes B[start:end]."),
    finds("find", find, intResult, "B.find(sub[, start[, end]]) -> int\n\nReturn the lowest index in B where subsection 'sub' is found, such that 'sub' is contained within B[start,end]."),
    finds("rfind", rfind, intResult, "B.rfind(sub[, start[, end]]) -> int\n\nReturn the highest index in B where subsection 'sub' is found, such that 'sub' is contained within B[start,end]."),
    finds("index", find, indexResult, "B.index(sub[, start[, end]]) -> int\n\nReturn the lowest index in B where subsection 'sub' is found.\nRaises ValueError when the subsection is not found."),
    finds("rindex", rfind, indexResult, "B.rindex(sub[, start[, end]]) -> int\n\nReturn the highest index in B where subsection 'sub' is found.\nRaise ValueError when the subsection is not found."),
    tailmatch("startswith", "B.startswith(prefix[, start[, end]]) -> bool\n\nReturn True if the bytes starts with the specified prefix, False otherwise."),
    tailmatch("endswith", "B.endswith(suffix[, start[, end]]) -> bool\n\nReturn True if the bytes ends with the specified suffix, False otherwise."),
    { name: "decode", flags: METH_FASTCALL | METH_KEYWORDS, fn: decode, doc: "decode($self, /, encoding='utf-8', errors='strict')\n--\n\nDecode the bytes using the codec registered for encoding." },
    splitter("split", "split($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the sections in the bytes, using sep as the delimiter."),
    splitter("rsplit", "rsplit($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the sections in the bytes, using sep as the delimiter."),
    { name: "splitlines", flags: METH_FASTCALL | METH_KEYWORDS, fn: splitlines, doc: "splitlines($self, /, keepends=False)\n--\n\nReturn a list of the lines in the bytes, breaking at line boundaries." },
    partition("partition", "partition($self, sep, /)\n--\n\nPartition the bytes into three parts using the given separator."),
    partition("rpartition", "rpartition($self, sep, /)\n--\n\nPartition the bytes into three parts using the given separator."),
    { name: "join", flags: METH_O, fn: join, doc: "join($self, iterable_of_bytes, /)\n--\n\nConcatenate any number of bytes objects." },
    { name: "replace", flags: METH_FASTCALL, fn: replace, doc: "replace($self, old, new, count=-1, /)\n--\n\nReturn a copy with all occurrences of substring old replaced by new." },
    strips("strip", "strip($self, bytes=None, /)\n--\n\nStrip leading and trailing bytes contained in the argument."),
    strips("lstrip", "lstrip($self, bytes=None, /)\n--\n\nStrip leading bytes contained in the argument."),
    strips("rstrip", "rstrip($self, bytes=None, /)\n--\n\nStrip trailing bytes contained in the argument."),
    affix("removeprefix", "removeprefix($self, prefix, /)\n--\n\nReturn a bytes object with the given prefix string removed if present."),
    affix("removesuffix", "removesuffix($self, suffix, /)\n--\n\nReturn a bytes object with the given suffix string removed if present."),
    mapBytes("upper", (d) => d.map(toUpper), "B.upper() -> copy of B\n\nReturn a copy of B with all ASCII characters converted to uppercase."),
    mapBytes("lower", (d) => d.map(toLower), "B.lower() -> copy of B\n\nReturn a copy of B with all ASCII characters converted to lowercase."),
    mapBytes("swapcase", (d) => d.map((c) => (isLower(c) ? c - 32 : isUpper(c) ? c + 32 : c)), "B.swapcase() -> copy of B\n\nReturn a copy of B with uppercase ASCII characters converted\nto lowercase ASCII and vice versa."),
    mapBytes("title", title, "B.title() -> copy of B\n\nReturn a titlecased version of B."),
    mapBytes("capitalize", (d) => d.map((c, i) => (i === 0 ? toUpper(c) : toLower(c))), "B.capitalize() -> copy of B\n\nReturn a copy of B with only its first character capitalized (ASCII)\nand the rest lower-cased."),
    pred("isalnum", (d) => d.length > 0 && d.every((c) => isAlpha(c) || isDigit(c)), "B.isalnum() -> bool\n\nReturn True if all characters in B are alphanumeric\nand there is at least one character in B, False otherwise."),
    pred("isalpha", (d) => d.length > 0 && d.every(isAlpha), "B.isalpha() -> bool\n\nReturn True if all characters in B are alphabetic\nand there is at least one character in B, False otherwise."),
    pred("isascii", (d) => d.every((c) => c < 128), "B.isascii() -> bool\n\nReturn True if B is empty or all characters in B are ASCII,\nFalse otherwise."),
    pred("isdigit", (d) => d.length > 0 && d.every(isDigit), "B.isdigit() -> bool\n\nReturn True if all characters in B are digits\nand there is at least one character in B, False otherwise."),
    pred("islower", (d) => d.some(isLower) && !d.some(isUpper), "B.islower() -> bool\n\nReturn True if all cased characters in B are lowercase and there is\nat least one cased character in B, False otherwise."),
    pred("isspace", (d) => d.length > 0 && d.every(ASCII_SPACE), "B.isspace() -> bool\n\nReturn True if all characters in B are whitespace\nand there is at least one character in B, False otherwise."),
    pred("istitle", istitle, "B.istitle() -> bool\n\nReturn True if B is a titlecased string and there is at least one\ncharacter in B, i.e. uppercase characters may only follow uncased\ncharacters and lowercase characters only cased ones. Return False\notherwise."),
    pred("isupper", (d) => d.some(isUpper) && !d.some(isLower), "B.isupper() -> bool\n\nReturn True if all cased characters in B are uppercase and there is\nat least one cased character in B, False otherwise."),
    justify("center", "center($self, width, fillchar=b' ', /)\n--\n\nReturn a centered string of length width."),
    justify("ljust", "ljust($self, width, fillchar=b' ', /)\n--\n\nReturn a left-justified string of length width."),
    justify("rjust", "rjust($self, width, fillchar=b' ', /)\n--\n\nReturn a right-justified string of length width."),
    { name: "zfill", flags: METH_O, fn: zfill, doc: "zfill($self, width, /)\n--\n\nPad a numeric string with zeros on the left, to fill a field of the given width." },
    { name: "expandtabs", flags: METH_FASTCALL | METH_KEYWORDS, fn: expandtabs, doc: "expandtabs($self, /, tabsize=8)\n--\n\nReturn a copy where all tab characters are expanded using spaces." },
    { name: "translate", flags: METH_FASTCALL | METH_KEYWORDS, fn: translate, doc: "translate($self, table, /, delete=b'')\n--\n\nReturn a copy with each character mapped by the given translation table." },
    { name: "maketrans", flags: METH_FASTCALL | METH_STATIC, fn: maketrans, doc: "maketrans(frm, to, /)\n--\n\nReturn a translation table usable for the bytes or bytearray translate method." },
    { name: "hex", flags: METH_FASTCALL | METH_KEYWORDS, fn: hex, doc: "hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nCreate a string of hexadecimal numbers from a bytes object." },
    { name: "fromhex", flags: METH_O | METH_CLASS, fn: fromhex, doc: "fromhex($type, string, /)\n--\n\nCreate a bytes object from a string of hexadecimal numbers." },
  ];

  const bytesOnly: MethodTableEntry[] = [
    { name: "__bytes__", flags: METH_NOARGS, fn: (o: number) => same(o), doc: "__bytes__($self, /)\n--\n\nConvert this value to exact type bytes." },
    { name: "__getnewargs__", flags: METH_NOARGS, fn: (o: number) => h.tupleSteal([same(o)]), doc: "" },
  ];

  // ---- bytearray's mutators ----
  const byteValue = (o: number): number | null => {
    const v = h.ssize(o);
    if (v === null) {
      if (ctx.err.PyErr_ExceptionMatches(a.PyExc_TypeError) !== 0) return null;
      ctx.err.PyErr_Clear();
      h.valueError("byte must be in range(0, 256)");
      return null;
    }
    if (v < 0 || v > 255) {
      h.valueError("byte must be in range(0, 256)");
      return null;
    }
    return v;
  };
  /** Replace a bytearray's contents with `data` (resize, then copy). */
  const store = (o: number, data: Uint8Array): number => {
    if (ba.PyByteArray_Resize(o, data.length) < 0) return -1;
    if (data.length > 0) ctx.heap.u8.set(data, ba.data(o).byteOffset);
    return 0;
  };
  const noneOr = (r: number) => (r < 0 ? 0 : h.none());
  const bytearrayOnly: MethodTableEntry[] = [
    { name: "append", flags: METH_O, fn: (o: number, x: number) => noneOr(ba.append(o, x)), doc: "append($self, item, /)\n--\n\nAppend a single item to the end of the bytearray." },
    {
      name: "extend",
      flags: METH_O,
      fn: (o: number, x: number) => noneOr(ba.extend(o, x)),
      doc: "extend($self, iterable_of_ints, /)\n--\n\nAppend all the items from the iterator or sequence to the end of the bytearray.",
    },
    {
      name: "pop",
      flags: METH_FASTCALL,
      fn: (o: number, args: number, nargs: number) => {
        if (!h.positional("pop", nargs, 0, 1)) return 0;
        let i = -1;
        if (nargs > 0) {
          const v = h.ssize(h.arg(args, 0));
          if (v === null) return 0;
          i = v;
        }
        const d = self(o);
        if (d.length === 0) return h.indexError("pop from empty bytearray");
        if (i < 0) i += d.length;
        if (i < 0 || i >= d.length) return h.indexError("pop index out of range");
        const value = d[i];
        const next = new Uint8Array(d.length - 1);
        next.set(d.subarray(0, i));
        next.set(d.subarray(i + 1), i);
        if (store(o, next) < 0) return 0;
        return h.int(value);
      },
      doc: "pop($self, index=-1, /)\n--\n\nRemove and return a single item from B.",
    },
    {
      name: "insert",
      flags: METH_FASTCALL,
      fn: (o: number, args: number, nargs: number) => {
        if (!h.positional("insert", nargs, 2, 2)) return 0;
        let i = h.ssize(h.arg(args, 0));
        if (i === null) return 0;
        const v = byteValue(h.arg(args, 1));
        if (v === null) return 0;
        const d = self(o);
        if (i < 0) i = Math.max(0, i + d.length);
        if (i > d.length) i = d.length;
        const next = new Uint8Array(d.length + 1);
        next.set(d.subarray(0, i));
        next[i] = v;
        next.set(d.subarray(i), i + 1);
        return noneOr(store(o, next));
      },
      doc: "insert($self, index, item, /)\n--\n\nInsert a single item into the bytearray before the given index.",
    },
    {
      name: "remove",
      flags: METH_O,
      fn: (o: number, x: number) => {
        const v = byteValue(x);
        if (v === null) return 0;
        const d = self(o);
        const i = d.indexOf(v);
        if (i < 0) return h.valueError("value not found in bytearray");
        const next = new Uint8Array(d.length - 1);
        next.set(d.subarray(0, i));
        next.set(d.subarray(i + 1), i);
        return noneOr(store(o, next));
      },
      doc: "remove($self, value, /)\n--\n\nRemove the first occurrence of a value in the bytearray.",
    },
    { name: "reverse", flags: METH_NOARGS, fn: (o: number) => (ba.data(o).reverse(), h.none()), doc: "reverse($self, /)\n--\n\nReverse the order of the values in B in place." },
    { name: "clear", flags: METH_NOARGS, fn: (o: number) => noneOr(ba.clear(o)), doc: "clear($self, /)\n--\n\nRemove all items from the bytearray." },
    { name: "copy", flags: METH_NOARGS, fn: (o: number) => ba.PyByteArray_FromStringAndSize(self(o), abi.Py_SIZE(o)), doc: "copy($self, /)\n--\n\nReturn a copy of B." },
  ];

  return { PyBytes_Type: { methods: [...common, ...bytesOnly] }, PyByteArray_Type: { methods: [...common, ...bytearrayOnly] } };
}
