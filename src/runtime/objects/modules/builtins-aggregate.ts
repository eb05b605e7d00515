/**
 * The builtins that fold an iterable (Python/bltinmodule.c, CPython 3.14):
 *
 *   min / max   METH_FASTCALL | METH_KEYWORDS (min_max): keyword-only key= and default= parsed like
 *               "|$OO:max"; one positional argument is iterated, several are the candidates; the
 *               first of equal extremes wins; "max() iterable argument is empty", "Cannot specify a
 *               default for max() with multiple positional arguments"
 *   sum         clinic (iterable, /, start=0); str / bytes / bytearray starts refused; the C fast
 *               paths decide results, so they are reproduced: exact ints in a C Py_ssize_t until
 *               it would overflow, floats (and ints) with Neumaier's compensated sum (3.12+), complex
 *               numbers with one compensated sum per component (3.14), then PyNumber_Add
 *   sorted      one positional argument into a new list, then list.sort(**kwnames) (so keyword
 *               errors are list.sort's: "sort() got an unexpected keyword argument 'foo'")
 */

import { METH_FASTCALL, METH_KEYWORDS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { Py_GT, Py_LT } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { checkPositional, unpackFastKeywords, type ClinicParser } from "../descr/ctor-keywords.js";
import { arg, entry } from "./builtins-functions.js";
import type { ModuleDeps } from "./module-deps.js";

const SUM_PARSER: ClinicParser = { fname: "sum", names: ["iterable", "start"], posonly: 1, minpos: 1, maxpos: 2 };
const PY_SSIZE_T_MAX = (1n << 63n) - 1n;
const PY_SSIZE_T_MIN = -(1n << 63n);

/** Neumaier's running sum: hi + lo (cs_add / cs_to_double of bltinmodule.c). */
interface CompensatedSum {
  hi: number;
  lo: number;
}

function csAdd(total: CompensatedSum, x: number): void {
  const t = total.hi + x;
  if (Math.abs(total.hi) >= Math.abs(x)) total.lo += total.hi - t + x;
  else total.lo += x - t + total.hi;
  total.hi = t;
}

function csToDouble(total: CompensatedSum): number {
  // Keeps a negative zero's sign and never turns an infinite sum into a NaN.
  if (total.lo !== 0 && Number.isFinite(total.lo)) return total.hi + total.lo;
  return total.hi;
}

export class BuiltinAggregates {
  private readonly minmaxParsers: Record<"min" | "max", ClinicParser> = {
    min: { fname: "min", names: ["key", "default"], posonly: 0, minpos: 0, maxpos: 0 },
    max: { fname: "max", names: ["key", "default"], posonly: 0, minpos: 0, maxpos: 0 },
  };

  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: ModuleDeps,
  ) {}

  entries(): Record<"max" | "min" | "sorted" | "sum", MethodTableEntry> {
    const FK = METH_FASTCALL | METH_KEYWORDS;
    return {
      max: entry("max", FK, (_m, args, nargs, kwnames) => this.minMax(args, nargs, kwnames, Py_GT)),
      min: entry("min", FK, (_m, args, nargs, kwnames) => this.minMax(args, nargs, kwnames, Py_LT)),
      sorted: entry("sorted", FK, (_m, args, nargs, kwnames) => this.sorted(args, nargs, kwnames)),
      sum: entry("sum", FK, (_m, args, nargs, kwnames) => {
        const got = unpackFastKeywords(this.ctx, SUM_PARSER, args, nargs, kwnames);
        return got === null ? 0 : this.sum(got[0], got[1]);
      }),
    };
  }

  /** min_max(args, nargs, kwnames, op). */
  private minMax(args: number, nargs: number, kwnames: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const name = op === Py_LT ? "min" : "max";
    if (nargs === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name} expected at least 1 argument, got 0`);
      return 0;
    }
    let keyfunc = 0;
    let defaultval = 0;
    if (kwnames !== 0) {
      const got = unpackFastKeywords(ctx, this.minmaxParsers[name], args + 8 * nargs, 0, kwnames);
      if (got === null) return 0;
      [keyfunc, defaultval] = got;
    }
    const positional = nargs > 1;
    if (positional && defaultval !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Cannot specify a default for ${name}() with multiple positional arguments`);
      return 0;
    }
    let it = 0;
    if (!positional) {
      it = ctx.abstract.iter.PyObject_GetIter(arg(ctx, args, 0));
      if (it === 0) return 0;
    }
    if (keyfunc === ctx.addr.Py_None) keyfunc = 0;
    let maxitem = 0;
    let maxval = 0;
    let next = 0;
    const fail = (...refs: number[]) => {
      for (const r of refs) abi.Py_XDECREF(r);
      abi.Py_XDECREF(maxval);
      abi.Py_XDECREF(maxitem);
      abi.Py_XDECREF(it);
      return 0;
    };
    for (;;) {
      let item: number;
      if (it === 0) {
        if (next >= nargs) break;
        item = abi.Py_NewRef(arg(ctx, args, next++));
      } else {
        item = ctx.abstract.iter.PyIter_Next(it);
        if (item === 0) {
          if (ctx.err.PyErr_Occurred() !== 0) return fail();
          break;
        }
      }
      let val: number;
      if (keyfunc !== 0) {
        val = this.deps.fn("PyObject_CallOneArg")(keyfunc, item);
        if (val === 0) return fail(item);
      } else {
        val = abi.Py_NewRef(item);
      }
      if (maxval === 0) {
        maxitem = item;
        maxval = val;
        continue;
      }
      const cmp = ctx.abstract.object.PyObject_RichCompareBool(val, maxval, op);
      if (cmp < 0) return fail(item, val);
      if (cmp > 0) {
        abi.Py_DECREF(maxval);
        abi.Py_DECREF(maxitem);
        maxval = val;
        maxitem = item;
      } else {
        abi.Py_DECREF(item);
        abi.Py_DECREF(val);
      }
    }
    if (maxval === 0) {
      if (defaultval !== 0) maxitem = abi.Py_NewRef(defaultval);
      else ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `${name}() iterable argument is empty`);
    } else {
      abi.Py_DECREF(maxval);
    }
    abi.Py_XDECREF(it);
    return maxitem;
  }

  /** builtin_sorted: list(iterable), then its sort method called with the keywords. */
  private sorted(args: number, nargs: number, kwnames: number): number {
    const { ctx } = this;
    if (!checkPositional(ctx, "sorted", nargs, 1, 1)) return 0;
    const newlist = ctx.abstract.sequence.PySequence_List(arg(ctx, args, 0));
    if (newlist === 0) return 0;
    const sortName = this.deps.id("sort");
    const callable = this.deps.fn("PyObject_GetAttr")(newlist, sortName);
    ctx.abi.Py_DECREF(sortName);
    if (callable === 0) {
      ctx.abi.Py_DECREF(newlist);
      return 0;
    }
    const v = this.deps.fn("PyObject_Vectorcall")(callable, args + 8, 0, kwnames);
    ctx.abi.Py_DECREF(callable);
    if (v === 0) {
      ctx.abi.Py_DECREF(newlist);
      return 0;
    }
    ctx.abi.Py_DECREF(v);
    return newlist;
  }

  /** builtin_sum_impl(iterable, start). */
  private sum(iterable: number, start: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const typeError = (msg: string) => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    };
    const iter = ctx.abstract.iter.PyObject_GetIter(iterable);
    if (iter === 0) return 0;
    let result: number;
    if (start === 0) {
      result = ctx.numbers.longs.PyLong_FromLong(0);
    } else {
      let refused: string | null = null;
      if (ctx.unicode.PyUnicode_Check(start) !== 0) refused = "sum() can't sum strings [use ''.join(seq) instead]";
      else if (ctx.bytes.PyBytes_Check(start) !== 0) refused = "sum() can't sum bytes [use b''.join(seq) instead]";
      else if (ctx.types.PyObject_TypeCheck(start, ctx.addr.PyByteArray_Type) !== 0) refused = "sum() can't sum bytearray [use b''.join(seq) instead]";
      if (refused !== null) {
        abi.Py_DECREF(iter);
        return typeError(refused);
      }
      result = abi.Py_NewRef(start);
    }
    const done = (r: number) => {
      abi.Py_DECREF(iter);
      return r;
    };
    const fast = this.fastPaths(iter, result);
    if (fast.finished) return done(fast.result);
    result = fast.result;
    for (;;) {
      const item = ctx.abstract.iter.PyIter_Next(iter);
      if (item === 0) {
        if (ctx.err.PyErr_Occurred() !== 0) {
          abi.Py_DECREF(result);
          result = 0;
        }
        break;
      }
      const temp = ctx.abstract.number.PyNumber_Add(result, item);
      abi.Py_DECREF(result);
      abi.Py_DECREF(item);
      result = temp;
      if (result === 0) break;
    }
    return done(result);
  }

  /**
   * The int, float and complex fast paths, run in that order on the same iterator: each consumes
   * items while they fit and hands over (a result object plus the item that did not fit, already
   * added with PyNumber_Add) to the next path or to the generic loop. `finished` means the
   * iterator ended (or failed: result 0) inside a fast path.
   */
  private fastPaths(iter: number, start: number): { finished: boolean; result: number } {
    const { ctx } = this;
    const abi = ctx.abi;
    const addr = ctx.addr;
    const longs = ctx.numbers.longs;
    const floats = ctx.numbers.floats;
    const complexes = ctx.numbers.complexes;
    const nextItem = () => ctx.abstract.iter.PyIter_Next(iter);
    const ended = (make: () => number) => ({ finished: true, result: ctx.err.PyErr_Occurred() !== 0 ? 0 : make() });
    /** Add the item that left a fast path to the path's total (as an object), consuming both. */
    const handOver = (total: number, item: number) => {
      if (total === 0) {
        abi.Py_DECREF(item);
        return { finished: true, result: 0 };
      }
      const temp = ctx.abstract.number.PyNumber_Add(total, item);
      abi.Py_DECREF(total);
      abi.Py_DECREF(item);
      return temp === 0 ? { finished: true, result: 0 } : { finished: false, result: temp };
    };
    let result = start;

    if (abi.Py_TYPE(result) === addr.PyLong_Type) {
      const overflow = { value: 0 };
      let total = longs.PyLong_AsLongAndOverflow(result, overflow);
      if (overflow.value === 0) {
        abi.Py_DECREF(result);
        for (;;) {
          const item = nextItem();
          if (item === 0) return ended(() => longs.PyLong_FromSsize_t(total));
          const t = abi.Py_TYPE(item);
          if (t === addr.PyLong_Type || t === addr.PyBool_Type) {
            const b = longs.PyLong_AsLongAndOverflow(item, overflow);
            if (overflow.value === 0 && (total >= 0n ? b <= PY_SSIZE_T_MAX - total : b >= PY_SSIZE_T_MIN - total)) {
              total += b;
              abi.Py_DECREF(item);
              continue;
            }
          }
          const step = handOver(longs.PyLong_FromSsize_t(total), item);
          if (step.finished) return step;
          result = step.result;
          break;
        }
      }
    }

    if (abi.Py_TYPE(result) === addr.PyFloat_Type) {
      const re: CompensatedSum = { hi: floats.PyFloat_AS_DOUBLE(result), lo: 0 };
      abi.Py_DECREF(result);
      for (;;) {
        const item = nextItem();
        if (item === 0) return ended(() => floats.PyFloat_FromDouble(csToDouble(re)));
        if (abi.Py_TYPE(item) === addr.PyFloat_Type) {
          csAdd(re, floats.PyFloat_AS_DOUBLE(item));
          abi.Py_DECREF(item);
          continue;
        }
        if (longs.PyLong_Check(item) !== 0) {
          const value = longs.PyLong_AsDouble(item);
          abi.Py_DECREF(item);
          if (value === -1 && ctx.err.PyErr_Occurred() !== 0) return { finished: true, result: 0 };
          csAdd(re, value);
          continue;
        }
        const step = handOver(floats.PyFloat_FromDouble(csToDouble(re)), item);
        if (step.finished) return step;
        result = step.result;
        break;
      }
    }

    if (abi.Py_TYPE(result) === addr.PyComplex_Type) {
      const z = complexes.PyComplex_AsCComplex(result);
      const re: CompensatedSum = { hi: z.real, lo: 0 };
      const im: CompensatedSum = { hi: z.imag, lo: 0 };
      abi.Py_DECREF(result);
      for (;;) {
        const item = nextItem();
        if (item === 0) return ended(() => complexes.PyComplex_FromDoubles(csToDouble(re), csToDouble(im)));
        if (abi.Py_TYPE(item) === addr.PyComplex_Type) {
          const w = complexes.PyComplex_AsCComplex(item);
          csAdd(re, w.real);
          csAdd(im, w.imag);
          abi.Py_DECREF(item);
          continue;
        }
        if (longs.PyLong_Check(item) !== 0) {
          const value = longs.PyLong_AsDouble(item);
          abi.Py_DECREF(item);
          if (value === -1 && ctx.err.PyErr_Occurred() !== 0) return { finished: true, result: 0 };
          csAdd(re, value);
          csAdd(im, 0);
          continue;
        }
        if (floats.PyFloat_Check(item) !== 0) {
          csAdd(re, floats.PyFloat_AS_DOUBLE(item));
          csAdd(im, 0);
          abi.Py_DECREF(item);
          continue;
        }
        const step = handOver(complexes.PyComplex_FromDoubles(csToDouble(re), csToDouble(im)), item);
        if (step.finished) return step;
        result = step.result;
        break;
      }
    }
    return { finished: false, result };
  }
}
