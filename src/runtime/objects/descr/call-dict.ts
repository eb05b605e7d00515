/**
 * The part of dict's C API the attribute and call layers use (keyword dicts, type dicts, instance
 * dicts), declared by the C API's own signatures so that the dict type's implementation plugs in
 * unchanged. Until a runtime has dicts, `DictLink.api` is null and every path that needs a dict
 * reports "not implemented yet" (a SystemError) instead of guessing.
 */

import type { OutParam } from "../core/out-param.js";

export interface DictCApi {
  PyDict_New(): number;
  PyDict_Check(op: number): number;
  PyDict_Size(op: number): number;
  /** Borrowed value or 0 (with an error set only on failure). */
  PyDict_GetItemWithError(op: number, key: number): number;
  PyDict_SetItem(op: number, key: number, value: number): number;
  PyDict_DelItem(op: number, key: number): number;
  PyDict_Next(op: number, pos: OutParam, key: OutParam | null, value: OutParam | null): number;
}

/** Late-bound: installed by ObjectModel once the dict type exists. */
export interface DictLink {
  api: DictCApi | null;
}
