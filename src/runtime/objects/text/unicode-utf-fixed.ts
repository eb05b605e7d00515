/**
 * The frame UTF-16 and UTF-32 (unicode-utf16.ts, unicode-utf32.ts) share around their per-unit
 * loops, as PyUnicode_DecodeUTF16Stateful and PyUnicode_DecodeUTF32Stateful share it in C:
 *
 *   decode  byteorder 0 (or none): a leading BOM (U+FEFF in either order, one code unit wide)
 *           picks the order and is dropped, else the native order (little-endian); the order is
 *           written back at once and again at the end. The loop: a tail shorter than a code unit
 *           is "truncated data" (a stateful decoder leaves it); each error goes to the handler,
 *           whose replacement joins the code points (collected with their maximum, the str's
 *           kind); the codec itself only decodes one character at a time.
 *   encode  byteorder 0: a BOM in the native order, errors reported as 'utf-16' / 'utf-32';
 *           -1 / 1: '-le' / '-be', no BOM. Lone surrogates go to the error handler; the codec
 *           itself only writes one encodable character at a time.
 */

import { handleDecodeError, handleEncodeError, readUnit, writeUnit } from "./unicode-utf-handlers.js";
import type { Utf8Host } from "./unicode-utf8.js";

type Codec = "utf-16" | "utf-32";

/** What a unit decoder answers besides a byte count: an error (see `fail`), or stop here. */
export const UNIT_ERROR = 0;
export const UNIT_STOP = -1;

/** One decode call: the position, the byte order, the code points so far. */
export class FixedWidthDecode {
  /** Next byte to decode. */
  q = 0;
  /** -1 little-endian, 1 big-endian. */
  private readonly bo: number;
  readonly le: boolean;
  /** A stateful decoder (`consumed` given) leaves an incomplete tail undecoded instead of failing. */
  readonly stateful: boolean;
  /** The name errors report: 'utf-16-le', 'utf-32-be', ... */
  private readonly encoding: string;
  private readonly width: 2 | 4;
  private readonly out: number[] = [];
  private maxchar = 0;
  private failReason = "";
  private failEnd = 0;

  constructor(
    private readonly host: Utf8Host,
    private readonly src: Uint8Array,
    private readonly errors: string | null,
    codec: Codec,
    private readonly byteorder: { value: number } | null,
    private readonly consumed: { value: number } | null,
  ) {
    const width = (this.width = codec === "utf-16" ? 2 : 4);
    let bo = byteorder?.value ?? 0;
    if (bo === 0 && src.length >= width) {
      const bom = readUnit(src, 0, width, true);
      if (bom === 0xfeff) {
        this.q = width;
        bo = -1;
      } else if (bom === (width === 2 ? 0xfffe : 0xfffe0000)) {
        this.q = width;
        bo = 1;
      }
      if (byteorder !== null) byteorder.value = bo;
    }
    this.bo = bo;
    this.le = bo <= 0;
    this.stateful = consumed !== null;
    this.encoding = `${codec}-${this.le ? "le" : "be"}`;
  }

  /** Add a decoded code point. */
  push(cp: number): void {
    this.out.push(cp);
    if (cp > this.maxchar) this.maxchar = cp;
  }

  /** Record an error over bytes [q, end) for the unit decoder to return. */
  fail(reason: string, end: number): typeof UNIT_ERROR {
    this.failReason = reason;
    this.failEnd = end;
    return UNIT_ERROR;
  }

  /**
   * Decode to the end: `unit(q)`, called with at least one whole code unit at q, pushes what it
   * decodes and returns the bytes it took, or returns fail(...) or UNIT_STOP. A tail shorter than a
   * code unit is "truncated data" (stateful: left undecoded). Errors go to the error handler,
   * whose replacement joins the text. At the end the byte order and how far decoding got are
   * written back. A new str, or 0 with an error set.
   */
  run(unit: (q: number) => number): number {
    const e = this.src.length;
    while (this.q < e) {
      const q = this.q;
      const took = e - q >= this.width ? unit(q) : this.stateful ? UNIT_STOP : this.fail("truncated data", e);
      if (took === UNIT_STOP) break;
      if (took > 0) {
        this.q = q + took;
        continue;
      }
      const r = handleDecodeError(this.host, this.errors, this.encoding, this.src, q, this.failEnd, this.failReason);
      if (r === null) return 0;
      for (const c of r.cps) this.push(c);
      this.q = r.resume;
    }
    if (this.byteorder !== null) this.byteorder.value = this.bo;
    if (this.consumed !== null) this.consumed.value = this.q;
    return this.host.core.fromCodePoints(this.out, 0, this.out.length, this.maxchar);
  }
}

/**
 * Encode `cps`: the BOM for byteorder 0, then `write` puts each character in the given order; a
 * lone surrogate (unencodable in both) goes to the error handler under the name CPython reports
 * ('utf-16', 'utf-32-le', ...). The bytes, or null with an error set.
 */
export function encodeFixedWidth(host: Utf8Host, cps: ArrayLike<number>, errors: string | null, codec: Codec, byteorder: number, write: (out: number[], ch: number, le: boolean) => void): Uint8Array | null {
  const out: number[] = [];
  if (byteorder === 0) writeUnit(out, 0xfeff, codec === "utf-16" ? 2 : 4, true);
  const encoding = byteorder === -1 ? `${codec}-le` : byteorder === 1 ? `${codec}-be` : codec;
  const le = byteorder <= 0;
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const ch = cps[i];
    if (ch < 0xd800 || ch > 0xdfff) write(out, ch, le);
    else if (!handleEncodeError(host, errors, encoding, cps, i, out)) return null;
  }
  return Uint8Array.from(out);
}
