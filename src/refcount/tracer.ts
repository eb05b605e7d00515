/**
 * The reference tracer of the C API (Include/cpython/object.h, 3.13+): a function called with
 * PyRefTracer_CREATE from _Py_NewReference, after the object is initialised, and with
 * PyRefTracer_DESTROY from _Py_Dealloc just before tp_dealloc runs.
 *
 * CPython keeps one tracer per process; poick keeps one per runtime, since runtimes share nothing.
 * The tracer's return value is ignored, as in CPython. PyRefTracer_TRACKER_REMOVED (documented for
 * 3.14, not emitted by 3.14.x sources) is defined but never emitted.
 */

export const PyRefTracer_CREATE = 0;
export const PyRefTracer_DESTROY = 1;
export const PyRefTracer_TRACKER_REMOVED = 2;
export type PyRefTracerEvent = typeof PyRefTracer_CREATE | typeof PyRefTracer_DESTROY | typeof PyRefTracer_TRACKER_REMOVED;

/** `typedef int (*PyRefTracer)(PyObject *, PyRefTracerEvent event, void *)`. */
export type PyRefTracer<Data = unknown> = (op: number, event: PyRefTracerEvent, data: Data) => number;

/** PyRefTracer_GetTracer's `void **data` out-parameter. */
export interface TracerDataOut {
  value: unknown;
}
