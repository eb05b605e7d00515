/**
 * The part of int and bool that exists before the int issue: the slot functions PyLong_Type and
 * PyBool_Type need to be complete types, and the two bool objects (static PyLongObjects,
 * long-layout.ts). The int engineer replaces long_new and adds arithmetic, repr, PyLong_* ...
 *
 *   long_dealloc  small ints (immortal bit) are re-immortalised; exact compact ints go to the ints
 *                 free list (100), else PyObject_Free; other ints tp_free
 *   long_hash     CPython's: compact value (-1 → -2), else digits folded modulo 2^61 − 1
 *   long_bool     lv_tag's sign is not "zero"
 *   long_new      not implemented yet (SystemError)
 *   bool_new      bool() → False, bool(x) → PyObject_IsTrue(x)
 *   bool_dealloc  re-immortalise (True/False are never freed)
 */

import type { destructor, hashfunc, inquiry, newfunc } from "../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "./args.js";
import type { ObjectContext } from "./context.js";
import { LONG_DIGITS, LONG_TAG, PyLong_SHIFT, IMMORTAL_BIT, SIGN_ZERO } from "./long-layout.js";

const HASH_BITS = 61n;
const HASH_MODULUS = (1n << HASH_BITS) - 1n;
const MASK64 = (1n << 64n) - 1n;
const Py_ints_MAXFREELIST = 100;

export function registerLongSlots(ctx: ObjectContext): void {
  const { abi } = ctx;
  const slots = abi.slots;
  const tagOf = (op: number) => ctx.heap.u32[(op + LONG_TAG) >>> 2];

  const longDealloc: destructor = (op) => {
    const tag = tagOf(op);
    if ((tag & IMMORTAL_BIT) !== 0) {
      abi._Py_SetImmortal(op);
      return;
    }
    if (abi.Py_TYPE(op) === ctx.addr.PyLong_Type && tag < 16) {
      if (!ctx.freelists.push(ctx.freelists.list("ints"), op, Py_ints_MAXFREELIST)) ctx.mem.PyObject_Free(op);
      return;
    }
    const free = abi.slotFunction(abi.Py_TYPE(op), "tp_free");
    if (free !== null) free(op);
  };
  slots.register("long_dealloc", "destructor", longDealloc);

  const longHash: hashfunc = (op) => {
    const heap = ctx.heap;
    const tag = tagOf(op);
    const sign = 1n - BigInt(tag & 3);
    if (tag < 16) {
      const x = sign * BigInt(heap.u32[(op + LONG_DIGITS) >>> 2]);
      return x === -1n ? -2n : x;
    }
    let x = 0n;
    for (let i = Math.floor(tag / 8) - 1; i >= 0; i--) {
      x = ((x << BigInt(PyLong_SHIFT)) & HASH_MODULUS) | (x >> (HASH_BITS - BigInt(PyLong_SHIFT)));
      x += BigInt(heap.u32[(op + LONG_DIGITS + 4 * i) >>> 2]);
      if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    let h = BigInt.asIntN(64, (x * sign) & MASK64);
    if (h === -1n) h = -2n;
    return h;
  };
  slots.register("long_hash", "hashfunc", longHash);

  const longBool: inquiry = (op) => ((tagOf(op) & 3) !== SIGN_ZERO ? 1 : 0);
  slots.register("long_bool", "inquiry", longBool);

  const longNew: newfunc = () => ctx.notYet("int() (arrives with the int issue)");
  slots.register("long_new", "newfunc", longNew);

  const boolNew: newfunc = (_type, args, kwds) => {
    if (!noKeywords(ctx, "bool", kwds)) return 0;
    const items = unpackTuple(ctx, "bool", args, 0, 1);
    if (items === null) return 0;
    const ok = items.length === 0 ? 0 : ctx.proto.PyObject_IsTrue(items[0]);
    if (ok < 0) return 0;
    return abi.Py_NewRef(ok !== 0 ? ctx.addr.Py_True : ctx.addr.Py_False);
  };
  slots.register("bool_new", "newfunc", boolNew);

  const boolDealloc: destructor = (op) => abi._Py_SetImmortal(op);
  slots.register("bool_dealloc", "destructor", boolDealloc);
}
