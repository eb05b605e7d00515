/**
 * Exception objects (Objects/exceptions.c, CPython 3.14): the slot functions every built-in
 * exception type shares, the PyException_* / PyExceptionClass_* C API, and start-up
 * (_PyExc_InitTypes' vectorcall, the MemoryError free list, the ExceptionGroup heap type).
 * Layouts: exceptions-layout.ts; the types: exceptions-types.ts; the special constructors:
 * exceptions-init.ts; str()/repr(): exceptions-str.ts; MemoryError: memory-errors.ts.
 *
 *   BaseException_new         tp_alloc (zeroed), args = the args tuple (new reference) or ()
 *   BaseException_vectorcall  the same from a vector of arguments (installed after readying on
 *                             every type whose tp_new / tp_init are BaseException's)
 *   BaseException_init        no keyword arguments; args = the args tuple
 *   <store>_dealloc           untrack, <store>_clear, tp_free
 *   <store>_clear / _traverse the store's extra fields in struct order, then the head's
 *
 * While str objects do not exist (exceptions-text.ts: InterimText), PyErr_SetString creates the
 * instance with args () and keeps the message as JavaScript text keyed by the instance's address
 * (`messages`, dropped when the instance dies); str() and repr() read it. With str objects it
 * stores a real str in args like CPython, and `messages` stays empty.
 */

