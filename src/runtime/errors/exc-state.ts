/**
 * The exception state block in the static region (32 bytes, 8-aligned): what CPython keeps in the
 * thread state (the raised and the handled exception) and in interp->exc_state (the MemoryError
 * free list). poick runs one Python thread per runtime, so there is one block; its address is the
 * directory entry `_Py_exc_state`.
 *
 *   +0   current_exception   tstate->current_exception: the raised exception (owned), 0 = none
 *   +8   exc_value           tstate->exc_info->exc_value: the exception being handled (owned),
 *                            0 = none; implicit chaining (__context__) reads it
 *   +16  memerrors_freelist  first free MemoryError instance, chained through each one's `dict`
 *                            field (exceptions.c's layout); 0 = empty
 *   +24  memerrors_numfree   Py_ssize_t, 0..MEMERRORS_SAVE
 *
 * Invariants: current_exception and exc_value are 0 or exception instances the block owns a
 * reference to; free-list entries are dead MemoryError instances (refcount 0, not tracked).
 */

export const XS_CURRENT_EXCEPTION = 0;
export const XS_EXC_VALUE = 8;
export const XS_MEMERRORS_FREELIST = 16;
export const XS_MEMERRORS_NUMFREE = 24;
export const EXC_STATE_SIZE = 32;

/** MEMERRORS_SAVE (exceptions.c): MemoryError instances kept for reuse. */
export const MEMERRORS_SAVE = 16;
