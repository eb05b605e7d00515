/**
 * Py_buffer (Include/pybuffer.h, CPython 3.14, 64-bit): 80 bytes, owned by whoever asked for the
 * buffer (a caller's block, a memoryview's `view`, a managed buffer's `master`).
 *
 *   view + 0   buf        (void *)      start of the exported memory
 *   view + 8   obj        (PyObject *)  owned reference to the exporter; NULL once released
 *   view + 16  len        Py_ssize_t    product(shape) * itemsize
 *   view + 24  itemsize   Py_ssize_t
 *   view + 32  readonly   int
 *   view + 36  ndim       int
 *   view + 40  format     (char *)      NUL-terminated struct format, NULL means "B"
 *   view + 48  shape      (Py_ssize_t *) NULL or ndim entries (may point at view + 16)
 *   view + 56  strides    (Py_ssize_t *) NULL or ndim entries (may point at view + 24)
 *   view + 64  suboffsets (Py_ssize_t *) NULL or ndim entries
 *   view + 72  internal   (void *)      exporter's private pointer
 *
 * The request flags (PyBUF_*) and the static format strings the exporters point `format` at
 * ("B", and one per native struct code for memoryview.cast) live here too; the strings are a
 * static block of the region (_Py_buffer_formats), never freed.
 */

export const PY_BUFFER_SIZE = 80;
export const BUF = {
  buf: 0,
  obj: 8,
  len: 16,
  itemsize: 24,
  readonly: 32,
  ndim: 36,
  format: 40,
  shape: 48,
  strides: 56,
  suboffsets: 64,
  internal: 72,
} as const;

export const PyBUF_MAX_NDIM = 64;

export const PyBUF_SIMPLE = 0;
export const PyBUF_WRITABLE = 0x0001;
export const PyBUF_WRITEABLE = PyBUF_WRITABLE;
export const PyBUF_FORMAT = 0x0004;
export const PyBUF_ND = 0x0008;
export const PyBUF_STRIDES = 0x0010 | PyBUF_ND;
export const PyBUF_C_CONTIGUOUS = 0x0020 | PyBUF_STRIDES;
export const PyBUF_F_CONTIGUOUS = 0x0040 | PyBUF_STRIDES;
export const PyBUF_ANY_CONTIGUOUS = 0x0080 | PyBUF_STRIDES;
export const PyBUF_INDIRECT = 0x0100 | PyBUF_STRIDES;
export const PyBUF_CONTIG = PyBUF_ND | PyBUF_WRITABLE;
export const PyBUF_CONTIG_RO = PyBUF_ND;
export const PyBUF_STRIDED = PyBUF_STRIDES | PyBUF_WRITABLE;
export const PyBUF_STRIDED_RO = PyBUF_STRIDES;
export const PyBUF_RECORDS = PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT;
export const PyBUF_RECORDS_RO = PyBUF_STRIDES | PyBUF_FORMAT;
export const PyBUF_FULL = PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT;
export const PyBUF_FULL_RO = PyBUF_INDIRECT | PyBUF_FORMAT;
export const PyBUF_READ = 0x100;
export const PyBUF_WRITE = 0x200;

/**
 * The native single-character struct codes memoryview understands, with their sizes on x86-64
 * (struct.calcsize with native alignment). The static block holds each as a 2-byte C string.
 */
export const NATIVE_FORMATS: readonly (readonly [string, number])[] = [
  ["B", 1],
  ["b", 1],
  ["c", 1],
  ["?", 1],
  ["h", 2],
  ["H", 2],
  ["i", 4],
  ["I", 4],
  ["l", 8],
  ["L", 8],
  ["q", 8],
  ["Q", 8],
  ["n", 8],
  ["N", 8],
  ["e", 2],
  ["f", 4],
  ["d", 8],
  ["P", 8],
];

/**
 * The static format-string block: "X\0" for each code at 2*i, "@X\0" (memoryview.cast keeps an '@'
 * prefix, as get_native_fmtstr does) at AT_FORMATS + 4*i, and a lone NUL at EMPTY_STRING
 * (_PyByteArray_empty_string: what an empty bytearray exports).
 */
const AT_FORMATS = 48;
export const EMPTY_STRING = AT_FORMATS + 4 * NATIVE_FORMATS.length;
export const BUFFER_FORMATS_SIZE = Math.ceil((EMPTY_STRING + 1) / 16) * 16;

/** Address of the static C string for a native code ("@" prefixed when `at`). */
export function formatAddress(block: number, code: string, at = false): number {
  const i = NATIVE_FORMATS.findIndex(([c]) => c === code);
  if (i < 0) throw new Error(`no static format string for '${code}'`);
  return at ? block + AT_FORMATS + 4 * i : block + 2 * i;
}

/** Write the block's strings (the region is zero-filled, so the NULs are already there). */
export function writeFormatStrings(u8: Uint8Array, block: number): void {
  NATIVE_FORMATS.forEach(([code], i) => {
    u8[block + 2 * i] = code.charCodeAt(0);
    u8[block + AT_FORMATS + 4 * i] = 0x40;
    u8[block + AT_FORMATS + 4 * i + 1] = code.charCodeAt(0);
  });
}
