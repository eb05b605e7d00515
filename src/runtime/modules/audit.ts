/**
 * Audit hooks (PEP 578; Python/sysmodule.c, CPython 3.14): C-level hooks (JavaScript functions)
 * and Python-level hooks (any callable object, added with sys.addaudithook).
 *
 *   PySys_AddAuditHook(hook, userData)   append a hook; first raises "sys.addaudithook" through
 *                                        the hooks already there: a RuntimeError (or subclass)
 *                                        from them refuses the new hook silently (returns 0),
 *                                        any other exception fails the call (-1)
 *   PySys_Audit(event, format, ...args)  build the arguments as Py_BuildValue would (a result
 *                                        that is not a tuple is wrapped in a 1-tuple; no format
 *                                        means ()), call every hook in order with
 *                                        (event, args, userData); the first hook that returns
 *                                        < 0 stops the event and the call returns -1 with its
 *                                        error set. With no hook registered nothing is built.
 *   PySys_AuditTuple(event, args)        the same with a ready tuple (3.13+); NULL means ()
 *   sys.addaudithook(hook)               raise "sys.addaudithook" through every hook; an Exception
 *                                        (not BaseException) from them refuses the new hook
 *                                        silently; then append any object (a non-callable one
 *                                        fails every later event with TypeError)
 *   sys.audit(event, *args)              event must be a str ("audit() argument 1 must be str, not
 *                                        int"), checked even with no hooks; the hooks get the event
 *                                        as a plain str and args as a tuple; None
 *
 * Each event goes through the C hooks first, then the Python ones, each called as hook(event, args)
 * with its result discarded; the first failure stops the event. The Python hooks are a list object
 * in the heap (CPython's interp->audit_hooks), created by the first sys.addaudithook; walking it by
 * index with its size read each step calls a hook appended during the event too, as CPython's list
 * iterator does.
 *
 * An error set by the caller is kept aside while the hooks run and restored when they all pass,
 * as sys_audit_tstate does. Hooks are JavaScript functions, so the hook list is a JavaScript
 * array of this runtime's (function pointers cannot live in the heap; CPython keeps them in a
 * process-wide list of PyMem_RawMalloc entries). It belongs to one runtime: several runtimes in
 * a process never see each other's hooks.
 *
 * PySys_Audit's format is Py_BuildValue's (descr/buildvalue.ts), except 'N', which CPython asserts
 * against (a hook must not be handed a reference to steal): it is refused as a bad format char.
 */

import type { ObjectContext } from "../objects/core/context.js";

/** Py_AuditHookFunction: return < 0 with an error set to abort the event. */
export type Py_AuditHookFunction = (event: string, args: number, userData: unknown) => number;

/** What a PySys_Audit format unit may take: objects and integers are numbers. */
export type AuditArg = number | bigint | string | null;

interface HookEntry {
  readonly hook: Py_AuditHookFunction;
  readonly userData: unknown;
}

export class SysAudit {
  private readonly hooks: HookEntry[] = [];
  /** interp->audit_hooks: the list of Python-level hooks (a strong reference), 0 until the first. */
  private pyHooks = 0;

  constructor(private readonly ctx: ObjectContext) {}

  /** How many hooks are registered, C and Python (callers skip building event arguments when none is). */
  _PySys_AuditHookCount(): number {
    return this.hooks.length + (this.pyHooks === 0 ? 0 : this.ctx.abi.Py_SIZE(this.pyHooks));
  }

