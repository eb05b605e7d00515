/**
 * Traceback objects (Python/traceback.c, CPython 3.14). Layout: traceback-layout.ts.
 *
 *   _PyTraceBack_FromFrame(next, frame, lasti, lineno)
 *                         tb_create_raw: PyObject_GC_New, owned tb_next / tb_frame, tracked.
 *                         CPython requires a frame and reads lasti / lineno from it; poick has no
 *                         frames yet, so `frame` may be NULL and the location is passed in (the
 *                         interpreter will pass its frame and leave lasti / lineno at -1). A
 *                         tb_next that is not a traceback is PyErr_BadInternalCall.
 *   PyTraceBack_Here(frame, lasti, lineno)
 *                         push an entry onto the raised exception's __traceback__ (the entry's
 *                         tb_next is the old traceback), as the eval loop does for each frame an
 *                         exception unwinds through; -1 with the error indicator unchanged on
 *                         failure (the new error chained to the old, _PyErr_ChainExceptions1)
 *   PyTraceBack_Check     exact type test (traceback cannot be subclassed)
 *   tb_dealloc            untrack, release tb_next and tb_frame, PyObject_GC_Del; a long chain
 *                         is freed by the ABI's iterative trashcan, never by deep recursion
 *   tb_traverse / tb_clear   tb_next then tb_frame, as traceback.c
 *   tb_new                types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno): argument
 *                         clinic's checks; tb_frame must be a frame, so until frames exist every
 *                         call ends in "traceback() argument 'tb_frame' must be frame, not T"
 *   attributes            tb_next (get / set with "expected traceback object, got 'T'",
 *                         "traceback loop detected", "can't delete tb_next attribute"),
 *                         tb_frame (a read-only member: None for NULL), tb_lasti, tb_lineno (None
 *                         when -1 and there is no frame to compute it from): the type's getset and
 *                         member tables (`tables()`, installed by the attribute layer), and the
 *                         same as JavaScript methods (getNext, setNext, ...)
 *
 * Not here: PyTraceBack_Print and the traceback text (they need frames, code objects and files).
 */

