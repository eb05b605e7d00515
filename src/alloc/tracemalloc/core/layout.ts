/**
 * Where tracemalloc keeps its tables in the heap: every offset and size of its records.
 *
 * Everything here is allocated through the RAW allocator that was installed before tracing started
 * (so none of it is traced), is published from the heap root slot ROOT.tracemalloc, and is freed by
 * stop(). Addresses are heap byte offsets; u32 fields are little-endian, f64 fields 8-byte aligned
 * (every block comes from an allocator with 16-byte alignment).
 *
 * State block (STATE_BYTES), at heap.getRoot(ROOT.tracemalloc) while tracing, else the root is 0:
 *
 *    +0  u32 magic "TMAL"           +4  u32 layout version
 *    +8  u32 tracing (1)            +12 u32 max_nframe
 *   +16  f64 traced_memory          current Σ traced sizes
 *   +24  f64 peak_traced_memory
 *   +32  f64 own_bytes              Σ requested bytes of every live block tracemalloc owns
 *   +40  table: traces              { u32 entries, u32 capacity, u32 count, u32 spare }
 *   +56  table: tracebacks          (same shape)
 *   +72  table: filenames           (same shape)
 *   +88  u32 empty traceback        the shared `<unknown>:0` traceback (not in the set)
 *   +92  u32 domains                first domain block (0: no traces outside domain 0)
 *
 * Trace tables (trace-table.ts): one per tracemalloc domain, ptr → (size, traceback), 16-byte
 * slots { u32 ptr, u32 traceback, u32 size low, u32 size high }, traceback = 0 for an empty slot.
 * Domain 0's descriptor is in the state block; every other domain has a domain block, chained from
 * the state block (domains.ts):
 *
 *   domain block (DOMAIN_BYTES = 32): +0 u32 next │ +4 u32 domain │ +8 table descriptor
 *                                     { u32 entries, u32 capacity, u32 count } │ +20 spare
 *
 * Traceback record (8 + 8·nframe bytes), interned: equal (nframe, total_nframe, frames) ⇔ same address.
 *
 *   +0 u32 hash │ +4 u16 nframe │ +6 u16 total_nframe │ +8 frames[nframe]: { u32 filename, u32 lineno }
 *   frames are most recent first; filename is the address of an interned filename record.
 *
 * Filename record (8 + len bytes), interned: equal strings ⇔ same address.
 *
 *   +0 u32 hash │ +4 u32 byte length │ +8 WTF-8 bytes (UTF-8, lone surrogates kept)
 *
 * Traceback and filename sets: open addressing, linear probing, at most half full, no deletion
 * (CPython keeps both until clear_traces/stop too):
 *
 *   entry (SET_ENTRY = 8 bytes): { u32 hash, u32 record address }   address 0 = empty slot
 */

export const MAGIC = 0x4c414d54; // "TMAL" little-endian
export const LAYOUT_VERSION = 1;

export const STATE_BYTES = 96;
export const ST_MAGIC = 0;
export const ST_VERSION = 4;
export const ST_TRACING = 8;
export const ST_MAX_NFRAME = 12;
export const ST_TRACED = 16;
export const ST_PEAK = 24;
export const ST_OWN_BYTES = 32;
export const ST_TRACES = 40;
export const ST_TRACEBACKS = 56;
export const ST_FILENAMES = 72;
export const ST_EMPTY_TB = 88;

/** Offsets inside a table descriptor. */
export const TD_ENTRIES = 0;
export const TD_CAPACITY = 4;
export const TD_COUNT = 8;

export const ST_DOMAINS = 92;

export const TRACE_ENTRY = 16;
/** u32 words per trace slot, and word offsets inside one. */
export const TE_WORDS = 4;
export const TE_PTR = 0;
export const TE_TB = 1;
export const TE_SIZE_LO = 2;
export const TE_SIZE_HI = 3;

export const DOMAIN_BYTES = 32;
export const DB_NEXT = 0;
export const DB_DOMAIN = 4;
export const DB_TABLE = 8;

export const TB_HASH = 0;
export const TB_NFRAME = 4; // u16
export const TB_TOTAL = 6; // u16
export const TB_FRAMES = 8;
export const FRAME_BYTES = 8;

export const FN_HASH = 0;
export const FN_LENGTH = 4;
export const FN_BYTES = 8;

export const SET_ENTRY = 8;

/** Smallest table capacity (entries); tables never shrink below it. */
export const MIN_CAPACITY = 64;

export function tracebackBytes(nframe: number): number {
  return TB_FRAMES + FRAME_BYTES * nframe;
}

export function filenameBytes(byteLength: number): number {
  return FN_BYTES + byteLength;
}
