/**
 * The built-in codecs str needs (Objects/unicodeobject.c): UTF-8 (unicode-utf8.ts), Latin-1 and
 * ASCII, the UTF-8 cache of PyUnicode_AsUTF8, and the generic entry points that pick a codec by
 * name (PyUnicode_Decode, PyUnicode_AsEncodedString, PyUnicode_FromEncodedObject).
 *
 *   PyUnicode_AsUTF8AndSize   compact ASCII: the data IS the UTF-8 (nothing allocated); otherwise
 *                             the first call encodes strictly, stores the bytes + NUL in a
 *                             PyMem_Malloc block and sets utf8 / utf8_length; later calls reuse it
 *                             (a string with surrogates fails and caches nothing)
 *   PyUnicode_AsUTF8          the same, then ValueError "embedded null character" if the text
 *                             holds U+0000 (3.13+; the cache stays filled)
 *   encoding names            normalised like _Py_normalize_encoding (lowercase, punctuation runs
 *                             → '_'), then CPython's fast paths and the encodings.aliases names
 *                             of utf_8 / latin_1 / ascii / utf_16[_le|_be] / utf_32[_le|_be]
 *                             (unicode-utf16.ts, unicode-utf32.ts); anything else is LookupError
 *                             "unknown encoding: NAME"
 *   Latin-1 / ASCII encoders  a run of unencodable characters is one error range, reason
 *                             "ordinal not in range(256)" / "(128)"; the ASCII decoder reports
 *                             one byte at a time. surrogatepass only works for UTF-8 (else the
 *                             original error is raised, as Python/codecs.c does).
 */

import type { BytesApi } from "./bytes.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { cBytes, typeNameOf } from "./text-args.js";
import { errorHandler, raiseDecodeError, raiseEncodeError, unknownHandler } from "./unicode-errors.js";
import { PYASCIIOBJECT_SIZE, STR_UTF8, STR_UTF8_LENGTH, strHasUtf8Memory, strIsAscii, strIsCompactAscii, strLength } from "./unicode-layout.js";
import { ByteWriter, decodeUtf8, encodeUtf8, replacementText, type Utf8Host } from "./unicode-utf8.js";
import { decodeUtf16, encodeUtf16 } from "./unicode-utf16.js";
import { decodeUtf32, encodeUtf32 } from "./unicode-utf32.js";

type Codec = "utf-8" | "latin-1" | "ascii" | "utf-16" | "utf-16-le" | "utf-16-be" | "utf-32" | "utf-32-le" | "utf-32-be";

/** The byteorder argument of the UTF-16 / UTF-32 functions for a codec name: 0 (BOM / native), -1 little, 1 big. */
function byteorderOf(codec: Codec): number {
  return codec.endsWith("-le") ? -1 : codec.endsWith("-be") ? 1 : 0;
}

