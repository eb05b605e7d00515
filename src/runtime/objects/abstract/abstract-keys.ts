/**
 * The static-region keys of the abstract layer (abstract-types.ts), appended to STATIC_DIRECTORY
 * by context.ts. Kept apart from the type definitions so context.ts imports no type definitions.
 */
export const ABSTRACT_STATIC_KEYS = ["PySeqIter_Type", "PyCallIter_Type", "_PyManagedBuffer_Type", "PyMemoryView_Type", "_Py_buffer_formats"] as const;
