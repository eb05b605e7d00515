/**
 * bytearray's repeat and %-formatting slots (Objects/bytearrayobject.c, CPython 3.14), registered
 * under their C names:
 *
 *   bytearray_repeat    sq_repeat: a new bytearray of len·n bytes (n < 0 counts as 0; len·n past
 *                       PY_SSIZE_T_MAX is MemoryError), filled by doubling (_PyBytes_Repeat)
 *   bytearray_irepeat   sq_inplace_repeat: n == 1 returns self untouched; otherwise
 *                       PyByteArray_Resize(self, len·n) (so exports block it with BufferError, and
 *                       the growth rule of bytearray.ts decides ob_alloc), then the first len bytes
 *                       are doubled in place; returns a new reference to self
 *   bytearray_mod       nb_remainder: NotImplemented unless the left operand is a bytearray; else
 *                       _PyBytes_FormatEx's rules (unicode-percent.ts in bytes mode) and the result
 *                       as a new bytearray ("not all arguments converted during bytes formatting")
 */

import type { binaryfunc, ssizeargfunc } from "../../../refcount/slot-signatures.js";
import type { ByteArrayApi } from "./bytearray.js";
import { BA_START } from "./bytes-layout.js";
import type { ObjectContext } from "../core/context.js";
import { percentFormat } from "./unicode-percent.js";
import type { UnicodeCore } from "./unicode-new.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** _PyBytes_Repeat: fill u8[dest, dest+total) with copies of the `len` bytes at dest (already there). */
function repeatInPlace(u8: Uint8Array, dest: number, total: number, len: number): void {
  if (len === 1) {
    u8.fill(u8[dest], dest, dest + total);
    return;
  }
  let copied = len;
  while (copied < total) {
    const chunk = Math.min(copied, total - copied);
    u8.copyWithin(dest + copied, dest, dest + chunk);
    copied += chunk;
  }
}

export function registerByteArrayOps(ctx: ObjectContext, api: ByteArrayApi, core: UnicodeCore): void {
  const slots = ctx.abi.slots;
  const start = (op: number) => ctx.heap.u32[(op + BA_START) >>> 2];

  slots.register("bytearray_repeat", "ssizeargfunc", ((self, count) => {
    const n = count < 0 ? 0 : count;
    const mysize = ctx.abi.Py_SIZE(self);
    if (n > 0 && mysize > Math.floor(PY_SSIZE_T_MAX / n)) return ctx.err.PyErr_NoMemory();
    const size = mysize * n;
    const result = api.PyByteArray_FromStringAndSize(null, size);
    if (result !== 0 && size !== 0) {
      const u8 = ctx.heap.u8;
      const dest = start(result);
      u8.copyWithin(dest, start(self), start(self) + mysize);
      repeatInPlace(u8, dest, size, mysize);
    }
    return result;
  }) satisfies ssizeargfunc);

  slots.register("bytearray_irepeat", "ssizeargfunc", ((self, count) => {
    let n = count;
    if (n < 0) n = 0;
    else if (n === 1) return ctx.abi.Py_NewRef(self);
    const mysize = ctx.abi.Py_SIZE(self);
    if (n > 0 && mysize > Math.floor(PY_SSIZE_T_MAX / n)) return ctx.err.PyErr_NoMemory();
    const size = mysize * n;
    if (api.PyByteArray_Resize(self, size) < 0) return 0;
    if (size !== 0) repeatInPlace(ctx.heap.u8, start(self), size, mysize);
    return ctx.abi.Py_NewRef(self);
  }) satisfies ssizeargfunc);

  slots.register("bytearray_mod", "binaryfunc", ((v, w) => {
    if (!api.isByteArray(v)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    // A copy: formatting runs arbitrary __str__ / __bytes__ code that may resize the bytearray.
    const out = percentFormat({ ctx, core, unicode: ctx.unicode, bytesMode: true }, api.data(v).slice(), w);
    return out === null ? 0 : api.PyByteArray_FromStringAndSize(Uint8Array.from(out), out.length);
  }) satisfies binaryfunc);
}
