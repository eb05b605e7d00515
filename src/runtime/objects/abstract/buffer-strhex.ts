/**
 * _Py_strhex_with_sep (Python/pystrhex.c, CPython 3.14): lowercase hex digits of a byte buffer
 * with an optional one-character separator every |bytes_per_sep| bytes — counted from the right
 * for a positive count, from the left for a negative one; no separator when sep is NULL, the count
 * is 0, or |count| >= the data length.
 *
 * sep is checked in C's order: PyObject_Length (TypeError "object of type 'T' has no len()"),
 * length 1 ("sep must be length 1."), then a str of the 1-byte kind or a bytes object ("sep must
 * be str or bytes." otherwise), and the character must be ASCII ("sep must be ASCII.").
 */

import type { ObjectContext } from "../core/context.js";

const HEX = "0123456789abcdef";

/** The separator character, "" for NULL, or null with an error set. */
function separator(ctx: ObjectContext, sep: number): string | null {
  if (sep === 0) return "";
  const n = ctx.proto.PyObject_Size(sep);
  if (n < 0) return null;
  const fail = (type: number, msg: string): null => {
    ctx.err.PyErr_SetString(type, msg);
    return null;
  };
  if (n !== 1) return fail(ctx.addr.PyExc_ValueError, "sep must be length 1.");
  let code: number;
  if (ctx.unicode.PyUnicode_Check(sep) !== 0) {
    code = ctx.unicode.text(sep).codePointAt(0) ?? 0;
    if (code > 0xff) return fail(ctx.addr.PyExc_ValueError, "sep must be ASCII."); // not PyUnicode_1BYTE_KIND
  } else if (ctx.bytes.isBytes(sep)) code = ctx.heap.u8[ctx.bytes.PyBytes_AS_STRING(sep)];
  else return fail(ctx.addr.PyExc_TypeError, "sep must be str or bytes.");
  if (code > 127) return fail(ctx.addr.PyExc_ValueError, "sep must be ASCII.");
  return String.fromCharCode(code);
}

/** _Py_strhex_with_sep(data, sep, bytes_per_sep): a new str, or 0 with an error set. */
export function strhexWithSep(ctx: ObjectContext, data: Uint8Array, sep: number, bytesPerSep: number): number {
  const sepChar = separator(ctx, sep);
  if (sepChar === null) return 0;
  const n = data.length;
  const group = Math.abs(bytesPerSep);
  const parts: string[] = [];
  const grouped = sepChar !== "" && bytesPerSep !== 0 && group < n;
  for (let i = 0; i < n; i++) {
    // From the right, a separator precedes byte i when n − i is a multiple of the group size.
    if (grouped && i > 0 && (bytesPerSep > 0 ? (n - i) % group === 0 : i % group === 0)) parts.push(sepChar);
    const b = data[i];
    parts.push(HEX[b >> 4] + HEX[b & 15]);
  }
  return ctx.unicode.PyUnicode_FromString(parts.join(""));
}
