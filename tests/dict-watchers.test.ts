/**
 * Dict watchers (dict-watchers.ts and the notifications in dict-core.ts / dict.ts). CPython 3.14
 * behaviour from Objects/dictobject.c and Include/internal/pycore_dict.h: ids 0 and 1 reserved,
 * AddWatcher hands out 2..7, "no more dict watcher IDs available", "Invalid dict watcher ID %d",
 * "No dict watcher set for ID %d", "Cannot watch non-dictionary", events ADDED..DEALLOCATED (0..5)
 * sent before each mutation, watcher bits 0-7 of _ma_watcher_tag, failing callbacks unraisable.
 * The event sequences follow dictobject.c's notification points (what test_capi/test_watchers.py checks).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { DICT_WATCHER_TAG } from "../src/runtime/objects/containers/dict-layout.js";
import {
  PyDict_EVENT_ADDED,
  PyDict_EVENT_CLEARED,
  PyDict_EVENT_CLONED,
  PyDict_EVENT_DEALLOCATED,
  PyDict_EVENT_DELETED,
  PyDict_EVENT_MODIFIED,
} from "../src/runtime/objects/containers/dict-watchers.js";
import { callMethod, pendingError, reprOf, str } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

const NAMES = ["ADDED", "MODIFIED", "DELETED", "CLONED", "CLEARED", "DEALLOCATED"];

/** A watcher that logs "EVENT key value" lines (reprs; '-' for NULL). */
function logger(rt: Runtime) {
  const log: string[] = [];
  const cb = (event: number, _d: number, key: number, value: number) => {
    log.push([NAMES[event], key === 0 ? "-" : reprOf(rt, key), value === 0 ? "-" : reprOf(rt, value)].join(" "));
    return 0;
  };
  return { log, cb };
}