const ALIASES: Record<string, Codec> = {};
for (const n of ["utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001"]) ALIASES[n] = "utf-8";
for (const n of ["latin_1", "latin1", "8859", "cp819", "csisolatin1", "ibm819", "iso8859", "iso8859_1", "iso_8859_1", "iso_8859_1_1987", "iso_ir_100", "l1", "latin"]) ALIASES[n] = "latin-1";
for (const n of ["ascii", "646", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii"]) ALIASES[n] = "ascii";
for (const n of ["utf_16", "utf16", "u16"]) ALIASES[n] = "utf-16";
for (const n of ["utf_16_le", "utf_16le", "unicodelittleunmarked"]) ALIASES[n] = "utf-16-le";
for (const n of ["utf_16_be", "utf_16be", "unicodebigunmarked"]) ALIASES[n] = "utf-16-be";
for (const n of ["utf_32", "utf32", "u32"]) ALIASES[n] = "utf-32";
for (const n of ["utf_32_le", "utf_32le"]) ALIASES[n] = "utf-32-le";
for (const n of ["utf_32_be", "utf_32be"]) ALIASES[n] = "utf-32-be";

/** _Py_normalize_encoding. */
export function normalizeEncoding(encoding: string): string {
  let out = "";
  let punct = false;
  for (const ch of encoding) {
    if (/^[A-Za-z0-9.]$/.test(ch)) {
      if (punct && out !== "") out += "_";
      punct = false;
      out += ch.toLowerCase();
    } else punct = true;
  }
  return out;
}

export class UnicodeCodecsApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly host: Utf8Host,
    private readonly bytes: BytesApi,
  ) {}

  private get core() {
    return this.host.core;
  }

  /** The codec a name selects, or null with LookupError / SystemError set. */
  private lookup(encoding: string): Codec | null {
    const codec = ALIASES[normalizeEncoding(encoding)];
    if (codec === undefined) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_LookupError, `unknown encoding: ${encoding}`);
      return null;
    }
    return codec;
  }

  // ---- UTF-8 ----------------------------------------------------------------------------------------

  /** PyUnicode_DecodeUTF8(s, size, errors). */
  PyUnicode_DecodeUTF8(s: string | Uint8Array | number, size: number, errors: string | null = null): number {
    const b = cBytes(this.ctx, s, size);
    return decodeUtf8(this.host, b, 0, b.length, errors, null);
  }

  /** PyUnicode_DecodeUTF8Stateful(s, size, errors, consumed): an incomplete tail is left undecoded. */
  PyUnicode_DecodeUTF8Stateful(s: string | Uint8Array | number, size: number, errors: string | null, consumed: { value: number } | null): number {
    const b = cBytes(this.ctx, s, size);
    return decodeUtf8(this.host, b, 0, b.length, errors, consumed);
  }

  /**
   * PyUnicode_AsUTF8AndSize(unicode, psize): the UTF-8 text (a JavaScript string) with its byte
   * length in psize.value; fills the object's UTF-8 cache. null with an error set on failure.
   */
  PyUnicode_AsUTF8AndSize(unicode: number, psize?: { value: number } | null): string | null {
    const { ctx } = this;
    if (!this.core.isStr(unicode)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
      if (psize) psize.value = -1;
      return null;
    }
    const size = this.fillUtf8(unicode);
    if (size < 0) {
      if (psize) psize.value = -1;
      return null;
    }
    if (psize) psize.value = size;
    return this.core.toJs(unicode);
  }

  /** PyUnicode_AsUTF8(unicode): as AsUTF8AndSize, and ValueError "embedded null character" for U+0000. */
  PyUnicode_AsUTF8(unicode: number): string | null {
    const s = this.PyUnicode_AsUTF8AndSize(unicode, null);
    if (s !== null && s.includes("\0")) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "embedded null character");
      return null;
    }
    return s;
  }

  /** PyUnicode_UTF8 (internal): the address of the cached UTF-8 (the data for ASCII), 0 if not filled. */
  PyUnicode_UTF8(unicode: number): number {
    const heap = this.ctx.heap;
    if (strIsCompactAscii(heap, unicode)) return unicode + PYASCIIOBJECT_SIZE;
    return heap.u32[(unicode + STR_UTF8) >>> 2]; // a legacy ASCII string's utf8 is its data
  }

  /** unicode_fill_utf8 (when needed): the UTF-8 length, or -1 with an error set. */
  private fillUtf8(unicode: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    if (strIsAscii(heap, unicode)) return strLength(heap, unicode);
    if (heap.u32[(unicode + STR_UTF8) >>> 2] !== 0) return heap.u32[(unicode + STR_UTF8_LENGTH) >>> 2] + heap.i32[(unicode + STR_UTF8_LENGTH + 4) >>> 2] * 4294967296;
    const bytes = encodeUtf8(this.host, this.core.view(unicode), "strict");
    if (bytes === null) return -1;
    const p = ctx.mem.PyMem_Malloc(bytes.length + 1);
    if (p === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const h = ctx.heap;
    h.u8.set(bytes, p);
    h.u8[p + bytes.length] = 0;
    h.u32[(unicode + STR_UTF8_LENGTH) >>> 2] = bytes.length;
    h.u32[(unicode + STR_UTF8_LENGTH + 4) >>> 2] = 0;
    h.u32[(unicode + STR_UTF8) >>> 2] = p;
    h.u32[(unicode + STR_UTF8 + 4) >>> 2] = 0;
    return bytes.length;
  }

  /** PyUnicode_AsUTF8String(unicode): a bytes object (strict). */
  PyUnicode_AsUTF8String(unicode: number): number {
    return this._PyUnicode_AsUTF8String(unicode, null);
  }

  /** _PyUnicode_AsUTF8String(unicode, errors): uses the cache when present. */
  _PyUnicode_AsUTF8String(unicode: number, errors: string | null): number {
    const { ctx } = this;
    if (!this.core.isStr(unicode)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
      return 0;
    }
    const heap = ctx.heap;
    if (strIsAscii(heap, unicode)) return this.bytes.fromBytes(this.core.view(unicode));
    const cached = heap.u32[(unicode + STR_UTF8) >>> 2];
    if (strHasUtf8Memory(heap, unicode)) return this.bytes.fromBytes(heap.u8.subarray(cached, cached + heap.u32[(unicode + STR_UTF8_LENGTH) >>> 2]));
    const b = encodeUtf8(this.host, this.core.view(unicode), errors);
    return b === null ? 0 : this.bytes.fromBytes(b);
  }

  // ---- Latin-1 and ASCII -------------------------------------------------------------------------

  /** PyUnicode_DecodeLatin1: never fails. */
  PyUnicode_DecodeLatin1(s: string | Uint8Array | number, size: number, _errors: string | null = null): number {
    const b = cBytes(this.ctx, s, size);
    return this.core.fromUCS1(b, 0, b.length);
  }

  /** PyUnicode_DecodeASCII(s, size, errors). */
  PyUnicode_DecodeASCII(s: string | Uint8Array | number, size: number, errors: string | null = null): number {
    const b = cBytes(this.ctx, s, size);
    return this.decodeAscii(b, errors);
  }

  private decodeAscii(b: Uint8Array, errors: string | null): number {
    let i = 0;
    while (i < b.length && b[i] < 0x80) i++;
    if (i === b.length) return this.core.fromUCS1(b, 0, b.length);
    const out: number[] = Array.from(b.subarray(0, i));
    const handler = errorHandler(errors);
    for (; i < b.length; i++) {
      const c = b[i];
      if (c < 0x80) {
        out.push(c);
        continue;
      }
      switch (handler) {
        case "ignore":
          break;
        case "replace":
          out.push(0xfffd);
          break;
        case "surrogateescape":
          out.push(0xdc00 + c);
          break;
        case "backslashreplace":
          for (const ch of replacementText("backslashreplace", c)) out.push(ch.charCodeAt(0));
          break;
        case "strict":
        case "surrogatepass":
          raiseDecodeError(this.host, "ascii", b, i, i + 1, "ordinal not in range(128)");
          return 0;
        case "xmlcharrefreplace":
          this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, "don't know how to handle UnicodeDecodeError in error callback");
          return 0;
        default:
          unknownHandler(this.ctx, errors ?? "strict");
          return 0;
      }
    }
    return this.core.fromCodePoints(out);
  }

  /** PyUnicode_AsLatin1String(unicode): bytes (strict). */
  PyUnicode_AsLatin1String(unicode: number): number {
    return this.encodeUcs1(unicode, null, 256);
  }

  /** PyUnicode_AsASCIIString(unicode): bytes (strict). */
  PyUnicode_AsASCIIString(unicode: number): number {
    return this.encodeUcs1(unicode, null, 128);
  }

  /** unicode_encode_ucs1: Latin-1 (limit 256) or ASCII (limit 128). */
  private encodeUcs1(unicode: number, errors: string | null, limit: 128 | 256): number {
    const { ctx } = this;
    if (!this.core.isStr(unicode)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
      return 0;
    }
    const cps = this.core.view(unicode);
    const n = cps.length;
    const encoding = limit === 256 ? "latin-1" : "ascii";
    const reason = `ordinal not in range(${limit})`;
    if (strIsAscii(ctx.heap, unicode) || (limit === 256 && cps.BYTES_PER_ELEMENT === 1)) return this.bytes.fromBytes(cps);
    const w = new ByteWriter(n);
    const handler = errorHandler(errors);
    for (let i = 0; i < n; i++) {
      const ch = cps[i];
      if (ch < limit) {
        w.push(ch);
        continue;
      }
      let collend = i + 1;
      while (collend < n && cps[collend] >= limit) collend++;
      let collstart = i;
      switch (handler) {
        case "ignore":
          break;
        case "replace":
          for (let k = i; k < collend; k++) w.push(0x3f);
          break;
        case "backslashreplace":
        case "xmlcharrefreplace":
          for (let k = i; k < collend; k++) w.ascii(replacementText(handler, cps[k]));
          break;
        case "surrogateescape": {
          let k = i;
          for (; k < collend; k++) {
            const c = cps[k];
            if (c < 0xdc80 || c > 0xdcff) break;
            w.push(c - 0xdc00);
          }
          if (k >= collend) break;
          collstart = k;
          raiseEncodeError(this.host, encoding, cps, collstart, collend, reason);
          return 0;
        }
        case "strict":
        case "surrogatepass":
          raiseEncodeError(this.host, encoding, cps, collstart, collend, reason);
          return 0;
        default:
          unknownHandler(ctx, errors ?? "strict");
          return 0;
      }
      i = collend - 1;
    }
    return this.bytes.fromBytes(w.result());
  }

  // ---- UTF-16 and UTF-32 ---------------------------------------------------------------------------

  /** PyUnicode_DecodeUTF16(s, size, errors, byteorder): byteorder in/out (0 = BOM or native, -1 LE, 1 BE), or null. */
  PyUnicode_DecodeUTF16(s: string | Uint8Array | number, size: number, errors: string | null = null, byteorder: { value: number } | null = null): number {
    return decodeUtf16(this.host, cBytes(this.ctx, s, size).slice(), errors, byteorder, null);
  }

  /** PyUnicode_DecodeUTF16Stateful: as DecodeUTF16; with `consumed`, an incomplete tail is left undecoded. */
  PyUnicode_DecodeUTF16Stateful(s: string | Uint8Array | number, size: number, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
    return decodeUtf16(this.host, cBytes(this.ctx, s, size).slice(), errors, byteorder, consumed);
  }

  /** PyUnicode_DecodeUTF32(s, size, errors, byteorder). */
  PyUnicode_DecodeUTF32(s: string | Uint8Array | number, size: number, errors: string | null = null, byteorder: { value: number } | null = null): number {
    return decodeUtf32(this.host, cBytes(this.ctx, s, size).slice(), errors, byteorder, null);
  }

  /** PyUnicode_DecodeUTF32Stateful. */
  PyUnicode_DecodeUTF32Stateful(s: string | Uint8Array | number, size: number, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
    return decodeUtf32(this.host, cBytes(this.ctx, s, size).slice(), errors, byteorder, consumed);
  }

  /** PyUnicode_AsUTF16String(unicode): bytes with a BOM, native (little-endian) order, strict. */
  PyUnicode_AsUTF16String(unicode: number): number {
    return this._PyUnicode_EncodeUTF16(unicode, null, 0);
  }

  /** PyUnicode_AsUTF32String(unicode): bytes with a BOM, native order, strict. */
  PyUnicode_AsUTF32String(unicode: number): number {
    return this._PyUnicode_EncodeUTF32(unicode, null, 0);
  }

  /** _PyUnicode_EncodeUTF16(unicode, errors, byteorder): 0 = BOM + native, -1 little, 1 big. */
  _PyUnicode_EncodeUTF16(unicode: number, errors: string | null, byteorder: number): number {
    if (!this.checkStr(unicode)) return 0;
    const b = encodeUtf16(this.host, this.core.view(unicode).slice(), errors, byteorder);
    return b === null ? 0 : this.bytes.fromBytes(b);
  }

  /** _PyUnicode_EncodeUTF32(unicode, errors, byteorder). */
  _PyUnicode_EncodeUTF32(unicode: number, errors: string | null, byteorder: number): number {
    if (!this.checkStr(unicode)) return 0;
    const b = encodeUtf32(this.host, this.core.view(unicode).slice(), errors, byteorder);
    return b === null ? 0 : this.bytes.fromBytes(b);
  }

  private checkStr(unicode: number): boolean {
    if (this.core.isStr(unicode)) return true;
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
    return false;
  }

  // ---- by name -----------------------------------------------------------------------------------------

  /** PyUnicode_Decode(s, size, encoding, errors): encoding NULL means UTF-8. */
  PyUnicode_Decode(s: string | Uint8Array | number, size: number, encoding: string | null, errors: string | null): number {
    const b = cBytes(this.ctx, s, size);
    return this.decodeBytes(b, encoding, errors);
  }

  /** Decode a byte view by codec name. */
  decodeBytes(b: Uint8Array, encoding: string | null, errors: string | null): number {
    const codec = encoding === null ? "utf-8" : this.lookup(encoding);
    if (codec === null) return 0;
    if (codec === "latin-1") return this.core.fromUCS1(b, 0, b.length);
    if (codec === "ascii") return this.decodeAscii(b, errors);
    if (codec.startsWith("utf-16")) return decodeUtf16(this.host, b.slice(), errors, { value: byteorderOf(codec) }, null);
    if (codec.startsWith("utf-32")) return decodeUtf32(this.host, b.slice(), errors, { value: byteorderOf(codec) }, null);
    return decodeUtf8(this.host, b, 0, b.length, errors, null);
  }

  /** PyUnicode_AsEncodedString(unicode, encoding, errors): bytes. */
  PyUnicode_AsEncodedString(unicode: number, encoding: string | null, errors: string | null): number {
    const { ctx } = this;
    if (!this.core.isStr(unicode)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
      return 0;
    }
    const codec = encoding === null ? "utf-8" : this.lookup(encoding);
    if (codec === null) return 0;
    if (codec === "latin-1") return this.encodeUcs1(unicode, errors, 256);
    if (codec === "ascii") return this.encodeUcs1(unicode, errors, 128);
    if (codec.startsWith("utf-16")) return this._PyUnicode_EncodeUTF16(unicode, errors, byteorderOf(codec));
    if (codec.startsWith("utf-32")) return this._PyUnicode_EncodeUTF32(unicode, errors, byteorderOf(codec));
    return this._PyUnicode_AsUTF8String(unicode, errors);
  }

  /** PyUnicode_FromEncodedObject(obj, encoding, errors): decode bytes / bytearray. */
  PyUnicode_FromEncodedObject(obj: number, encoding: string | null, errors: string | null): number {
    const { ctx } = this;
    if (obj === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (this.bytes.isBytes(obj)) {
      if (ctx.abi.Py_SIZE(obj) === 0) {
        if (encoding !== null && this.lookup(encoding) === null) return 0;
        return this.core.empty;
      }
      return this.decodeBytes(this.bytes.data(obj), encoding, errors);
    }
    if (this.core.isStr(obj)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "decoding str is not supported");
      return 0;
    }
    const buf = this.bytes.bufferOf(obj);
    if (buf === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `decoding to str: need a bytes-like object, ${precisionS(typeNameOf(ctx, obj), 80)} found`);
      return 0;
    }
    return this.decodeBytes(buf.slice(), encoding, errors);
  }
}