import type { destructor, inquiry, newfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import { Py_READONLY, _Py_T_OBJECT } from "../descr/descr-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { TB_FRAME, TB_LASTI, TB_LINENO, TB_NEXT } from "./traceback-layout.js";
import { unpackKeywords } from "../descr/ctor-keywords.js";

const TB_ARG_NAMES = ["tb_next", "tb_frame", "tb_lasti", "tb_lineno"] as const;

export class TracebackApi {
  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("tb_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("tb_traverse", "traverseproc", ((op, visit, arg) => {
      const u32 = this.ctx.heap.u32;
      const next = u32[(op + TB_NEXT) >>> 2];
      if (next !== 0) {
        const r = visit(next, arg);
        if (r !== 0) return r;
      }
      const frame = this.ctx.heap.u32[(op + TB_FRAME) >>> 2];
      return frame !== 0 ? visit(frame, arg) : 0;
    }) satisfies traverseproc);
    slots.register("tb_clear", "inquiry", ((op) => {
      this.ctx.abi.Py_CLEAR(op + TB_NEXT);
      this.ctx.abi.Py_CLEAR(op + TB_FRAME);
      return 0;
    }) satisfies inquiry);
    slots.register("tb_new", "newfunc", ((_type, args, kwds) => this.tbNew(args, kwds)) satisfies newfunc);
  }

  /** PyTraceBack_Check: exactly a traceback. */
  PyTraceBack_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyTraceBack_Type ? 1 : 0;
  }

  /**
   * _PyTraceBack_FromFrame(tb_next, frame) with the location given explicitly (see the header):
   * a new traceback entry, or NULL with an error set.
   */
  _PyTraceBack_FromFrame(tbNext: number, frame: number, lasti = -1, lineno = -1): number {
    const { ctx } = this;
    if (tbNext !== 0 && this.PyTraceBack_Check(tbNext) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!Number.isInteger(lasti) || !Number.isInteger(lineno) || lasti < -1 || lasti > 0x7fffffff || lineno < -1 || lineno > 0x7fffffff) {
      throw new RangeError(`_PyTraceBack_FromFrame: lasti and lineno must be C ints ≥ -1 (got ${lasti}, ${lineno})`);
    }
    const op = ctx.alloc.PyObject_GC_New(ctx.addr.PyTraceBack_Type);
    if (op === 0) return 0;
    const u32 = ctx.heap.u32;
    const i32 = ctx.heap.i32;
    u32[(op + TB_NEXT) >>> 2] = ctx.abi.Py_XNewRef(tbNext);
    u32[(op + TB_NEXT + 4) >>> 2] = 0;
    u32[(op + TB_FRAME) >>> 2] = ctx.abi.Py_XNewRef(frame);
    u32[(op + TB_FRAME + 4) >>> 2] = 0;
    i32[(op + TB_LASTI) >>> 2] = lasti;
    i32[(op + TB_LINENO) >>> 2] = lineno;
    ctx.abi.gc?.track(op);
    return op;
  }

  /** PyTraceBack_Here(frame): add an entry for `frame` to the raised exception's traceback; 0 or -1. */
  PyTraceBack_Here(frame: number, lasti = -1, lineno = -1): number {
    const { ctx } = this;
    const exc = ctx.err.PyErr_GetRaisedException();
    if (exc === 0) throw new Error("PyTraceBack_Here: no exception is set");
    const tb = ctx.exceptions.PyException_GetTraceback(exc);
    const newtb = this._PyTraceBack_FromFrame(tb, frame, lasti, lineno);
    ctx.abi.Py_XDECREF(tb);
    if (newtb === 0) {
      // _PyErr_ChainExceptions1: the new error gets the old one as its context
      const err = ctx.err.PyErr_GetRaisedException();
      ctx.exceptions.PyException_SetContext(err, exc);
      ctx.err.PyErr_SetRaisedException(err);
      return -1;
    }
    ctx.exceptions.PyException_SetTraceback(exc, newtb);
    ctx.abi.Py_DECREF(newtb);
    ctx.err.PyErr_SetRaisedException(exc);
    return 0;
  }

  // ---- attributes (JavaScript until descriptors exist) ----------------------------------------------

  /** tb.tb_next: a new reference (None for the last entry). */
  getNext(tb: number): number {
    const next = this.ctx.heap.u32[(this.check(tb) + TB_NEXT) >>> 2];
    return this.ctx.abi.Py_NewRef(next !== 0 ? next : this.ctx.addr.Py_None);
  }

  /** tb.tb_next = value (0: del); 0 or -1. */
  setNext(tb: number, value: number): number {
    const { ctx } = this;
    this.check(tb);
    if (value === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "can't delete tb_next attribute");
      return -1;
    }
    let next = value;
    if (next === ctx.addr.Py_None) next = 0;
    else if (this.PyTraceBack_Check(next) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `expected traceback object, got '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(next)), 200)}'`);
      return -1;
    }
    // a chain with `tb` in it would make a cycle (and endless traceback printing)
    for (let cursor = next; cursor !== 0; cursor = ctx.heap.u32[(cursor + TB_NEXT) >>> 2]) {
      if (cursor === tb) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "traceback loop detected");
        return -1;
      }
    }
    ctx.abi.Py_XSETREF(tb + TB_NEXT, ctx.abi.Py_XNewRef(next));
    return 0;
  }

  /** tb.tb_frame: a new reference; None while the entry has no frame (always, until frames exist). */
  getFrame(tb: number): number {
    const frame = this.ctx.heap.u32[(this.check(tb) + TB_FRAME) >>> 2];
    return this.ctx.abi.Py_NewRef(frame !== 0 ? frame : this.ctx.addr.Py_None);
  }

  /** tb.tb_lasti as a number. */
  getLasti(tb: number): number {
    return this.ctx.heap.i32[(this.check(tb) + TB_LASTI) >>> 2];
  }

  /** tb.tb_lineno: the stored line, or null (None) when it is -1 and no frame can supply it. */
  getLineno(tb: number): number | null {
    const lineno = this.ctx.heap.i32[(this.check(tb) + TB_LINENO) >>> 2];
    return lineno === -1 ? null : lineno;
  }

  /** tb_memberlist and tb_getsetters as the attribute layer installs them on the type. */
  tables(): TypeTables {
    const { ctx } = this;
    return {
      members: [{ name: "tb_frame", type: _Py_T_OBJECT, offset: TB_FRAME, flags: Py_READONLY }],
      getset: [
        { name: "tb_next", get: (self) => this.getNext(self), set: (self, value) => this.setNext(self, value) },
        { name: "tb_lasti", get: (self) => ctx.numbers.longs.PyLong_FromLong(this.getLasti(self)) },
        {
          name: "tb_lineno",
          get: (self) => {
            const lineno = this.getLineno(self);
            return lineno === null ? ctx.abi.Py_NewRef(ctx.addr.Py_None) : ctx.numbers.longs.PyLong_FromLong(lineno);
          },
        },
      ],
    };
  }

  /** The entries of a traceback chain, outermost first (addresses, borrowed). */
  chain(tb: number): number[] {
    const out: number[] = [];
    for (let cursor = tb; cursor !== 0; cursor = this.ctx.heap.u32[(cursor + TB_NEXT) >>> 2]) out.push(cursor);
    return out;
  }

  private check(tb: number): number {
    if (this.PyTraceBack_Check(tb) === 0) throw new TypeError(`not a traceback object: ${tb}`);
    return tb;
  }

  /** tb_new: argument clinic's positional checks, then tb_frame's type check (no frames exist). */
  private tbNew(args: number, kwds: number): number {
    const { ctx } = this;
    const fail = (msg: string) => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    };
    // Argument Clinic: tb_next, tb_frame, tb_lasti, tb_lineno, by position or by name.
    const parsed = unpackKeywords(ctx, { fname: "traceback", names: TB_ARG_NAMES, posonly: 0, minpos: 4, maxpos: 4 }, args, kwds);
    if (parsed === null) return 0;
    const frame = parsed[1];
    // _PyArg_BadArgument names None as "None", anything else by its type
    const got = frame === ctx.addr.Py_None ? "None" : precisionS(ctx.typeName(ctx.abi.Py_TYPE(frame)), 50);
    return fail(`traceback() argument 'tb_frame' must be frame, not ${got}`);
  }

  private dealloc(op: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(op);
    ctx.abi.Py_CLEAR(op + TB_NEXT);
    ctx.abi.Py_CLEAR(op + TB_FRAME);
    ctx.alloc.PyObject_GC_Del(op);
  }
}
