/**
 * str's Python-level methods (what the interpreter will bind as str.upper, str.split, ...) and
 * the C API built on them (PyUnicode_Split, Find, Count, Replace, Join, Tailmatch, Partition, ...).
 * No method lookup exists yet, so the methods are JavaScript methods here, C-style: objects are
 * addresses, a new reference or 0 / -1 with the error indicator set; `null` stands for a
 * Python argument left out or None.
 *
 * Semantics and texts of Objects/unicodeobject.c (3.14): slice arguments are adjusted like
 * str[start:end]; methods that change nothing return the string itself when it is an exact str
 * (strip, replace, ljust, zfill, ...); split() without a separator splits on runs of whitespace;
 * splitlines breaks at \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029; case methods:
 * unicode-case.ts; predicates: unicode-ctype.ts.
 *
 * split-like methods return a JavaScript array of new references; the list-returning C API
 * (PyUnicode_Split, RSplit, Splitlines) turns it into a list (ctx.lists.fromArraySteal) with
 * stringlib's preallocation (so sys.getsizeof of the result is CPython's). join takes any
 * iterable through PySequence_Fast, as PyUnicode_Join does.
 */

import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { clinicTypeName, typeNameOf } from "./text-args.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { capitalize, casefold, lower, swapcase, title, upper } from "./unicode-case.js";
import type { UnicodeCodecsApi } from "./unicode-codecs.js";
import { isAlnum, isAlpha, isDecimal, isDigit, isLinebreak, isLower, isNumeric, isPrintable, isSpace, isTitle, isUpper, isXidContinue, isXidStart } from "./unicode-ctype.js";
import type { UnicodeFormatApi } from "./unicode-format.js";
import type { UnicodeCore } from "./unicode-new.js";
import { findIn, rfindIn, type UnicodeApi } from "./unicode.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

type View = Uint8Array | Uint16Array | Uint32Array;
const EMPTY_VIEW: View = new Uint8Array(0);

/** ADJUST_INDICES: clamp start/end like a slice. */
function adjust(start: number | null, end: number | null, len: number): [number, number] {
  let s = start ?? 0;
  let e = end ?? PY_SSIZE_T_MAX;
  if (e > len) e = len;
  else if (e < 0) {
    e += len;
    if (e < 0) e = 0;
  }
  if (s < 0) {
    s += len;
    if (s < 0) s = 0;
  }
  return [s, e];
}