import type { destructor, initproc, inquiry, newfunc, reprfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BASE_EXC_SUBCLASS, Py_TPFLAGS_TYPE_SUBCLASS } from "../../../refcount/type-layout.js";
import { PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import type { FormatArg } from "../../errors/fromformat.js";
import { noKeywords } from "../descr/args.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { BASE_EXC_OWNED, EXC_ARGS, EXC_CAUSE, EXC_CONTEXT, EXC_SUPPRESS_CONTEXT, EXC_TRACEBACK, IMPORTERR_NAME, IMPORTERR_NAME_FROM, IMPORTERR_PATH, STORES, type ExceptionStore } from "./exceptions-layout.js";
import { registerExceptionConstructors } from "./exceptions-init.js";
import { ExceptionStrings } from "./exceptions-str.js";
import { HeapText, InterimText, type ExceptionText, type StrLayer } from "./exceptions-text.js";
import { EXCEPTION_TYPES } from "./exceptions-types.js";
import { UnicodeErrorApi } from "./exceptions-unicode.js";
import { MemoryErrors } from "../core/memory-errors.js";
import type { TypeSpecApi } from "../core/spec.js";

export class ExceptionsApi {
  /** str objects, or the interim stand-in (see the header). */
  text: ExceptionText;
  /** Interim: message text of exceptions created by PyErr_SetString / PyErr_Format before str exists. */
  readonly messages = new Map<number, string>();
  readonly memoryErrors: MemoryErrors;
  readonly strings: ExceptionStrings;
  /** PyUnicode{Encode,Decode,Translate}Error_* accessors. */
  readonly unicodeErrors: UnicodeErrorApi;
  /** The ExceptionGroup heap type (interp->exc_state.PyExc_ExceptionGroup), 0 before start-up ends. */
  exceptionGroupType = 0;

  constructor(
    private readonly ctx: ObjectContext,
    /** PyType_FromSpecWithBases (created after this part; exception classes are now made by type()). */
    _specs: () => TypeSpecApi,
  ) {
    this.text = new InterimText(ctx);
    const { abi } = ctx;
    const slots = abi.slots;

    slots.register("BaseException_new", "newfunc", ((type, args, kwds) => this.baseNew(type, args, kwds)) satisfies newfunc);
    slots.register("BaseException_init", "initproc", ((self, args, kwds) => this.baseInit(self, args, kwds)) satisfies initproc);
    slots.register("BaseException_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.baseVectorcall(type, args, nargsf, kwnames)) satisfies vectorcallfunc);
    for (const store of Object.keys(STORES) as ExceptionStore[]) this.registerStore(store);

    this.memoryErrors = new MemoryErrors(ctx, this);
    slots.register("MemoryError_new", "newfunc", ((type, args, kwds) => this.memoryErrors.memoryErrorNew(type, args, kwds)) satisfies newfunc);
    slots.register("MemoryError_dealloc", "destructor", ((self) => this.memoryErrors.dealloc(self)) satisfies destructor);

    registerExceptionConstructors(ctx, this);
    this.strings = new ExceptionStrings(ctx, this);
    this.unicodeErrors = new UnicodeErrorApi(ctx);
  }

  // ---- start-up ----------------------------------------------------------------------------------

  /**
   * PyUnicode_FromFormat from the text layer: PyErr_Format builds its message with it once
   * installed (useFromFormat); until then the indicator formats with errors/fromformat.ts.
   */
  fromFormat: ((format: string, ...args: FormatArg[]) => number) | null = null;

  /** Install PyUnicode_FromFormat (see `fromFormat`). */
  useFromFormat(fn: (format: string, ...args: FormatArg[]) => number): void {
    this.fromFormat = fn;
  }

  /** Use real str objects from now on (the text layer calls this once PyUnicode_FromString exists). */
  useText(layer: StrLayer): void {
    this.text = new HeapText(this.ctx, layer);
  }

  /**
   * After the static types are ready: _PyExc_InitTypes' vectorcall step, _PyExc_InitGlobalObjects
   * (preallocate the MemoryError free list), create ExceptionGroup (_PyBuiltins_AddExceptions).
   */
  initAfterReady(): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const newIdx = abi.slots.require("BaseException_new");
    const initIdx = abi.slots.require("BaseException_init");
    const vcIdx = abi.slots.require("BaseException_vectorcall");
    for (const def of EXCEPTION_TYPES) {
      const t = ctx.addr[def.key];
      if (abi.slotIndex(t, "tp_new") === newIdx && abi.slotIndex(t, "tp_init") === initIdx) abi.setSlotIndex(t, "tp_vectorcall", vcIdx);
    }
    if (this.memoryErrors.preallocate() < 0) throw new Error("cannot preallocate the MemoryError free list: heap exhausted at start-up");
    const bases = ctx.tuples.PyTuple_Pack(2, ctx.addr.PyExc_BaseExceptionGroup, ctx.addr.PyExc_Exception);
    // A class made by type(): tp_name "ExceptionGroup", __module__ "builtins".
    this.exceptionGroupType = bases === 0 ? 0 : this.PyErr_NewException("builtins.ExceptionGroup", bases, 0);
    if (bases !== 0) abi.Py_DECREF(bases);
    if (this.exceptionGroupType === 0) throw new Error(`cannot create ExceptionGroup: ${ctx.err.current()?.message ?? "unknown error"}`);
  }

  // ---- C API: classes and instances -----------------------------------------------------------------

  /** PyExceptionClass_Check: a type with Py_TPFLAGS_BASE_EXC_SUBCLASS. */
  PyExceptionClass_Check(x: number): number {
    return this.isExceptionClass(x) ? 1 : 0;
  }

  /** PyExceptionInstance_Check: Py_TYPE(x) has Py_TPFLAGS_BASE_EXC_SUBCLASS. */
  PyExceptionInstance_Check(x: number): number {
    return this.isExceptionInstance(x) ? 1 : 0;
  }

  /** PyExceptionInstance_Class: Py_TYPE(x) (borrowed). */
  PyExceptionInstance_Class(x: number): number {
    return this.ctx.abi.Py_TYPE(x);
  }

  /** PyExceptionClass_Name: tp_name. */
  PyExceptionClass_Name(x: number): string {
    return this.ctx.typeName(x);
  }

  isExceptionClass(x: number): boolean {
    if (x === 0) return false;
    const heap = this.ctx.heap;
    const meta = heap.u32[(x + 8) >>> 2];
    return (typeFlags(heap, meta) & Py_TPFLAGS_TYPE_SUBCLASS) !== 0 && (typeFlags(heap, x) & Py_TPFLAGS_BASE_EXC_SUBCLASS) !== 0;
  }

  isExceptionInstance(x: number): boolean {
    if (x === 0) return false;
    const heap = this.ctx.heap;
    return (typeFlags(heap, heap.u32[(x + 8) >>> 2]) & Py_TPFLAGS_BASE_EXC_SUBCLASS) !== 0;
  }

  // ---- C API: PyException_* (the caller guarantees an exception instance, as in C) ---------------

  /** PyException_GetTraceback: a new reference or NULL. */
  PyException_GetTraceback(self: number): number {
    return this.ctx.abi.Py_XNewRef(this.field(self, EXC_TRACEBACK));
  }

  /**
   * PyException_SetTraceback (BaseException.__traceback__'s setter): None clears; a traceback object
   * (traceback.ts) is stored; anything else is TypeError. 0 or -1.
   */
  PyException_SetTraceback(self: number, tb: number): number {
    const { ctx } = this;
    this.checkInstance("PyException_SetTraceback", self);
    if (tb === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "__traceback__ may not be deleted");
      return -1;
    }
    if (tb === ctx.addr.Py_None) {
      ctx.abi.Py_CLEAR(self + EXC_TRACEBACK);
      return 0;
    }
    if (ctx.abi.Py_TYPE(tb) === ctx.addr.PyTraceBack_Type) {
      ctx.abi.Py_XSETREF(self + EXC_TRACEBACK, ctx.abi.Py_NewRef(tb));
      return 0;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "__traceback__ must be a traceback or None");
    return -1;
  }

  /** PyException_GetCause: a new reference or NULL. */
  PyException_GetCause(self: number): number {
    return this.ctx.abi.Py_XNewRef(this.field(self, EXC_CAUSE));
  }

  /** PyException_SetCause: STEALS `cause` (NULL clears) and sets __suppress_context__. */
  PyException_SetCause(self: number, cause: number): void {
    this.checkInstance("PyException_SetCause", self);
    this.ctx.heap.u8[self + EXC_SUPPRESS_CONTEXT] = 1;
    this.ctx.abi.Py_XSETREF(self + EXC_CAUSE, cause);
  }

  /** PyException_GetContext: a new reference or NULL. */
  PyException_GetContext(self: number): number {
    return this.ctx.abi.Py_XNewRef(this.field(self, EXC_CONTEXT));
  }

  /** PyException_SetContext: STEALS `context` (NULL clears). */
  PyException_SetContext(self: number, context: number): void {
    this.checkInstance("PyException_SetContext", self);
    this.ctx.abi.Py_XSETREF(self + EXC_CONTEXT, context);
  }

  /** PyException_GetArgs: a new reference to the args tuple. */
  PyException_GetArgs(self: number): number {
    return this.ctx.abi.Py_NewRef(this.field(self, EXC_ARGS));
  }

  /** PyException_SetArgs: store a new reference to `args`. */
  PyException_SetArgs(self: number, args: number): void {
    this.checkInstance("PyException_SetArgs", self);
    this.ctx.abi.Py_INCREF(args);
    this.ctx.abi.Py_XSETREF(self + EXC_ARGS, args);
    this.messages.delete(self);
  }

  /** BaseException.__suppress_context__ as 0 / 1. */
  _PyException_GetSuppressContext(self: number): number {
    return this.ctx.heap.u8[this.checkInstance("__suppress_context__", self) + EXC_SUPPRESS_CONTEXT] !== 0 ? 1 : 0;
  }

  /** Setting BaseException.__suppress_context__. */
  _PyException_SetSuppressContext(self: number, value: boolean): void {
    this.ctx.heap.u8[this.checkInstance("__suppress_context__", self) + EXC_SUPPRESS_CONTEXT] = value ? 1 : 0;
  }

  /** _PyException_AddNote(exc, note): exc must be an exception instance; then BaseException.add_note. 0 or -1. */
  _PyException_AddNote(exc: number, note: number): number {
    const { ctx } = this;
    if (!this.isExceptionInstance(exc)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `exc must be an exception, not '${ctx.typeName(ctx.abi.Py_TYPE(exc))}'`);
      return -1;
    }
    return this.addNote(exc, note);
  }

  /**
   * _PyErr_SetObject's get_normalization_failure_note + _PyException_AddNote: "Normalization
   * failed: type=T args=repr(value)" ("<unknown>" when repr fails) on `exc`. Errors are dropped;
   * the error indicator is left as it was.
   */
  addNormalizationFailureNote(exc: number, exception: number, value: number): void {
    const { ctx } = this;
    if (!this.text.available || exc === 0) return;
    const saved = ctx.err.PyErr_GetRaisedException();
    let args = "<unknown>";
    const r = value === 0 ? ctx.unicode.fromText("<NULL>") : ctx.unicode.PyObject_Repr(value);
    if (r !== 0) {
      args = ctx.unicode.text(r);
      ctx.abi.Py_DECREF(r);
    } else ctx.err.PyErr_Clear();
    const note = ctx.unicode.fromText(`Normalization failed: type=${ctx.typeName(exception)} args=${args}`);
    if (note !== 0) {
      this._PyException_AddNote(exc, note);
      ctx.abi.Py_DECREF(note);
    }
    ctx.err.PyErr_Clear();
    ctx.err.PyErr_SetRaisedException(saved);
  }

  /**
   * BaseException.add_note(note) (3.14): `note` must be a str (argument clinic's "add_note()
   * argument must be str, not T"); __notes__ is read as an attribute — missing: a new list is
   * stored in the instance dict; present but not a list: TypeError "Cannot add note: __notes__ is
   * not a list" — and the note is appended. 0 or -1 (a JavaScript method until method lookup
   * reaches it).
   */
  addNote(self: number, note: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (!ctx.unicode.PyUnicode_Check(note)) {
      const got = note === ctx.addr.Py_None ? "None" : precisionS(ctx.typeName(abi.Py_TYPE(note)), 50);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `add_note() argument must be str, not ${got}`);
      return -1;
    }
    const name = ctx.unicode.fromText("__notes__");
    if (name === 0) return -1;
    const found = { value: 0 };
    if (ctx.attrs.PyObject_GetOptionalAttr(self, name, found) < 0) {
      abi.Py_DECREF(name);
      return -1;
    }
    let notes = found.value;
    if (notes === 0) {
      notes = ctx.lists.PyList_New(0);
      if (notes === 0 || ctx.attrs.PyObject_SetAttr(self, name, notes) < 0) {
        abi.Py_XDECREF(notes);
        abi.Py_DECREF(name);
        return -1;
      }
    } else if (!ctx.lists.PyList_Check(notes)) {
      abi.Py_DECREF(notes);
      abi.Py_DECREF(name);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "Cannot add note: __notes__ is not a list");
      return -1;
    }
    abi.Py_DECREF(name);
    const r = ctx.lists.PyList_Append(notes, note);
    abi.Py_DECREF(notes);
    return r < 0 ? -1 : 0;
  }


  /**
   * PyErr_NewException(name, base, dict): a new exception class, made as CPython does by calling
   * type(name after the last dot, bases, dict). `name` must be "module.class"; `base` a class or a
   * tuple of classes (NULL: Exception); `dict` NULL or a dict, which receives __module__ (the part
   * before the last dot) unless it has one.
   */
  PyErr_NewException(name: string, base: number, dict: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const dot = name.lastIndexOf(".");
    if (dot < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "PyErr_NewException: name must be module.class");
      return 0;
    }
    const b = base === 0 ? ctx.addr.PyExc_Exception : base;
    const mydict = dict === 0 ? ctx.dicts.PyDict_New() : 0;
    const d = dict === 0 ? mydict : dict;
    if (d === 0) return 0;
    const held: number[] = [];
    const done = (result: number) => {
      for (const o of held) abi.Py_DECREF(o);
      abi.Py_XDECREF(mydict);
      return result;
    };
    const moduleKey = ctx.unicode.fromText("__module__");
    if (moduleKey === 0) return done(0);
    held.push(moduleKey);
    const has = ctx.dicts.PyDict_Contains(d, moduleKey);
    if (has < 0) return done(0);
    if (has === 0) {
      const modname = ctx.unicode.fromText(name.slice(0, dot));
      if (modname === 0) return done(0);
      held.push(modname);
      if (ctx.dicts.PyDict_SetItem(d, moduleKey, modname) < 0) return done(0);
    }
    const bases = ctx.tuples.PyTuple_Check(b) !== 0 ? abi.Py_NewRef(b) : ctx.tuples.PyTuple_Pack(1, b);
    if (bases === 0) return done(0);
    held.push(bases);
    const clsName = ctx.unicode.fromText(name.slice(dot + 1));
    if (clsName === 0) return done(0);
    held.push(clsName);
    const args = ctx.tuples.fromItems([clsName, bases, d]);
    if (args === 0) return done(0);
    held.push(args);
    return done(ctx.proto.PyObject_Call(ctx.addr.PyType_Type, args, 0));
  }

  /** PyErr_NewExceptionWithDoc: as PyErr_NewException, with __doc__ stored in the dict (made when NULL). */
  PyErr_NewExceptionWithDoc(name: string, doc: string | null, base: number, dict: number): number {
    const { ctx } = this;
    const mydict = dict === 0 ? ctx.dicts.PyDict_New() : 0;
    const d = dict === 0 ? mydict : dict;
    if (d === 0) return 0;
    let ok = true;
    if (doc !== null) {
      const docobj = ctx.unicode.fromText(doc);
      ok = docobj !== 0 && ctx.dicts.PyDict_SetItemString(d, "__doc__", docobj) >= 0;
      ctx.abi.Py_XDECREF(docobj);
    }
    const ret = ok ? this.PyErr_NewException(name, base, d) : 0;
    ctx.abi.Py_XDECREF(mydict);
    return ret;
  }

  /**
   * new_importerror (Python/errors.c): exctype(msg) with name / path / name_from set (None for
   * NULL), as the keyword arguments would set them; 0 with an error set.
   */
  newImportError(exctype: number, msg: number, name: number, path: number, fromName: number): number {
    const { ctx } = this;
    const a = ctx.addr;
    if (!(exctype === a.PyExc_ImportError || ctx.types.isSubtype(exctype, a.PyExc_ImportError))) {
      ctx.err.PyErr_SetString(a.PyExc_TypeError, "expected a subclass of ImportError");
      return 0;
    }
    if (msg === 0) {
      ctx.err.PyErr_SetString(a.PyExc_TypeError, "expected a message argument");
      return 0;
    }
    const args = ctx.tuples.fromItems([msg]);
    if (args === 0) return 0;
    const exc = ctx.proto.PyObject_Call(exctype, args, 0);
    ctx.abi.Py_DECREF(args);
    if (exc === 0) return 0;
    if (this.isExceptionInstance(exc) && ctx.types.isSubtype(ctx.abi.Py_TYPE(exc), a.PyExc_ImportError)) {
      const none = a.Py_None;
      ctx.abi.Py_XSETREF(exc + IMPORTERR_NAME, ctx.abi.Py_NewRef(name !== 0 ? name : none));
      ctx.abi.Py_XSETREF(exc + IMPORTERR_PATH, ctx.abi.Py_NewRef(path !== 0 ? path : none));
      ctx.abi.Py_XSETREF(exc + IMPORTERR_NAME_FROM, ctx.abi.Py_NewRef(fromName !== 0 ? fromName : none));
    }
    return exc;
  }

  // ---- helpers shared by the exception modules --------------------------------------------------

  /** An 8-byte pointer field of an exception instance. */
  field(self: number, offset: number): number {
    return this.ctx.heap.u32[(this.checkInstance("exception field", self) + offset) >>> 2];
  }

  /** A static exception type's address by its C name. */
  addressOf(key: StaticKey): number {
    return this.ctx.addr[key];
  }

  /** Drop the interim message of a dying instance. */
  forget(self: number): void {
    if (this.messages.size !== 0) this.messages.delete(self);
  }

  /** A bad address passed where C would dereference an exception: a JavaScript error (C would crash). */
  private checkInstance(what: string, self: number): number {
    if (!this.isExceptionInstance(self)) throw new TypeError(`${what}: ${self} is not an exception instance (CPython would crash here)`);
    return self;
  }

  // ---- BaseException's slots ---------------------------------------------------------------------

  /** BaseException_new. */
  baseNew(type: number, args: number, _kwds: number): number {
    const { ctx } = this;
    const alloc = ctx.abi.slotFunction(type, "tp_alloc");
    const self = alloc === null ? 0 : alloc(type, 0);
    if (self === 0) return 0;
    // tp_alloc zeroed dict, notes, traceback, context, cause and suppress_context.
    const a = args !== 0 ? ctx.abi.Py_NewRef(args) : ctx.tuples.PyTuple_New(0);
    ctx.heap.u32[(self + EXC_ARGS) >>> 2] = a;
    ctx.heap.u32[(self + EXC_ARGS + 4) >>> 2] = 0;
    return self;
  }

  /** BaseException_init. */
  baseInit(self: number, args: number, kwds: number): number {
    const { ctx } = this;
    if (!noKeywords(ctx, ctx.typeName(ctx.abi.Py_TYPE(self)), kwds)) return -1;
    ctx.abi.Py_XSETREF(self + EXC_ARGS, ctx.abi.Py_NewRef(args));
    this.forget(self);
    return 0;
  }

  /** BaseException_vectorcall: no keyword names; args = a tuple of the arguments. */
  private baseVectorcall(typeObj: number, argsPtr: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(ctx.typeName(typeObj), 200)}() takes no keyword arguments`);
      return 0;
    }
    const alloc = ctx.abi.slotFunction(typeObj, "tp_alloc");
    const self = alloc === null ? 0 : alloc(typeObj, 0);
    if (self === 0) return 0;
    const args = ctx.tuples._PyTuple_FromArray(argsPtr, nargsf % PY_VECTORCALL_ARGUMENTS_OFFSET);
    if (args === 0) {
      ctx.abi.Py_DECREF(self);
      return 0;
    }
    ctx.heap.u32[(self + EXC_ARGS) >>> 2] = args;
    ctx.heap.u32[(self + EXC_ARGS + 4) >>> 2] = 0;
    return self;
  }

  /** <store>_dealloc / _traverse / _clear for one store. */
  private registerStore(store: ExceptionStore): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const own = [...STORES[store].owned];
    const visitOrder = [...own, ...BASE_EXC_OWNED];
    const clear: inquiry = (self) => {
      for (const off of own) abi.Py_CLEAR(self + off);
      for (const off of BASE_EXC_OWNED) abi.Py_CLEAR(self + off);
      return 0;
    };
    const traverse: traverseproc = (self, visit, arg) => {
      for (const off of visitOrder) {
        const o = ctx.heap.u32[(self + off) >>> 2];
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      return 0;
    };
    const dealloc: destructor = (self) => {
      abi.gc?.untrack(self);
      this.forget(self);
      clear(self);
      const free = abi.slotFunction(abi.Py_TYPE(self), "tp_free");
      if (free !== null) free(self);
    };
    abi.slots.register(`${store}_dealloc`, "destructor", dealloc);
    abi.slots.register(`${store}_traverse`, "traverseproc", traverse);
    abi.slots.register(`${store}_clear`, "inquiry", clear);
  }

  /** Register a str/repr slot (used by exceptions-str.ts). */
  registerReprfunc(name: string, fn: reprfunc): void {
    this.ctx.abi.slots.register(name, "reprfunc", fn);
  }

  /** The slot index stored in a type's field (for dispatch by exceptions-str.ts). */
  slotIndex(type: number, field: SlotFieldName): number {
    return this.ctx.abi.slotIndex(type, field);
  }
}