describe("dict watchers", () => {
  it("ids 2..7, then RuntimeError; clear frees an id; invalid ids are ValueError", () => {
    const rt = makeRuntime();
    const ids = Array.from({ length: 6 }, () => rt.PyDict_AddWatcher(() => 0));
    expect(ids).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rt.PyDict_AddWatcher(() => 0)).toBe(-1);
    expect(pendingError(rt)).toBe("RuntimeError: no more dict watcher IDs available");
    expect(rt.PyDict_ClearWatcher(4)).toBe(0);
    expect(rt.PyDict_AddWatcher(() => 0)).toBe(4);
    expect(rt.PyDict_ClearWatcher(8)).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: Invalid dict watcher ID 8");
    expect(rt.PyDict_ClearWatcher(-1)).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: Invalid dict watcher ID -1");
    expect(rt.PyDict_ClearWatcher(0)).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: No dict watcher set for ID 0");
    const d = rt.PyDict_New();
    expect(rt.PyDict_Watch(1, d)).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: No dict watcher set for ID 1");
    expect(rt.PyDict_Watch(2, rt.PyList_New(0))).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: Cannot watch non-dictionary");
    // the tag's low byte holds the bits
    expect(rt.PyDict_Watch(2, d)).toBe(0);
    expect(rt.PyDict_Watch(5, d)).toBe(0);
    expect(rt.heap.u32[(d + DICT_WATCHER_TAG) >>> 2]).toBe((1 << 2) | (1 << 5));
    expect(rt.PyDict_Unwatch(2, d)).toBe(0);
    expect(rt.heap.u32[(d + DICT_WATCHER_TAG) >>> 2]).toBe(1 << 5);
  });

  it("every mutation is announced before it happens, with CPython's arguments", () => {
    const rt = makeRuntime();
    const { log, cb } = logger(rt);
    const id = rt.PyDict_AddWatcher(cb);
    const d = rt.PyDict_New();
    expect(rt.PyDict_Watch(id, d)).toBe(0);
    const k = str(rt, "k");
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    rt.PyDict_SetItem(d, k, one); // into the empty dict
    rt.PyDict_SetItem(d, k, one); // same value: no event (old_value == value)
    rt.PyDict_SetItem(d, k, two);
    rt.PyDict_SetItem(d, rt.PyLong_FromLong(10), one); // a non-str key: general table
    rt.PyDict_DelItem(d, k);
    rt.Py_DECREF(callMethod(rt, d, "setdefault", str(rt, "s"), two));
    rt.Py_DECREF(callMethod(rt, d, "pop", str(rt, "s")));
    rt.Py_DECREF(callMethod(rt, d, "popitem"));
    rt.PyDict_SetItem(d, k, one);
    rt.PyDict_Clear(d);
    rt.PyDict_Clear(d); // already empty: no event
    expect(log).toEqual(["ADDED 'k' 1", "MODIFIED 'k' 2", "ADDED 10 1", "DELETED 'k' -", "ADDED 's' 2", "DELETED 's' -", "DELETED 10 -", "ADDED 'k' 1", "CLEARED - -"]);
  });

  it("update() into an empty dict clones the source's table: CLONED with the source as key", () => {
    const rt = makeRuntime();
    const { log, cb } = logger(rt);
    const id = rt.PyDict_AddWatcher(cb);
    const src = rt.PyDict_New();
    rt.PyDict_SetItem(src, str(rt, "a"), rt.PyLong_FromLong(1));
    const d = rt.PyDict_New();
    rt.PyDict_Watch(id, d);
    expect(rt.PyDict_Update(d, src)).toBe(0);
    expect(log).toEqual(["CLONED {'a': 1} -"]);
    // a second update is item by item
    const src2 = rt.PyDict_New();
    rt.PyDict_SetItem(src2, str(rt, "a"), rt.PyLong_FromLong(5));
    rt.PyDict_SetItem(src2, str(rt, "b"), rt.PyLong_FromLong(6));
    rt.PyDict_Update(d, src2);
    expect(log.slice(1)).toEqual(["MODIFIED 'a' 5", "ADDED 'b' 6"]);
  });

  it("DEALLOCATED: the callback sees the live dict and may keep it", () => {
    const rt = makeRuntime();
    let kept = 0;
    const events: number[] = [];
    const id = rt.PyDict_AddWatcher((event, dict) => {
      events.push(event);
      if (event === PyDict_EVENT_DEALLOCATED && kept === 0) {
        expect(reprOf(rt, dict)).toBe("{'x': 1}");
        kept = rt.Py_NewRef(dict); // resurrect
      }
      return 0;
    });
    const d = rt.PyDict_New();
    rt.PyDict_SetItem(d, str(rt, "x"), rt.PyLong_FromLong(1));
    rt.PyDict_Watch(id, d);
    rt.Py_DECREF(d);
    expect(events).toEqual([PyDict_EVENT_DEALLOCATED]);
    expect(kept).toBe(d);
    expect(rt.Py_REFCNT(d)).toBe(1);
    expect(reprOf(rt, d)).toBe("{'x': 1}");
    rt.Py_DECREF(d); // now it goes (one more DEALLOCATED event, not kept)
    expect(events).toEqual([PyDict_EVENT_DEALLOCATED, PyDict_EVENT_DEALLOCATED]);
  });

  it("several watchers run lowest id first; a failing one is unraisable; unwatched dicts cost nothing", () => {
    const rt = makeRuntime();
    const order: string[] = [];
    const a = rt.PyDict_AddWatcher(() => (order.push("a"), 0));
    const b = rt.PyDict_AddWatcher(() => {
      order.push("b");
      rt.PyErr_SetString(rt.PyExc_ValueError, "nope");
      return -1;
    });
    const d = rt.PyDict_New();
    rt.PyDict_Watch(b, d);
    rt.PyDict_Watch(a, d);
    expect(rt.PyDict_SetItem(d, str(rt, "k"), rt.Py_None)).toBe(0);
    expect(order).toEqual(["a", "b"]);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.err.text).toMatch(/^Exception ignored in PyDict_EVENT_ADDED watcher callback for <dict at 0x[0-9a-f]+>:\n/);
    expect(rt.err.text).toContain("ValueError: nope");
    const other = rt.PyDict_New();
    rt.PyDict_SetItem(other, str(rt, "k"), rt.Py_None);
    expect(order).toEqual(["a", "b"]);
    // event codes are CPython's enum values
    expect([PyDict_EVENT_ADDED, PyDict_EVENT_MODIFIED, PyDict_EVENT_DELETED, PyDict_EVENT_CLONED, PyDict_EVENT_CLEARED, PyDict_EVENT_DEALLOCATED]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
