/**
 * The object-layer services the error indicator (errors/indicator.ts) uses, bound to one runtime.
 * The indicator is created before the other parts, so everything reaches them through `ctx()`.
 */

import type { TextSink } from "../../../alloc/sink.js";
import type { ObjectAbi } from "../../../refcount/abi.js";
import type { IndicatorHost } from "../../errors/indicator.js";
import type { ObjectContext, StaticAddresses } from "./context.js";

export function indicatorHost(abi: ObjectAbi, addr: StaticAddresses, ctx: () => ObjectContext, stderr: TextSink): IndicatorHost {
  return {
    abi,
    state: addr._Py_exc_state,
    addr,
    stderr,
    isSubtype: (a, b) => ctx().types.isSubtype(a, b),
    isTuple: (op) => ctx().tuples.PyTuple_Check(op) !== 0,
    tupleItems: (op) => {
      const c = ctx();
      return Array.from({ length: abi.Py_SIZE(op) }, (_, i) => c.tuples.PyTuple_GET_ITEM(op, i));
    },
    call: (callable, args) => {
      const c = ctx();
      if (typeof args === "number") return c.proto.PyObject_Call(callable, args, 0);
      const t = c.tuples.fromItems(args);
      if (t === 0) return 0;
      const r = c.proto.PyObject_Call(callable, t, 0);
      abi.Py_DECREF(t);
      return r;
    },
    typeName: (type) => ctx().typeName(type),
  };
}
