/**
 * RefModel: what the reference counts of a set of objects must be, predicted without looking at
 * the heap. Each object the test made is an entry with `ext`, the strong references the test
 * itself owns, and its contents (list/tuple items, dict entries, set members) as model ids. The
 * predicted Py_REFCNT of a mortal object is
 *
 *     ext + (number of slots in live model containers that hold it)
 *
 * and an object dies when that reaches 0, releasing what it holds (a sweep to a fixed point, so
 * chains die in one step as they do under Py_DECREF). Immortal objects (the small-int cache,
 * None) never die and report IMMORTAL_REFCNT. The kit's commands keep the graph acyclic, so
 * reference counting alone frees everything; a graph with cycles needs the collector.
 *
 * Dict keys and set members follow CPython's rule that an equal key already present is kept: the
 * new key object is not stored, so its count is unchanged. Equality is by `key` (e.g. "int:5",
 * "str:ab"); only ints and strs are used as keys.
 */

export type ModelKind = "int" | "str" | "list" | "tuple" | "dict" | "set" | "other";

export interface ModelObject {
  readonly id: number;
  readonly kind: ModelKind;
  /** Heap address in the real runtime. */
  readonly addr: number;
  readonly immortal: boolean;
  /** Equality key for ints and strs ("int:5", "str:ab"); null for containers. */
  readonly key: string | null;
  /** Strong references owned by the test. */
  ext: number;
  alive: boolean;
  /** list / tuple items in order. */
  items: number[];
  /** dict entries in insertion order: equality key → [key id, value id]. */
  entries: Map<string, [number, number]>;
  /** set members: equality key → member id. */
  members: Map<string, number>;
}

export class RefModel {
  readonly objects: ModelObject[] = [];

  /** Record a new object the test owns one reference to. */
  add(kind: ModelKind, addr: number, options: { immortal?: boolean; key?: string | null; items?: number[] } = {}): ModelObject {
    const o: ModelObject = {
      id: this.objects.length,
      kind,
      addr,
      immortal: options.immortal ?? false,
      key: options.key ?? null,
      ext: 1,
      alive: true,
      items: options.items ?? [],
      entries: new Map(),
      members: new Map(),
    };
    this.objects.push(o);
    return o;
  }

  get(id: number): ModelObject {
    const o = this.objects[id];
    if (o === undefined) throw new RangeError(`no model object o${id}`);
    return o;
  }

  /** Live objects matching `pred`, in creation order. */
  live(pred: (o: ModelObject) => boolean = () => true): ModelObject[] {
    return this.objects.filter((o) => o.alive && pred(o));
  }

  /** Model ids held by a container, one per slot. */
  children(o: ModelObject): number[] {
    switch (o.kind) {
      case "list":
      case "tuple":
        return o.items;
      case "dict":
        return [...o.entries.values()].flat();
      case "set":
        return [...o.members.values()];
      default:
        return o.items;
    }
  }

  /** The reference count Py_REFCNT must report for a mortal object. */
  predicted(id: number): number {
    let n = this.get(id).ext;
    for (const c of this.objects) if (c.alive) for (const child of this.children(c)) if (child === id) n++;
    return n;
  }

  /** True when `from` can reach `to` through container slots (or is it). */
  reaches(from: number, to: number): boolean {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...this.children(this.get(id)));
    }
    return false;
  }

  /** Mark every mortal object whose predicted count fell to 0 as dead, repeatedly; returns the newly dead. */
  sweep(): ModelObject[] {
    const dead: ModelObject[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const o of this.objects) {
        if (o.alive && !o.immortal && this.predicted(o.id) === 0) {
          o.alive = false;
          dead.push(o);
          changed = true;
        }
      }
    }
    return dead;
  }
}
