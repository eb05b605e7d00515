/**
 * A C out-parameter (`T *p` written by the callee) in the TypeScript C API: the caller passes an
 * object and reads `.value` afterwards, e.g.
 *
 *   const t = { value: 0 }, v = { value: 0 }, tb = { value: 0 };
 *   rt.PyErr_Fetch(t, v, tb);
 *
 * In/out parameters (PySlice_AdjustIndices' start and stop) are read before they are written.
 */

export interface OutParam<T = number> {
  value: T;
}
