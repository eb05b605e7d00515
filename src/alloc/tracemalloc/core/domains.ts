/**
 * The trace tables of every tracemalloc domain. Domain 0 — every block the allocator hooks trace —
 * has its table descriptor in the state block; each other domain (only PyTraceMalloc_Track creates
 * them, e.g. for GPU memory) has a 32-byte domain block holding its descriptor, chained from the
 * state block's `domains` word, newest first:
 *
 *   state.domains ─► [ next │ domain │ table descriptor ] ─► [ next │ domain │ ... ] ─► 0
 *
 * A domain's table lives until clear_traces() or stop() (as in CPython), even when emptied.
 * JavaScript keeps a domain → TraceTable map, rebuilt from the chain by the constructor.
 */

import type { Heap } from "../../heap.js";
import type { OwnedMemory } from "./owned-memory.js";
import { TraceTable } from "./trace-table.js";
import { DB_DOMAIN, DB_NEXT, DB_TABLE, DOMAIN_BYTES, ST_DOMAINS, ST_TRACES } from "./layout.js";

export class DomainTraces {
  readonly zero: TraceTable;
  private readonly others = new Map<number, TraceTable>();

  constructor(
    private readonly heap: Heap,
    private readonly mem: OwnedMemory,
    private readonly state: number,
  ) {
    this.zero = new TraceTable(heap, mem, state + ST_TRACES);
    for (let b = this.head; b !== 0; b = heap.u32[(b + DB_NEXT) >>> 2]) {
      this.others.set(heap.u32[(b + DB_DOMAIN) >>> 2], new TraceTable(heap, mem, b + DB_TABLE));
    }
  }

  /** The table of `domain`, or null when nothing was ever tracked there. */
  table(domain: number): TraceTable | null {
    return domain === 0 ? this.zero : (this.others.get(domain) ?? null);
  }

  /** The table of `domain`, created if needed; null when out of memory. */
  tableFor(domain: number): TraceTable | null {
    const t = this.table(domain);
    if (t !== null) return t;
    const block = this.mem.alloc(DOMAIN_BYTES);
    if (block === 0) return null;
    const table = new TraceTable(this.heap, this.mem, block + DB_TABLE);
    if (!table.init()) {
      this.mem.free(block, DOMAIN_BYTES);
      return null;
    }
    const u32 = this.heap.u32;
    u32[(block + DB_DOMAIN) >>> 2] = domain;
    u32[(block + DB_NEXT) >>> 2] = this.head;
    u32[(this.state + ST_DOMAINS) >>> 2] = block;
    this.others.set(domain, table);
    return table;
  }

  /** Every trace: domain 0's first, then the other domains' (domain, ptr, size, traceback). */
  forEach(visit: (domain: number, ptr: number, size: number, tb: number) => void): void {
    this.zero.forEach((ptr, size, tb) => visit(0, ptr, size, tb));
    for (const [domain, table] of this.others) table.forEach((ptr, size, tb) => visit(domain, ptr, size, tb));
  }

  /** clear_traces: domain 0 emptied, the other domains' tables and blocks freed. */
  clear(): void {
    this.zero.clear();
    this.freeOthers();
  }

  destroy(): void {
    if (this.heap.u32[(this.state + ST_TRACES) >>> 2] !== 0) this.zero.destroy();
    this.freeOthers();
  }

  private get head(): number {
    return this.heap.u32[(this.state + ST_DOMAINS) >>> 2];
  }

  private freeOthers(): void {
    let b = this.head;
    while (b !== 0) {
      const next = this.heap.u32[(b + DB_NEXT) >>> 2];
      new TraceTable(this.heap, this.mem, b + DB_TABLE).destroy();
      this.mem.free(b, DOMAIN_BYTES);
      b = next;
    }
    this.heap.u32[(this.state + ST_DOMAINS) >>> 2] = 0;
    this.others.clear();
  }
}
