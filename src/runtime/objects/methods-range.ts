/**
 * range.index and range.count (Objects/rangeobject.c, CPython 3.14): an exact int or a bool is
 * located arithmetically ((x − start) / step when x lies on the range: "range.index(x): x not in
 * range" otherwise); anything else falls back to _PySequence_IterSearch, which compares every item
 * ("sequence.index(x): x not in sequence").
 */

import { METH_O } from "../../refcount/method-flags.js";
import type { TypeTables } from "./attr-builtins.js";
import { PY_ITERSEARCH_COUNT, PY_ITERSEARCH_INDEX } from "./abstract-sequence.js";
import type { ObjectContext } from "./context.js";
import { methodHelpers } from "./methods-args.js";
import { RANGE_START, RANGE_STEP, RANGE_STOP } from "./range-layout.js";

export function rangeMethodTables(ctx: ObjectContext): { PyRange_Type: TypeTables } {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const longs = ctx.numbers.longs;
  const big = (o: number): bigint => BigInt(longs.valueOf(o));
  const field = (o: number, off: number) => big(ctx.heap.u32[(o + off) >>> 2]);
  const isExactInt = (o: number) => longs.PyLong_CheckExact(o) !== 0 || abi.Py_TYPE(o) === ctx.addr.PyBool_Type;
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
  return {
    PyRange_Type: {
      methods: [
        {
          name: "index",
          flags: METH_O,
          fn: (r: number, x: number) => {
            if (!isExactInt(x)) return search(r, x, PY_ITERSEARCH_INDEX);
            const i = position(r, big(x));
            return i < 0n ? h.valueError("range.index(x): x not in range") : longs.fromValue(i);
          },
          doc: "rangeobject.index(value) -> integer\nReturn index of value.\nRaise ValueError if the value is not present.",
        },
        {
          name: "count",
          flags: METH_O,
          fn: (r: number, x: number) => (isExactInt(x) ? h.int(position(r, big(x)) < 0n ? 0 : 1) : search(r, x, PY_ITERSEARCH_COUNT)),
          doc: "rangeobject.count(value) -> integer\nReturn number of occurrences of value.",
        },
      ],
    },
  };
}
