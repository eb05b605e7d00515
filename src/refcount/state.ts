/**
 * The object ABI's per-runtime state block in the heap (CPython: interp->object_state plus the
 * slot-function table's names). The runtime places it in its static region and passes its address;
 * a thread holding only the buffer finds it through the runtime's state directory.
 *
 *   +0   reftotal        f64  Py_REF_DEBUG total (interp->object_state.reftotal)
 *   +8   refchain        u32  Py_TRACE_REFS hash table (RAW domain), 0 when tracing is off
 *   +12  refchain_cap    u32  slots in that table (a power of two)
 *   +16  refchain_count  u32  objects recorded
 *   +20  slot_names      u32  slot-name array (RAW domain): 8 bytes per slot-table index,
 *                             {u32 char *name, u32 kind code}; index 0 (NULL) has name 0
 *   +24  slot_count      u32  entries used, index 0 included
 *   +28  slot_cap        u32  entries allocated
 *   +32  flags           u32  bit 0 ref_debug, bit 1 trace_refs
 *   +36  (reserved, zero)
 *   +48  end
 *
 * Invariants: the block is 8-aligned; counts never exceed capacities; the slot-name array mirrors
 * the JavaScript slot table index for index (slots.ts), so the table can be rebuilt from it.
 */

export const RS = {
  reftotal: 0,
  refchain: 8,
  refchainCap: 12,
  refchainCount: 16,
  slotNames: 20,
  slotCount: 24,
  slotCap: 28,
  flags: 32,
} as const;

export const REFSTATE_SIZE = 48;

export const RS_FLAG_REF_DEBUG = 1;
export const RS_FLAG_TRACE_REFS = 2;

/** Bytes per slot-name entry. */
export const SLOT_NAME_ENTRY = 8;