export class StrMethods {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly core: UnicodeCore,
    private readonly unicode: UnicodeApi,
    private readonly codecs: UnicodeCodecsApi,
    private readonly fmt: UnicodeFormatApi,
  ) {}

  // ---- helpers ---------------------------------------------------------------------------------------

  private typeError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
  }

  private valueError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, msg);
  }

  /** ensure_unicode. */
  private ensure(op: number): boolean {
    if (this.core.isStr(op)) return true;
    this.typeError(`must be str, not ${precisionS(typeNameOf(this.ctx, op), 100)}`);
    return false;
  }

  private view(op: number): View {
    return this.core.view(op);
  }

  /** A new str from code points (singletons for short results). */
  private make(cps: ArrayLike<number>, start = 0, end = cps.length): number {
    return this.core.fromCodePoints(cps, start, end);
  }

  /** The string itself when exact, else an exact copy (unicode_result_unchanged). */
  private unchanged(op: number): number {
    return this.unicode.resultUnchanged(op);
  }

  /** Release every reference in `items` (error paths). */
  private releaseAll(items: number[]): void {
    for (const x of items) this.ctx.abi.Py_DECREF(x);
  }

  // ---- case --------------------------------------------------------------------------------------------

  upper(self: number): number {
    return this.make(upper(this.view(self)));
  }

  lower(self: number): number {
    return this.make(lower(this.view(self)));
  }

  casefold(self: number): number {
    return this.make(casefold(this.view(self)));
  }

  title(self: number): number {
    return this.make(title(this.view(self)));
  }

  capitalize(self: number): number {
    return this.make(capitalize(this.view(self)));
  }

  swapcase(self: number): number {
    return this.make(swapcase(this.view(self)));
  }

  // ---- predicates --------------------------------------------------------------------------------------

  private all(self: number, pred: (c: number) => boolean, empty = false): boolean {
    const v = this.view(self);
    if (v.length === 0) return empty;
    for (let i = 0; i < v.length; i++) if (!pred(v[i])) return false;
    return true;
  }

  isspace(self: number): boolean {
    return this.all(self, isSpace);
  }

  isalpha(self: number): boolean {
    return this.all(self, isAlpha);
  }

  isalnum(self: number): boolean {
    return this.all(self, isAlnum);
  }

  isdecimal(self: number): boolean {
    return this.all(self, isDecimal);
  }

  isdigit(self: number): boolean {
    return this.all(self, isDigit);
  }

  isnumeric(self: number): boolean {
    return this.all(self, isNumeric);
  }

  isprintable(self: number): boolean {
    return this.all(self, isPrintable, true);
  }

  isascii(self: number): boolean {
    return this.all(self, (c) => c < 0x80, true);
  }

  isidentifier(self: number): boolean {
    const v = this.view(self);
    if (v.length === 0) return false;
    if (!(isXidStart(v[0]) || v[0] === 0x5f)) return false;
    for (let i = 1; i < v.length; i++) if (!isXidContinue(v[i])) return false;
    return true;
  }

  islower(self: number): boolean {
    const v = this.view(self);
    let cased = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isUpper(c) || isTitle(c)) return false;
      if (!cased && isLower(c)) cased = true;
    }
    return cased;
  }

  isupper(self: number): boolean {
    const v = this.view(self);
    let cased = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isLower(c) || isTitle(c)) return false;
      if (!cased && isUpper(c)) cased = true;
    }
    return cased;
  }

  istitle(self: number): boolean {
    const v = this.view(self);
    let cased = false;
    let previousIsCased = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isUpper(c) || isTitle(c)) {
        if (previousIsCased) return false;
        previousIsCased = true;
        cased = true;
      } else if (isLower(c)) {
        if (!previousIsCased) return false;
        previousIsCased = true;
        cased = true;
      } else previousIsCased = false;
    }
    return cased;
  }

  // ---- strip / pad ------------------------------------------------------------------------------------

  /** strip / lstrip / rstrip(chars=None): which 0 both, 1 left, 2 right. */
  private doStrip(self: number, chars: number | null, which: 0 | 1 | 2, name: string): number {
    if (chars !== null && chars !== this.ctx.addr.Py_None && !this.core.isStr(chars)) {
      this.typeError(`${name} arg must be None or str`);
      return 0;
    }
    const v = this.view(self);
    let test: (c: number) => boolean = isSpace;
    if (chars !== null && chars !== this.ctx.addr.Py_None) {
      const set = new Set(this.view(chars));
      test = (c) => set.has(c);
    }
    let i = 0;
    let j = v.length;
    if (which !== 2) while (i < j && test(v[i])) i++;
    if (which !== 1) while (j > i && test(v[j - 1])) j--;
    if (i === 0 && j === v.length) return this.unchanged(self);
    return this.make(v, i, j);
  }

  strip(self: number, chars: number | null = null): number {
    return this.doStrip(self, chars, 0, "strip");
  }

  lstrip(self: number, chars: number | null = null): number {
    return this.doStrip(self, chars, 1, "lstrip");
  }

  rstrip(self: number, chars: number | null = null): number {
    return this.doStrip(self, chars, 2, "rstrip");
  }

  /** The fill character argument: a one-character str. */
  private fillChar(fill: number | null): number | null {
    if (fill === null) return 0x20;
    if (!this.core.isStr(fill)) {
      this.typeError(`The fill character must be a unicode character, not ${precisionS(typeNameOf(this.ctx, fill), 100)}`);
      return null;
    }
    if (this.core.length(fill) !== 1) {
      this.typeError("The fill character must be exactly one character long");
      return null;
    }
    return this.core.charAt(fill, 0);
  }

  /** pad(): left and right fill around the string. */
  private pad(self: number, left: number, right: number, fill: number): number {
    if (left <= 0 && right <= 0) return this.unchanged(self);
    const v = this.view(self);
    const l = Math.max(left, 0);
    const r = Math.max(right, 0);
    const out = new Array<number>(l + v.length + r);
    out.fill(fill, 0, l);
    for (let i = 0; i < v.length; i++) out[l + i] = v[i];
    out.fill(fill, l + v.length);
    return this.make(out);
  }

  ljust(self: number, width: number, fillchar: number | null = null): number {
    const fill = this.fillChar(fillchar);
    if (fill === null) return 0;
    const n = this.core.length(self);
    return width <= n ? this.unchanged(self) : this.pad(self, 0, width - n, fill);
  }

  rjust(self: number, width: number, fillchar: number | null = null): number {
    const fill = this.fillChar(fillchar);
    if (fill === null) return 0;
    const n = this.core.length(self);
    return width <= n ? this.unchanged(self) : this.pad(self, width - n, 0, fill);
  }

  center(self: number, width: number, fillchar: number | null = null): number {
    const fill = this.fillChar(fillchar);
    if (fill === null) return 0;
    const n = this.core.length(self);
    if (width <= n) return this.unchanged(self);
    const marg = width - n;
    const left = Math.floor(marg / 2) + (marg & width & 1);
    return this.pad(self, left, marg - left, fill);
  }

  zfill(self: number, width: number): number {
    const v = this.view(self);
    if (width <= v.length) return this.unchanged(self);
    const fill = width - v.length;
    const out = new Array<number>(width).fill(0x30, 0, fill);
    for (let i = 0; i < v.length; i++) out[fill + i] = v[i];
    if (v.length > 0 && (v[0] === 0x2b || v[0] === 0x2d)) {
      out[0] = v[0];
      out[fill] = 0x30;
    }
    return this.make(out);
  }

  expandtabs(self: number, tabsize = 8): number {
    const v = this.view(self);
    const out: number[] = [];
    let col = 0;
    let found = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === 0x09) {
        found = true;
        if (tabsize > 0) {
          const incr = tabsize - (col % tabsize);
          col += incr;
          for (let k = 0; k < incr; k++) out.push(0x20);
        }
      } else {
        col++;
        out.push(c);
        if (c === 0x0a || c === 0x0d) col = 0;
      }
    }
    return found ? this.make(out) : this.unchanged(self);
  }

  // ---- searching ------------------------------------------------------------------------------------

  /** find/rfind: index or -1; -2 with an error set. */
  find(self: number, sub: number, start: number | null = null, end: number | null = null): number {
    return this.findImpl(self, sub, start, end, 1, "find");
  }

  rfind(self: number, sub: number, start: number | null = null, end: number | null = null): number {
    return this.findImpl(self, sub, start, end, -1, "rfind");
  }

  /** index/rindex: like find but ValueError "substring not found"; -2 on error. */
  index(self: number, sub: number, start: number | null = null, end: number | null = null): number {
    const r = this.findImpl(self, sub, start, end, 1, "index");
    if (r === -1) {
      this.valueError("substring not found");
      return -2;
    }
    return r;
  }

  rindex(self: number, sub: number, start: number | null = null, end: number | null = null): number {
    const r = this.findImpl(self, sub, start, end, -1, "rindex");
    if (r === -1) {
      this.valueError("substring not found");
      return -2;
    }
    return r;
  }

  private findImpl(self: number, sub: number, start: number | null, end: number | null, direction: 1 | -1, name: string): number {
    if (!this.core.isStr(sub)) {
      this.typeError(`${name}() argument 1 must be str, not ${clinicTypeName(this.ctx, sub)}`);
      return -2;
    }
    const hay = this.view(self);
    const needle = this.view(sub);
    const [s, e] = adjust(start, end, hay.length);
    if (e - s < needle.length) return -1;
    return direction > 0 ? findIn(hay, needle, s, e) : rfindIn(hay, needle, s, e);
  }

  /** count: occurrences (non-overlapping) or -1 with an error set. */
  count(self: number, sub: number, start: number | null = null, end: number | null = null): number {
    if (!this.core.isStr(sub)) {
      this.typeError(`count() argument 1 must be str, not ${clinicTypeName(this.ctx, sub)}`);
      return -1;
    }
    const hay = this.view(self);
    const needle = this.view(sub);
    const [s, e] = adjust(start, end, hay.length);
    return countIn(hay, needle, s, e, PY_SSIZE_T_MAX);
  }

  /** startswith(prefix, start, end): prefix a str or a tuple of str; 1 / 0, or -1 with an error. */
  startswith(self: number, prefix: number, start: number | null = null, end: number | null = null): number {
    return this.tailmatchAny(self, prefix, start, end, -1, "startswith");
  }

  endswith(self: number, suffix: number, start: number | null = null, end: number | null = null): number {
    return this.tailmatchAny(self, suffix, start, end, 1, "endswith");
  }

  private tailmatchAny(self: number, arg: number, start: number | null, end: number | null, direction: 1 | -1, name: string): number {
    const { ctx } = this;
    if (ctx.types.isSubtype(ctx.abi.Py_TYPE(arg), ctx.addr.PyTuple_Type)) {
      for (let i = 0; i < ctx.abi.Py_SIZE(arg); i++) {
        const item = ctx.heap.u32[tupleItemAddr(arg, i) >>> 2];
        if (!this.core.isStr(item)) {
          this.typeError(`tuple for ${name} must only contain str, not ${precisionS(typeNameOf(ctx, item), 100)}`);
          return -1;
        }
        if (tailmatch(this.view(self), this.view(item), start, end, direction)) return 1;
      }
      return 0;
    }
    if (!this.core.isStr(arg)) {
      this.typeError(`${name} first arg must be str or a tuple of str, not ${precisionS(typeNameOf(ctx, arg), 100)}`);
      return -1;
    }
    return tailmatch(this.view(self), this.view(arg), start, end, direction) ? 1 : 0;
  }

  // ---- replace / join ----------------------------------------------------------------------------------

  replace(self: number, old: number, repl: number, count = -1): number {
    if (!this.core.isStr(old)) {
      this.typeError(`replace() argument 1 must be str, not ${clinicTypeName(this.ctx, old)}`);
      return 0;
    }
    if (!this.core.isStr(repl)) {
      this.typeError(`replace() argument 2 must be str, not ${clinicTypeName(this.ctx, repl)}`);
      return 0;
    }
    return this.replaceImpl(self, old, repl, count);
  }

  private replaceImpl(self: number, old: number, repl: number, maxcount: number): number {
    const hay = this.view(self);
    const from = this.view(old);
    const to = this.view(repl);
    if (maxcount < 0) maxcount = PY_SSIZE_T_MAX;
    if (maxcount === 0 || hay.length < from.length) return this.unchanged(self);
    const out: number[] = [];
    let n = 0;
    if (from.length === 0) {
      // insert `to` before every character and at the end, at most maxcount times
      for (let i = 0; i <= hay.length; i++) {
        if (n < maxcount) {
          for (let k = 0; k < to.length; k++) out.push(to[k]);
          n++;
        }
        if (i < hay.length) out.push(hay[i]);
      }
      return this.make(out);
    }
    let i = 0;
    while (n < maxcount) {
      const j = findIn(hay, from, i, hay.length);
      if (j < 0) break;
      for (let k = i; k < j; k++) out.push(hay[k]);
      for (let k = 0; k < to.length; k++) out.push(to[k]);
      i = j + from.length;
      n++;
    }
    if (n === 0) return this.unchanged(self);
    for (let k = i; k < hay.length; k++) out.push(hay[k]);
    return this.make(out);
  }

  /**
   * sep.join(items) (PyUnicode_Join): `items` any iterable object, through PySequence_Fast ("can
   * only join an iterable"), or a JavaScript array of borrowed objects (_PyUnicode_JoinArray).
   */
  join(self: number, items: number | readonly number[]): number {
    const { ctx } = this;
    if (typeof items !== "number") return this.joinArray(self, items);
    const seq = ctx.abstract.sequence;
    const fseq = seq.PySequence_Fast(items, "can only join an iterable");
    if (fseq === 0) return 0;
    const n = seq.PySequence_Fast_GET_SIZE(fseq);
    const base = seq.PySequence_Fast_ITEMS(fseq);
    const arr: number[] = new Array(n);
    for (let i = 0; i < n; i++) arr[i] = ctx.heap.u32[(base + 8 * i) >>> 2];
    const r = this.joinArray(self, arr);
    ctx.abi.Py_DECREF(fseq);
    return r;
  }

  /** _PyUnicode_JoinArray(separator, items, n): one exact str alone is returned as is. */
  private joinArray(self: number, seq: readonly number[]): number {
    const { ctx } = this;
    if (seq.length === 0) return this.core.empty;
    if (seq.length === 1 && this.core.isExact(seq[0])) return ctx.abi.Py_NewRef(seq[0]);
    // One item: the separator is never looked at (not even type-checked)
    let sep: View = EMPTY_VIEW;
    if (seq.length > 1) {
      if (!this.core.isStr(self)) {
        this.typeError(`separator: expected str instance, ${precisionS(typeNameOf(ctx, self), 80)} found`);
        return 0;
      }
      sep = this.view(self);
    }
    let total = 0;
    let maxchar = seq.length > 1 ? this.unicode.PyUnicode_MAX_CHAR_VALUE(self) : 0;
    for (let i = 0; i < seq.length; i++) {
      const item = seq[i];
      if (!this.core.isStr(item)) {
        this.typeError(`sequence item ${i}: expected str instance, ${precisionS(typeNameOf(ctx, item), 80)} found`);
        return 0;
      }
      total += this.core.length(item) + (i > 0 ? sep.length : 0);
      const m = this.unicode.PyUnicode_MAX_CHAR_VALUE(item);
      if (m > maxchar) maxchar = m;
    }
    const res = this.core.newString(total, maxchar);
    if (res === 0) return 0;
    let at = 0;
    for (let i = 0; i < seq.length; i++) {
      if (i > 0 && sep.length > 0) {
        this.core.writeCodePoints(res, at, sep, 0, sep.length);
        at += sep.length;
      }
      const v = this.view(seq[i]);
      this.core.writeCodePoints(res, at, v, 0, v.length);
      at += v.length;
    }
    return res;
  }

  // ---- split / partition ---------------------------------------------------------------------------------

  /** str.split(sep=None, maxsplit=-1): a JavaScript array of new references, or null with an error. */
  split(self: number, sep: number | null = null, maxsplit = -1): number[] | null {
    return this.splitImpl(self, sep, maxsplit, false);
  }

  rsplit(self: number, sep: number | null = null, maxsplit = -1): number[] | null {
    return this.splitImpl(self, sep, maxsplit, true);
  }

  private splitImpl(self: number, sep: number | null, maxsplit: number, reverse: boolean): number[] | null {
    const { ctx } = this;
    if (maxsplit < 0) maxsplit = PY_SSIZE_T_MAX;
    const v = this.view(self);
    const ranges: [number, number][] = [];
    if (sep === null || sep === ctx.addr.Py_None) {
      if (!reverse) {
        let i = 0;
        const n = v.length;
        while (maxsplit-- > 0) {
          while (i < n && isSpace(v[i])) i++;
          if (i === n) break;
          let j = i;
          while (j < n && !isSpace(v[j])) j++;
          ranges.push([i, j]);
          i = j;
        }
        while (i < n && isSpace(v[i])) i++;
        if (i < n) ranges.push([i, n]);
      } else {
        let i = v.length;
        while (maxsplit-- > 0) {
          while (i > 0 && isSpace(v[i - 1])) i--;
          if (i === 0) break;
          let j = i;
          while (j > 0 && !isSpace(v[j - 1])) j--;
          ranges.push([j, i]);
          i = j;
        }
        while (i > 0 && isSpace(v[i - 1])) i--;
        if (i > 0) ranges.push([0, i]);
        ranges.reverse();
      }
    } else {
      if (!this.core.isStr(sep)) {
        this.typeError(`must be str or None, not ${precisionS(typeNameOf(ctx, sep), 100)}`);
        return null;
      }
      const s = this.view(sep);
      if (s.length === 0) {
        this.valueError("empty separator");
        return null;
      }
      if (!reverse) {
        let i = 0;
        while (maxsplit-- > 0) {
          const j = findIn(v, s, i, v.length);
          if (j < 0) break;
          ranges.push([i, j]);
          i = j + s.length;
        }
        ranges.push([i, v.length]);
      } else {
        let i = v.length;
        while (maxsplit-- > 0) {
          const j = rfindIn(v, s, 0, i);
          if (j < 0) break;
          ranges.push([j + s.length, i]);
          i = j;
        }
        ranges.push([0, i]);
        ranges.reverse();
      }
    }
    return this.pieces(self, ranges);
  }

  /** New references for each range (the whole exact string is itself). */
  private pieces(self: number, ranges: readonly [number, number][]): number[] | null {
    const v = this.view(self);
    const out: number[] = [];
    for (const [a, b] of ranges) {
      const p = a === 0 && b === v.length ? this.unchanged(self) : this.make(v, a, b);
      if (p === 0) {
        this.releaseAll(out);
        return null;
      }
      out.push(p);
    }
    return out;
  }

  /** str.splitlines(keepends=False). */
  splitlines(self: number, keepends = false): number[] | null {
    const v = this.view(self);
    const ranges: [number, number][] = [];
    let i = 0;
    const n = v.length;
    while (i < n) {
      let j = i;
      while (j < n && !isLinebreak(v[j])) j++;
      let eol = j;
      if (j < n) {
        if (v[j] === 0x0d && j + 1 < n && v[j + 1] === 0x0a) j += 2;
        else j++;
        if (keepends) eol = j;
      }
      ranges.push([i, eol]);
      i = j;
    }
    return this.pieces(self, ranges);
  }

  /** str.partition(sep) / rpartition: a 3-tuple. */
  partition(self: number, sep: number): number {
    return this.partitionImpl(self, sep, false);
  }

  rpartition(self: number, sep: number): number {
    return this.partitionImpl(self, sep, true);
  }

  private partitionImpl(self: number, sep: number, reverse: boolean): number {
    const { ctx } = this;
    if (!this.core.isStr(sep)) {
      this.typeError(`must be str, not ${precisionS(typeNameOf(ctx, sep), 100)}`);
      return 0;
    }
    const v = this.view(self);
    const s = this.view(sep);
    if (s.length === 0) {
      this.valueError("empty separator");
      return 0;
    }
    const pos = reverse ? rfindIn(v, s, 0, v.length) : findIn(v, s, 0, v.length);
    let parts: number[];
    if (pos < 0) {
      const whole = this.unchanged(self);
      parts = reverse ? [this.core.empty, this.core.empty, whole] : [whole, this.core.empty, this.core.empty];
    } else parts = [this.make(v, 0, pos), ctx.abi.Py_NewRef(sep), this.make(v, pos + s.length, v.length)];
    if (parts.some((p) => p === 0)) {
      for (const p of parts) ctx.abi.Py_XDECREF(p);
      return 0;
    }
    const t = ctx.tuples.fromItems(parts);
    this.releaseAll(parts);
    return t;
  }

  // ---- encode / repr / format --------------------------------------------------------------------------

  /** str.encode(encoding='utf-8', errors='strict'). */
  encode(self: number, encoding: string | null = null, errors: string | null = null): number {
    return this.codecs.PyUnicode_AsEncodedString(self, encoding, errors);
  }

  repr(self: number): number {
    return this.unicode.PyObject_Repr(self);
  }

  /** str.format(*args, **kwargs). */
  format(self: number, args: readonly number[] = [], kwargs: number | Readonly<Record<string, number>> = 0): number {
    return this.fmt.strFormat(self, args, kwargs);
  }

  /** str.format_map(mapping): fields looked up with PyObject_GetItem(mapping, name); no positional fields. */
  format_map(self: number, mapping: number): number {
    return this.fmt.strFormat(self, null, mapping);
  }

  /** str % args. */
  mod(self: number, args: number): number {
    return this.fmt.PyUnicode_Format(self, args);
  }

  // ---- C API -------------------------------------------------------------------------------------------

  /** PyUnicode_Find(str, substr, start, end, direction): index, -1 not found, -2 error. */
  PyUnicode_Find(str: number, substr: number, start: number, end: number, direction: number): number {
    if (!this.ensure(str) || !this.ensure(substr)) return -2;
    const hay = this.view(str);
    const needle = this.view(substr);
    const [s, e] = adjust(start, end, hay.length);
    if (e - s < needle.length) return -1;
    return direction > 0 ? findIn(hay, needle, s, e) : rfindIn(hay, needle, s, e);
  }

  /** PyUnicode_FindChar(str, ch, start, end, direction). */
  PyUnicode_FindChar(str: number, ch: number, start: number, end: number, direction: number): number {
    if (!this.ensure(str)) return -2;
    const v = this.view(str);
    const [s, e] = adjust(start, end, v.length);
    if (direction > 0) {
      for (let i = s; i < e; i++) if (v[i] === ch) return i;
    } else for (let i = e - 1; i >= s; i--) if (v[i] === ch) return i;
    return -1;
  }

  /** PyUnicode_Count(str, substr, start, end): -1 on error. */
  PyUnicode_Count(str: number, substr: number, start: number, end: number): number {
    if (!this.ensure(str) || !this.ensure(substr)) return -1;
    const hay = this.view(str);
    const [s, e] = adjust(start, end, hay.length);
    return countIn(hay, this.view(substr), s, e, PY_SSIZE_T_MAX);
  }

  /** PyUnicode_Tailmatch(str, substr, start, end, direction): 1 / 0, -1 on error. */
  PyUnicode_Tailmatch(str: number, substr: number, start: number, end: number, direction: number): number {
    if (!this.ensure(str) || !this.ensure(substr)) return -1;
    return tailmatch(this.view(str), this.view(substr), start, end, direction > 0 ? 1 : -1) ? 1 : 0;
  }

  /** PyUnicode_Replace(str, substr, replstr, maxcount). */
  PyUnicode_Replace(str: number, substr: number, replstr: number, maxcount: number): number {
    if (!this.ensure(str) || !this.ensure(substr) || !this.ensure(replstr)) return 0;
    return this.replaceImpl(str, substr, replstr, maxcount);
  }

  /** PyUnicode_Join(separator, seq): separator NULL means ' '; any iterable of str. */
  PyUnicode_Join(separator: number, seq: number): number {
    return this.join(separator === 0 ? this.core.latin1(0x20) : separator, seq);
  }

  /** PyUnicode_Partition(str, sep) / PyUnicode_RPartition. */
  PyUnicode_Partition(str: number, sep: number): number {
    if (!this.ensure(str)) return 0;
    return this.partitionImpl(str, sep, false);
  }

  PyUnicode_RPartition(str: number, sep: number): number {
    if (!this.ensure(str)) return 0;
    return this.partitionImpl(str, sep, true);
  }

  /** PyUnicode_Split(s, sep, maxsplit): a list (sep NULL or None: whitespace). */
  PyUnicode_Split(s: number, sep: number, maxsplit: number): number {
    if (!this.ensure(s)) return 0;
    const items = this.splitImpl(s, sep === 0 ? null : sep, maxsplit, false);
    return items === null ? 0 : this.toList(items, this.splitPrealloc(s, sep, maxsplit));
  }

  PyUnicode_RSplit(s: number, sep: number, maxsplit: number): number {
    if (!this.ensure(s)) return 0;
    const items = this.splitImpl(s, sep === 0 ? null : sep, maxsplit, true);
    return items === null ? 0 : this.toList(items, this.splitPrealloc(s, sep, maxsplit));
  }

  /** PyUnicode_Splitlines: a list grown by appends from PyList_New(0), as stringlib's splitlines. */
  PyUnicode_Splitlines(s: number, keepends: number): number {
    if (!this.ensure(s)) return 0;
    const items = this.splitlines(s, keepends !== 0);
    return items === null ? 0 : this.toList(items, 0);
  }

  /**
   * The list size split()/rsplit() preallocate (unicodeobject.c split() + stringlib/split.h
   * PREALLOC_SIZE): maxsplit < 0 becomes (len - 1) / 2 + 1 for whitespace (C division), else
   * len / len(sep) + 1; then min(maxcount + 1, MAX_PREALLOC = 12). Items past that are appended.
   */
  private splitPrealloc(s: number, sep: number, maxsplit: number): number {
    const len = this.core.length(s);
    let maxcount = maxsplit;
    if (maxcount < 0) {
      if (sep === 0 || sep === this.ctx.addr.Py_None) maxcount = Math.trunc((len - 1) / 2) + 1;
      else {
        maxcount = Math.floor(len / this.core.length(sep)) + 1;
        if (maxcount < 0) maxcount = len;
      }
    }
    return maxcount >= 12 ? 12 : maxcount + 1;
  }

  /** A list stealing `items`; `prealloc` slots first (PyList_New(prealloc), cut to the count), then appends. */
  private toList(items: number[], prealloc: number): number {
    return this.ctx.lists.fromArraySteal(items, prealloc);
  }
}

/** Non-overlapping occurrences of needle in hay[s:e], at most `max`. */
export function countIn(hay: ArrayLike<number>, needle: ArrayLike<number>, s: number, e: number, max: number): number {
  if (e < s) return 0;
  if (needle.length === 0) return Math.min(e - s + 1, max);
  let n = 0;
  let i = s;
  while (n < max) {
    const j = findIn(hay, needle, i, e);
    if (j < 0) break;
    n++;
    i = j + needle.length;
  }
  return n;
}

/** tailmatch: does hay[start:end] start (direction -1) or end (+1) with `sub`? */
export function tailmatch(hay: ArrayLike<number>, sub: ArrayLike<number>, start: number | null, end: number | null, direction: 1 | -1): boolean {
  const [s, e] = adjust(start, end, hay.length);
  const m = sub.length;
  if (e - s < m || s > hay.length) return false;
  if (m === 0) return true; // an empty affix matches whenever the adjusted range is valid
  const base = direction > 0 ? e - m : s;
  for (let k = 0; k < m; k++) if (hay[base + k] !== sub[k]) return false;
  return true;
}
