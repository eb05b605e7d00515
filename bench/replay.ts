/**
 * The replay loop: runs a trace against one contender instance, the function benchmark.js times.
 *
 * Each instance gets its own copy of the loop compiled with `new Function`, so V8 keeps separate
 * type feedback per contender: the `a.malloc` / `a.free` call sites stay monomorphic and inlinable
 * instead of going megamorphic once several allocator classes have passed through one shared loop
 * (closures made from a single function literal share their feedback, so a factory is not enough;
 * and V8 caches `new Function` by source text, feedback included, so each copy's source is made
 * unique with a serial-number comment).
 * The loop allocates no JS objects: live addresses go into an Int32Array slot table.
 */

import type { ContenderInstance } from "./contender.js";
import type { Trace } from "./trace.js";

/** One full replay of the trace (drain included, then `endCycle`). Returns how many mallocs gave NULL. */
export type ReplayFn = () => number;

const LOOP = `
  "use strict"; // replay copy #SERIAL

  const n = sizes.length;
  return function replay() {
    let failed = 0;
    for (let i = 0; i < n; i++) {
      const s = sizes[i];
      if (s > 0) {
        const p = a.malloc(s);
        addr[slots[i]] = p;
        if (p === 0) failed++;
      } else {
        a.free(addr[slots[i]], -s);
      }
    }
    END
    return failed;
  };
`;

type Factory = (a: ContenderInstance["allocator"], inst: ContenderInstance, slots: Int32Array, sizes: Int32Array, addr: Int32Array) => ReplayFn;

let serial = 0;

export function compileReplay(trace: Trace, inst: ContenderInstance): ReplayFn {
  const body = LOOP.replace("SERIAL", String(++serial)).replace("END", inst.endCycle ? "inst.endCycle();" : "");
  const factory = new Function("a", "inst", "slots", "sizes", "addr", body) as Factory;
  return factory(inst.allocator, inst, trace.slots, trace.sizes, new Int32Array(trace.slotCount));
}
