/**
 * The Python-level method tables of range and its two iterators (Objects/rangeobject.c, CPython
 * 3.14: range_methods, rangeiter_methods, longrangeiter_methods), in CPython's order.
 *
 *   range.__reversed__   range_reverse (range-iter.ts)
 *   range.__reduce__     (range, (start, stop, step)): no builtins needed
 *   range.count/index    an exact int or a bool is located arithmetically ((x − start) / step
 *                        when x lies on the range: "range.index(x): x not in range" otherwise);
 *                        anything else falls back to _PySequence_IterSearch, which compares every
 *                        item ("sequence.index(x): x not in sequence")
 *   iterators            __length_hint__, __reduce__, __setstate__ (range-iter.ts registers them)
 *
 * Functions implemented in range-iter.ts are reached through the slot table by their C names, so
 * this file needs nothing but the context.
 */

import { METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { iterStateMethods } from "../abstract/iter-pickle.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import { PY_ITERSEARCH_COUNT, PY_ITERSEARCH_INDEX } from "../abstract/abstract-sequence.js";
import type { ObjectContext } from "../core/context.js";
import { methodHelpers } from "../descr/methods-args.js";
import { RANGE_START, RANGE_STEP, RANGE_STOP } from "./range-layout.js";


export function rangeMethodTables(ctx: ObjectContext): { PyRange_Type: TypeTables; PyRangeIter_Type: TypeTables; PyLongRangeIter_Type: TypeTables } {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const longs = ctx.numbers.longs;
  const big = (o: number): bigint => BigInt(longs.valueOf(o));
  const fieldObj = (o: number, off: number) => ctx.heap.u32[(o + off) >>> 2];
  const field = (o: number, off: number) => big(fieldObj(o, off));
  const isExactInt = (o: number) => longs.PyLong_CheckExact(o) !== 0 || abi.Py_TYPE(o) === ctx.addr.PyBool_Type;
  /** A PyCFunction registered under its C name (range-iter.ts), called through the slot table. */
  const cfunc =
    (name: string) =>
    (self: number, arg: number): number => {
      const f = abi.slots.get(abi.slots.require(name), "PyCFunction");
      return f === null ? 0 : f(self, arg);
    };
  /** The position of x in the range, or -1n when it is not an element. */
  const position = (r: number, x: bigint): bigint => {
    const start = field(r, RANGE_START);
    const stop = field(r, RANGE_STOP);
    const step = field(r, RANGE_STEP);
    const inside = step > 0n ? x >= start && x < stop : x <= start && x > stop;
    if (!inside || (x - start) % step !== 0n) return -1n;
    return (x - start) / step;
  };
  const search = (r: number, x: number, op: number) => {
    const n = ctx.abstract.sequence._PySequence_IterSearch(r, x, op);
    return n < 0 ? 0 : h.int(n);
  };
  /** range_reduce: Py_BuildValue("(O(OOO))", Py_TYPE(r), start, stop, step). */
  const reduce = (r: number): number => {
    const args = ctx.tuples.PyTuple_Pack(3, fieldObj(r, RANGE_START), fieldObj(r, RANGE_STOP), fieldObj(r, RANGE_STEP));
    if (args === 0) return 0;
    const res = ctx.tuples.PyTuple_Pack(2, abi.Py_TYPE(r), args);
    abi.Py_DECREF(args);
    return res;
  };
  const iterMethods = (prefix: string): MethodTableEntry[] =>
    iterStateMethods(cfunc(`${prefix}_len`), cfunc(`${prefix}_reduce`), cfunc(`${prefix}_setstate`));
  return {
    PyRange_Type: {
      methods: [
        { name: "__reversed__", flags: METH_NOARGS, fn: cfunc("range_reverse"), doc: "Return a reverse iterator." },
        { name: "__reduce__", flags: METH_NOARGS, fn: reduce },
        {
          name: "count",
          flags: METH_O,
          fn: (r: number, x: number) => (isExactInt(x) ? h.int(position(r, big(x)) < 0n ? 0 : 1) : search(r, x, PY_ITERSEARCH_COUNT)),
          doc: "rangeobject.count(value) -> integer -- return number of occurrences of value",
        },
        {
          name: "index",
          flags: METH_O,
          fn: (r: number, x: number) => {
            if (!isExactInt(x)) return search(r, x, PY_ITERSEARCH_INDEX);
            const i = position(r, big(x));
            return i < 0n ? h.valueError("range.index(x): x not in range") : longs.fromValue(i);
          },
          doc: "rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present.",
        },
      ],
    },
    PyRangeIter_Type: { methods: iterMethods("rangeiter") },
    PyLongRangeIter_Type: { methods: iterMethods("longrangeiter") },
  };
}