  /** sys.addaudithook(hook): 0 (added, or refused by an Exception from a hook), -1 with the error set. */
  sysAddAuditHook(hook: number): number {
    const { ctx } = this;
    if (this.PySys_Audit("sys.addaudithook", null) < 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_Exception) !== 0) {
        ctx.err.PyErr_Clear();
        return 0;
      }
      return -1;
    }
    if (this.pyHooks === 0) {
      this.pyHooks = ctx.lists.PyList_New(0);
      if (this.pyHooks === 0) return -1;
    }
    return ctx.lists.PyList_Append(this.pyHooks, hook);
  }

  /** sys.audit(event, *args): 0, or -1 with the error set (a bad event, or a hook's failure). */
  sysAudit(args: readonly number[]): number {
    const { ctx } = this;
    if (args.length === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "audit expected at least 1 argument, got 0");
      return -1;
    }
    const event = args[0];
    if (ctx.unicode.PyUnicode_Check(event) === 0) {
      ctx.err.PyErr_Format(ctx.addr.PyExc_TypeError, "audit() argument 1 must be str, not %.200s", ctx.typeName(ctx.abi.Py_TYPE(event)));
      return -1;
    }
    if (this._PySys_AuditHookCount() === 0) return 0;
    // PyUnicode_AsUTF8 lives with the codecs: ValueError for an embedded NUL, UnicodeEncodeError for a lone surrogate.
    const asUtf8 = ctx.capi("PyUnicode_AsUTF8") as ((op: number) => string | null) | null;
    if (asUtf8 === null) return ctx.unwired("PyUnicode_AsUTF8 for sys.audit");
    const name = asUtf8(event);
    if (name === null) return -1;
    const tuple = ctx.tuples.PyTuple_Pack(args.length - 1, ...args.slice(1));
    if (tuple === 0) return -1;
    const r = this.PySys_AuditTuple(name, tuple);
    ctx.abi.Py_DECREF(tuple);
    return r;
  }

  /** PySys_AddAuditHook: 0 on success (or a refusal by RuntimeError), -1 with an error set. */
  PySys_AddAuditHook(hook: Py_AuditHookFunction, userData: unknown = null): number {
    const { ctx } = this;
    if (typeof hook !== "function") throw new TypeError("PySys_AddAuditHook: hook must be a function");
    if (this.PySys_Audit("sys.addaudithook", null) < 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_RuntimeError) !== 0) {
        // Errors derived from RuntimeError are not reported: the hook is simply not added.
        ctx.err.PyErr_Clear();
        return 0;
      }
      return -1;
    }
    this.hooks.push({ hook, userData });
    return 0;
  }

  /** PySys_Audit(event, format, ...): 0, or -1 with the aborting hook's error set. */
  PySys_Audit(event: string, format: string | null, ...args: AuditArg[]): number {
    if (this._PySys_AuditHookCount() === 0) return 0;
    const { ctx } = this;
    const saved = ctx.err.PyErr_GetRaisedException();
    let tuple: number;
    if (format !== null && format !== "") {
      tuple = this.build(format, args);
      if (tuple !== 0 && !this.isTuple(tuple)) {
        const packed = ctx.tuples.PyTuple_Pack(1, tuple);
        ctx.abi.Py_DECREF(tuple);
        tuple = packed;
      }
    } else tuple = ctx.tuples.PyTuple_New(0);
    return this.run(event, tuple, saved);
  }

  /** PySys_AuditTuple(event, args): args a tuple or NULL (then ()). */
  PySys_AuditTuple(event: string, args: number): number {
    if (this._PySys_AuditHookCount() === 0) return 0;
    const { ctx } = this;
    const saved = ctx.err.PyErr_GetRaisedException();
    if (args !== 0 && !this.isTuple(args)) {
      ctx.err.PyErr_Format(ctx.addr.PyExc_TypeError, "args must be tuple, got %s", ctx.typeName(ctx.abi.Py_TYPE(args)));
      if (saved !== 0) ctx.abi.Py_DECREF(saved);
      return -1;
    }
    const tuple = args === 0 ? ctx.tuples.PyTuple_New(0) : ctx.abi.Py_NewRef(args);
    return this.run(event, tuple, saved);
  }

  /** Py_VaBuildValue over the event's arguments; 'N' refused. */
  private build(format: string, args: readonly AuditArg[]): number {
    const { ctx } = this;
    if (format.includes("N")) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "bad format char passed to Py_BuildValue");
      return 0;
    }
    const build = ctx.capi("Py_VaBuildValue") as ((format: string, args: readonly AuditArg[]) => number) | null;
    if (build === null) return ctx.unwired("Py_VaBuildValue for PySys_Audit");
    return build(format, args);
  }

  private isTuple(op: number): boolean {
    const { ctx } = this;
    return ctx.types.PyObject_TypeCheck(op, ctx.addr.PyTuple_Type) !== 0;
  }

  /** Call the hooks with a new reference `tuple` (0: building failed, error set). */
  private run(event: string, tuple: number, saved: number): number {
    const { ctx } = this;
    let ok = tuple !== 0;
    if (ok) {
      // A hook added while an event runs is called from the next event on (CPython walks its
      // list as it stands; the snapshot keeps the JavaScript iteration simple).
      for (const e of this.hooks.slice()) {
        if (e.hook(event, tuple, e.userData) < 0) {
          ok = false;
          break;
        }
      }
      if (ok && this.pyHooks !== 0 && ctx.abi.Py_SIZE(this.pyHooks) > 0) ok = this.runPythonHooks(event, tuple);
      ctx.abi.Py_DECREF(tuple);
    }
    if (ok) {
      ctx.err.PyErr_SetRaisedException(saved);
      return 0;
    }
    if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `audit hook for '${event}' failed without setting an exception`);
    if (saved !== 0) ctx.abi.Py_DECREF(saved);
    return -1;
  }

  /** hook(event, args) for each Python-level hook; false at the first failure (error set). */
  private runPythonHooks(event: string, tuple: number): boolean {
    const { ctx } = this;
    const abi = ctx.abi;
    const name = ctx.unicode.PyUnicode_FromString(event);
    if (name === 0) return false;
    const list = abi.Py_NewRef(this.pyHooks); // a hook may clear the hooks while they run
    let ok = true;
    for (let i = 0; i < abi.Py_SIZE(list); i++) {
      const hook = abi.Py_NewRef(ctx.lists.PyList_GetItem(list, i));
      const r = ctx.call.PyObject_CallFunctionObjArgs(hook, name, tuple);
      abi.Py_DECREF(hook);
      if (r === 0) {
        ok = false;
        break;
      }
      abi.Py_DECREF(r);
    }
    abi.Py_DECREF(list);
    abi.Py_DECREF(name);
    return ok;
  }
}
