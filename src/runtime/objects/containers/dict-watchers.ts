/**
 * Dict watchers (Objects/dictobject.c, CPython 3.14): PyDict_AddWatcher / ClearWatcher / Watch /
 * Unwatch and the notification the dict engine sends before each mutation of a watched dict.
 *
 * State: interp->dict_state.watchers, eight callback pointers, as a 64-byte block of the static
 * region (`_Py_dict_watchers`); each holds the slot-table index of a callback registered as a
 * "PyDict_WatchCallback" (0 = free). Which watchers watch a dict is the dict's own
 * `_ma_watcher_tag` (dict-layout.ts, +24): bits 0-7, one per watcher id. CPython reserves ids 0
 * and 1 for itself (the optimizer's builtins/globals watchers), so PyDict_AddWatcher hands out 2-7.
 *
 *   event (PyDict_WatchEvent)     sent by                                  key        new_value
 *   0 ADDED                       insert of a new key                      key        value
 *   1 MODIFIED                    store of a different value for a key     key        value
 *   2 DELETED                     del d[k], pop, popitem                   key        NULL
 *   3 CLONED                      update() into an empty dict that copies  the source NULL
 *                                 the source's keys table wholesale
 *   4 CLEARED                     clear() of a non-empty dict              NULL       NULL
 *   5 DEALLOCATED                 dict_dealloc (the dict is resurrected    NULL       NULL
 *                                 for the call; a callback may keep it)
 * A callback returning -1 is reported with PyErr_FormatUnraisable("Exception ignored in
 * PyDict_EVENT_X watcher callback for <dict at 0x...>"); the mutation goes on regardless.
 */

import { formatAddress } from "../../../alloc/heap.js";
import type { PyDict_WatchCallback } from "../../../refcount/slot-signatures.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { DICT_WATCHER_TAG } from "./dict-layout.js";

export const DICT_MAX_WATCHERS = 8;
export const DICT_WATCHER_MASK = (1 << DICT_MAX_WATCHERS) - 1;
/** The first id PyDict_AddWatcher hands out (0 and 1 are CPython's own). */
export const DICT_FIRST_USER_WATCHER = 2;

export const PyDict_EVENT_ADDED = 0;
export const PyDict_EVENT_MODIFIED = 1;
export const PyDict_EVENT_DELETED = 2;
export const PyDict_EVENT_CLONED = 3;
export const PyDict_EVENT_CLEARED = 4;
export const PyDict_EVENT_DEALLOCATED = 5;
const EVENT_NAMES = ["ADDED", "MODIFIED", "DELETED", "CLONED", "CLEARED", "DEALLOCATED"] as const;

export const DICT_WATCHERS_STATIC_KEYS = ["_Py_dict_watchers"] as const;
export const DICT_WATCHERS_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [{ key: "_Py_dict_watchers", size: 8 * DICT_MAX_WATCHERS, presize: 0 }];

export class DictWatchers {
  private registered = 0;

  constructor(private readonly ctx: ObjectContext) {}

  private get block(): number {
    return this.ctx.addr._Py_dict_watchers;
  }

  private callback(id: number): number {
    return this.ctx.heap.u32[(this.block + 8 * id) >>> 2];
  }

  private setCallback(id: number, index: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(this.block + 8 * id) >>> 2] = index;
    u32[(this.block + 8 * id + 4) >>> 2] = 0;
  }

  /** validate_watcher_id: 0, or -1 with ValueError. */
  private validate(id: number): number {
    const { ctx } = this;
    if (!Number.isInteger(id) || id < 0 || id >= DICT_MAX_WATCHERS) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `Invalid dict watcher ID ${id}`);
      return -1;
    }
    if (this.callback(id) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `No dict watcher set for ID ${id}`);
      return -1;
    }
    return 0;
  }

  /** PyDict_AddWatcher(callback): the watcher id (2..7), or -1 with RuntimeError when all are taken. */
  PyDict_AddWatcher(callback: PyDict_WatchCallback): number {
    const { ctx } = this;
    if (typeof callback !== "function") throw new TypeError("PyDict_AddWatcher: callback must be a function");
    for (let i = DICT_FIRST_USER_WATCHER; i < DICT_MAX_WATCHERS; i++) {
      if (this.callback(i) === 0) {
        this.setCallback(i, ctx.abi.slots.registerUnique(`PyDict_WatchCallback.${this.registered++}`, "PyDict_WatchCallback", callback));
        return i;
      }
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "no more dict watcher IDs available");
    return -1;
  }

  /** PyDict_ClearWatcher(id): 0, or -1 with ValueError for an id without a watcher. */
  PyDict_ClearWatcher(id: number): number {
    if (this.validate(id) < 0) return -1;
    this.setCallback(id, 0);
    return 0;
  }

  /** PyDict_Watch(id, dict): set the watcher's bit in the dict's tag. */
  PyDict_Watch(id: number, dict: number): number {
    return this.setBit(id, dict, true);
  }

  /** PyDict_Unwatch(id, dict): clear it. */
  PyDict_Unwatch(id: number, dict: number): number {
    return this.setBit(id, dict, false);
  }

  private setBit(id: number, dict: number, on: boolean): number {
    const { ctx } = this;
    if (dict === 0 || ctx.dicts.PyDict_Check(dict) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "Cannot watch non-dictionary");
      return -1;
    }
    if (this.validate(id) < 0) return -1;
    const at = (dict + DICT_WATCHER_TAG) >>> 2;
    const u32 = ctx.heap.u32;
    u32[at] = on ? u32[at] | (1 << id) : u32[at] & ~(1 << id);
    return 0;
  }

  /** The watcher bits of a dict (0: nobody watches; the engine checks this before notifying). */
  bits(mp: number): number {
    return this.ctx.heap.u32[(mp + DICT_WATCHER_TAG) >>> 2] & DICT_WATCHER_MASK;
  }

  /** _PyDict_NotifyEvent: call every watcher of mp, lowest id first. */
  notify(event: number, mp: number, key: number, value: number): void {
    let bits = this.bits(mp);
    if (bits === 0) return;
    const { ctx } = this;
    for (let i = 0; i < DICT_MAX_WATCHERS; i++, bits >>= 1) {
      if ((bits & 1) === 0) continue;
      const index = this.callback(i);
      if (index === 0) continue;
      const cb = ctx.abi.slots.get(index, "PyDict_WatchCallback");
      if (cb !== null && cb(event, mp, key, value) < 0) {
        // Not the dict itself as context (its repr can run code); CPython's short stand-in.
        ctx.err.PyErr_FormatUnraisable(`Exception ignored in PyDict_EVENT_${EVENT_NAMES[event]} watcher callback for <dict at ${formatAddress(mp)}>`);
      }
    }
  }

  /**
   * dict_dealloc's DEALLOCATED event: the dict is brought back to refcount 1 for the callbacks
   * (_PyObject_ResurrectStart/End). True when a callback kept a reference, so dealloc must stop.
   */
  notifyDealloc(mp: number): boolean {
    if (this.bits(mp) === 0) return false;
    const abi = this.ctx.abi;
    abi.Py_SET_REFCNT(mp, 1);
    this.notify(PyDict_EVENT_DEALLOCATED, mp, 0, 0);
    const left = abi.Py_REFCNT(mp) - 1;
    abi.Py_SET_REFCNT(mp, left);
    return left > 0;
  }
}
