/**
 * The reference tracer (reference §1.6): CREATE from _Py_NewReference once the object is
 * initialised, DESTROY from _Py_Dealloc before tp_dealloc runs, data passed through, Get/Set.
 */

import { describe, expect, it } from "vitest";
import { PyRefTracer_CREATE, PyRefTracer_DESTROY, type PyRefTracer, type PyRefTracerEvent } from "../src/refcount/tracer.js";
import type { freefunc } from "../src/refcount/slot-signatures.js";
import { heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { Py_tp_dealloc, Py_tp_free } from "./helpers/typeslots.js";

describe("PyRefTracer", () => {
  it("CREATE after initialisation, DESTROY before tp_dealloc, with the tracer's data", () => {
    const rt = makeRuntime();
    const log: string[] = [];
    const Probe = heapType(rt, "test.Traced", 16, 0, [
      {
        slot: Py_tp_dealloc,
        pfunc: (self: number) => {
          log.push(`dealloc ${self}`);
          const tp = rt.Py_TYPE(self);
          (rt.PyType_GetSlot(tp, Py_tp_free) as freefunc)(self);
          rt.Py_DECREF(tp);
        },
      },
    ]);
    const data = { tag: "mine" };
    const tracer: PyRefTracer<typeof data> = (op, event, d) => {
      // At CREATE the object already has its type and a count of 1.
      log.push(`${event === PyRefTracer_CREATE ? "create" : "destroy"} ${op} type=${rt.Py_TYPE(op) === Probe} rc=${rt.Py_REFCNT(op)} ${d.tag}`);
      return 0;
    };
    expect(rt.PyRefTracer_SetTracer(tracer, data)).toBe(0);
    const out = { value: null as unknown };
    expect(rt.PyRefTracer_GetTracer(out)).toBe(tracer);
    expect(out.value).toBe(data);

    const p = instantiate(rt, Probe);
    rt.Py_DECREF(p);
    expect(log).toEqual([`create ${p} type=true rc=1 mine`, `destroy ${p} type=true rc=0 mine`, `dealloc ${p}`]);

    rt.PyRefTracer_SetTracer(null, null);
    expect(rt.PyRefTracer_GetTracer()).toBeNull();
    log.length = 0;
    rt.Py_DECREF(instantiate(rt, Probe));
    expect(log).toHaveLength(1); // only the dealloc itself
  });

  it("free-list reuse is a new CREATE; immortal objects produce no events", () => {
    const rt = makeRuntime();
    const events: [number, PyRefTracerEvent][] = [];
    rt.PyRefTracer_SetTracer((op, ev) => (events.push([op, ev]), 0), null);
    const t = rt.PyTuple_New(3);
    rt.Py_DECREF(t);
    const u = rt.PyTuple_New(3);
    expect(u).toBe(t);
    expect(events).toEqual([
      [t, PyRefTracer_CREATE],
      [t, PyRefTracer_DESTROY],
      [t, PyRefTracer_CREATE],
    ]);
    events.length = 0;
    rt.Py_DECREF(rt.Py_None);
    rt.PyTuple_New(0);
    expect(events).toEqual([]);
  });

  it("every object of a deep nest gets DESTROY, deferred ones included", () => {
    const rt = makeRuntime();
    let created = 0;
    let destroyed = 0;
    rt.PyRefTracer_SetTracer((_op, ev) => ((ev === PyRefTracer_CREATE ? created++ : destroyed++), 0), null);
    let cur = rt.PyTuple_Pack(1, rt.Py_None);
    for (let i = 0; i < 5000; i++) {
      const t = rt.PyTuple_New(2);
      rt.PyTuple_SetItem(t, 0, cur);
      cur = t;
    }
    rt.Py_DECREF(cur);
    expect(created).toBe(5001);
    expect(destroyed).toBe(5001);
  });
});
