/**
 * BaseException's Python-level methods, getsets and members (Objects/exceptions.c, CPython 3.14):
 *
 *   methods   __reduce__ __setstate__ with_traceback add_note
 *   getset    __dict__ args __traceback__ __context__ __cause__   (each with CPython's validation:
 *             "args may not be deleted", "exception cause must be None or derive from
 *             BaseException", "__traceback__ must be a traceback or None", ...)
 *   members   __suppress_context__ (Py_T_BOOL: "attribute value type must be bool")
 *
 * __notes__ is an ordinary instance-dict attribute (add_note creates the list: exceptions.ts).
 * The state lives in PyBaseExceptionObject (exceptions-layout.ts); every subclass inherits these.
 */

import { METH_NOARGS, METH_O } from "../../../refcount/method-flags.js";
import type { getter, setter } from "../../../refcount/slot-signatures.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import type { ObjectContext } from "../core/context.js";
import { Py_T_BOOL } from "../descr/descr-layout.js";
import { EXC_ARGS, EXC_CAUSE, EXC_CONTEXT, EXC_DICT, EXC_SUPPRESS_CONTEXT, EXC_TRACEBACK } from "./exceptions-layout.js";
import { methodHelpers } from "../descr/methods-args.js";

export function exceptionTables(ctx: ObjectContext): { PyExc_BaseException: TypeTables } {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const a = ctx.addr;
  const ex = () => ctx.exceptions;
  const field = (o: number, off: number) => ctx.heap.u32[(o + off) >>> 2];
  const noneOr = (v: number) => abi.Py_NewRef(v === 0 ? a.Py_None : v);
  const mayNotDelete = (what: string): number => {
    h.typeError(`${what} may not be deleted`);
    return -1;
  };

  const getArgs: getter = (o) => noneOr(field(o, EXC_ARGS));
  const setArgs: setter = (o, v) => {
    if (v === 0) return mayNotDelete("args");
    const t = ctx.abstract.sequence.PySequence_Tuple(v);
    if (t === 0) return -1;
    ex().PyException_SetArgs(o, t);
    abi.Py_DECREF(t);
    return 0;
  };

  /** __cause__ / __context__: None clears, else an exception instance. */
  const chainSetter =
    (name: "__cause__" | "__context__", what: string): setter =>
    (o, v) => {
      if (v === 0) return mayNotDelete(name);
      let stored = 0;
      if (v !== a.Py_None) {
        if (!ex().isExceptionInstance(v)) {
          h.typeError(`exception ${what} must be None or derive from BaseException`);
          return -1;
        }
        stored = abi.Py_NewRef(v);
      }
      if (name === "__cause__") ex().PyException_SetCause(o, stored);
      else ex().PyException_SetContext(o, stored);
      return 0;
    };

  const reduce = (o: number): number => {
    const type = abi.Py_NewRef(abi.Py_TYPE(o));
    const args = noneOr(field(o, EXC_ARGS));
    const dict = field(o, EXC_DICT);
    return h.tupleSteal(dict !== 0 ? [type, args, abi.Py_NewRef(dict)] : [type, args]);
  };

  const setstate = (o: number, state: number): number => {
    if (state !== a.Py_None) {
      if (ctx.dicts.PyDict_Check(state) === 0) return h.typeError("state is not a dictionary");
      const pos = { value: 0 };
      const key = { value: 0 };
      const value = { value: 0 };
      while (ctx.dicts.PyDict_Next(state, pos, key, value) !== 0) {
        abi.Py_INCREF(key.value);
        abi.Py_INCREF(value.value);
        const r = ctx.attrs.PyObject_SetAttr(o, key.value, value.value);
        abi.Py_DECREF(value.value);
        abi.Py_DECREF(key.value);
        if (r < 0) return 0;
      }
    }
    return h.none();
  };

  return {
    PyExc_BaseException: {
      methods: [
        { name: "__reduce__", flags: METH_NOARGS, fn: reduce, doc: "__reduce__($self, /)\n--\n\n" },
        { name: "__setstate__", flags: METH_O, fn: setstate, doc: "__setstate__($self, state, /)\n--\n\n" },
        {
          name: "with_traceback",
          flags: METH_O,
          fn: (o: number, tb: number) => (ex().PyException_SetTraceback(o, tb) < 0 ? 0 : abi.Py_NewRef(o)),
          doc: "with_traceback($self, tb, /)\n--\n\nSet self.__traceback__ to tb and return self.",
        },
        {
          name: "add_note",
          flags: METH_O,
          fn: (o: number, note: number) => (ex().addNote(o, note) < 0 ? 0 : h.none()),
          doc: "add_note($self, note, /)\n--\n\nAdd a note to the exception",
        },
      ],
      getset: [
        { name: "__dict__", get: (o) => ctx.attrs.PyObject_GenericGetDict(o), set: (o, v) => ctx.attrs.PyObject_GenericSetDict(o, v) },
        { name: "args", get: getArgs, set: setArgs },
        {
          name: "__traceback__",
          get: (o) => noneOr(field(o, EXC_TRACEBACK)),
          set: (o, v) => (v === 0 ? mayNotDelete("__traceback__") : ex().PyException_SetTraceback(o, v)),
        },
        { name: "__context__", get: (o) => noneOr(field(o, EXC_CONTEXT)), set: chainSetter("__context__", "context"), doc: "exception context" },
        { name: "__cause__", get: (o) => noneOr(field(o, EXC_CAUSE)), set: chainSetter("__cause__", "cause"), doc: "exception cause" },
      ],
      members: [{ name: "__suppress_context__", type: Py_T_BOOL, offset: EXC_SUPPRESS_CONTEXT }],
    },
  };
}
