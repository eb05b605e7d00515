/**
 * The one way an area calls C API functions that other areas implement: by C API name, found late
 * through the runtime's resolver `ctx.capi` (ObjectModel: the first of its capiParts with a method
 * of that name, bound to that part). Asking at call time, never at construction, means an area
 * picks a function up the moment it lands, with no import cycle and no build order. Each user keeps
 * its own cache here (derived data, one per runtime); only functions found are cached, so a name
 * that is missing now is asked for again next time.
 *
 * `Sigs` maps each name an area borrows to its C signature (objects are addresses, NULL = 0), so
 * every call site stays typed. `get` answers null for a name no part provides (the caller may fall
 * back to what CPython does without the feature); `need` also sets poick's "not implemented yet"
 * SystemError, naming the area that needed it.
 */

import type { ObjectContext } from "./context.js";

type CFunction = (...args: never[]) => unknown;

export class LateBound<Sigs extends object> {
  private readonly found = new Map<string, CFunction>();

  constructor(
    protected readonly ctx: ObjectContext,
    /** Who borrows, for the SystemError text: "poick: NAME (needed by AREA) is not implemented yet". */
    private readonly area: string,
  ) {}

  /** The function, or null when no part provides it yet. */
  get<K extends keyof Sigs & string>(name: K): Sigs[K] | null {
    let fn = this.found.get(name);
    if (fn === undefined) {
      const hit = this.ctx.capi(name);
      if (hit === null) return null;
      fn = hit;
      this.found.set(name, fn);
    }
    return fn as unknown as Sigs[K];
  }

  /** The function, or null with SystemError set naming it as not implemented yet. */
  need<K extends keyof Sigs & string>(name: K): Sigs[K] | null {
    const fn = this.get(name);
    if (fn === null) this.ctx.notYet(`${name} (needed by ${this.area})`);
    return fn;
  }

  /** True once some part provides `name`. */
  has(name: keyof Sigs & string): boolean {
    return this.get(name) !== null;
  }
}
