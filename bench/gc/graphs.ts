/**
 * The three object graphs of the GC benchmark (issue 9's performance anchors), built in a poick
 * runtime through the C API, and the same graphs as a Python script for CPython:
 *
 *   containers  10^6 small containers, all reachable, no garbage (lists when the runtime has
 *               them, else a one-slot GC heap type standing in for "a tuple with a mutable slot")
 *   cycles      10^5 two-object instance cycles made unreachable (heap-type instances)
 *   chain       a 10^6-long linked list of containers, reachable from its head
 *
 * `objects` is what one full collection traverses: the tracked objects in every generation.
 */

import { TYPESLOTS } from "../../src/refcount/slot-fields.js";
import { Py_TPFLAGS_HAVE_GC } from "../../src/refcount/type-layout.js";
import type { Runtime } from "../../src/runtime/runtime.js";

export type GraphName = "containers" | "cycles" | "chain";
export const GRAPHS: readonly GraphName[] = ["containers", "cycles", "chain"];

export interface BuiltGraph {
  /** Objects JavaScript holds (released by `release`). */
  release(): void;
  /** What the containers are ("list" or the stand-in type's name). */
  containerKind: string;
}

const { Py_tp_traverse, Py_tp_clear, Py_tp_dealloc } = TYPESLOTS;

/** A GC heap type with `n` object slots (traverse / clear / dealloc in JavaScript). */
export function slotType(rt: Runtime, name: string, n: number): number {
  const heap = rt.heap;
  const t = rt.PyType_FromSpec({
    name,
    basicsize: 16 + 8 * n,
    itemsize: 0,
    flags: Py_TPFLAGS_HAVE_GC,
    slots: [
      {
        slot: Py_tp_traverse,
        pfunc: (self: number, visit: (o: number, a: unknown) => number, arg: unknown) => {
          const u32 = heap.u32;
          for (let i = 0; i < n; i++) {
            const v = u32[(self + 16 + 8 * i) >>> 2];
            if (v !== 0) {
              const r = visit(v, arg);
              if (r !== 0) return r;
            }
          }
          return visit(heap.u32[(self + 8) >>> 2], arg);
        },
      },
      {
        slot: Py_tp_clear,
        pfunc: (self: number) => {
          for (let i = 0; i < n; i++) rt.Py_CLEAR(self + 16 + 8 * i);
          return 0;
        },
      },
      {
        slot: Py_tp_dealloc,
        pfunc: (self: number) => {
          rt.PyObject_GC_UnTrack(self);
          for (let i = 0; i < n; i++) rt.Py_CLEAR(self + 16 + 8 * i);
          const type = heap.u32[(self + 8) >>> 2];
          rt.PyObject_GC_Del(self);
          rt.Py_DECREF(type);
        },
      },
    ],
  });
  if (t === 0) throw new Error(`PyType_FromSpec(${name}) failed`);
  return t;
}

interface ListFns {
  PyList_New(n: number): number;
  PyList_SetItem(l: number, i: number, v: number): number;
}

function lists(rt: Runtime): ListFns | null {
  const r = rt as unknown as Partial<ListFns>;
  if (typeof r.PyList_New !== "function" || typeof r.PyList_SetItem !== "function") return null;
  const probe = r.PyList_New(0);
  if (probe === 0) {
    rt.PyErr_Clear();
    return null;
  }
  rt.Py_DECREF(probe);
  return r as ListFns;
}

export function buildGraph(rt: Runtime, name: GraphName, scale: number): BuiltGraph {
  const l = lists(rt);
  if (name === "cycles") {
    const A = slotType(rt, "A", 1);
    const n = Math.round(100_000 * scale);
    for (let i = 0; i < n; i++) {
      const a = rt.PyType_GenericAlloc(A, 0);
      const b = rt.PyType_GenericAlloc(A, 0);
      rt.heap.u32[(a + 16) >>> 2] = rt.Py_NewRef(b);
      rt.heap.u32[(b + 16) >>> 2] = rt.Py_NewRef(a);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
    }
    return { release: () => rt.Py_DECREF(A), containerKind: "A" };
  }
  const Box = l === null ? slotType(rt, "Box", 1) : 0;
  const kind = l === null ? "Box" : "list";
  const n = Math.round(1_000_000 * scale);
  if (name === "containers") {
    const held = new Int32Array(n);
    for (let i = 0; i < n; i++) held[i] = l !== null ? l.PyList_New(0) : rt.PyType_GenericAlloc(Box, 0);
    return {
      release: () => {
        for (const o of held) rt.Py_DECREF(o);
        if (Box !== 0) rt.Py_DECREF(Box);
      },
      containerKind: kind,
    };
  }
  // chain: head = [head] repeated (each container holds the previous one)
  let head = 0;
  for (let i = 0; i < n; i++) {
    if (l !== null) {
      const c = l.PyList_New(1);
      l.PyList_SetItem(c, 0, head === 0 ? rt.Py_NewRef(rt.Py_None) : head);
      head = c;
    } else {
      const c = rt.PyType_GenericAlloc(Box, 0);
      rt.heap.u32[(c + 16) >>> 2] = head;
      head = c;
    }
  }
  return {
    release: () => {
      rt.Py_DECREF(head);
      if (Box !== 0) rt.Py_DECREF(Box);
    },
    containerKind: kind,
  };
}

/** The Python side: prints one JSON line {graph, objects, seconds} per graph named in argv (default all; best of `repeat`). */
export function cpythonScript(scale: number, repeat: number): string {
  return `
import gc, json, time, sys
sys.setrecursionlimit(10000)
class A: pass
SCALE = ${scale}
def timed(name, setup):
    best = None; objects = 0
    for _ in range(${repeat}):
        gc.collect()
        keep = setup()
        objects = len(gc.get_objects())
        t = time.perf_counter(); gc.collect(); dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
        del keep
        gc.collect()
    print(json.dumps({"graph": name, "objects": objects, "seconds": best}), flush=True)
def containers():
    return [[] for _ in range(int(1_000_000 * SCALE))]
def cycles():
    for _ in range(int(100_000 * SCALE)):
        a = A(); b = A(); a.o = b; b.o = a
    return None
def chain():
    head = None
    for _ in range(int(1_000_000 * SCALE)):
        head = [head]
    return head
gc.disable()
for name in sys.argv[1:] or ["containers", "cycles", "chain"]:
    timed(name, globals()[name])
`;
}
