/**
 * struct format codes as the buffer protocol needs them (Modules/_struct.c's native table, x86-64):
 *
 *   nativeCode(fmt)     memoryview's get_native_fmtchar: one native code, optionally after '@';
 *                       null for anything else ("memoryview: unsupported format ...")
 *   calcsize(fmt)       struct.calcsize for PyBuffer_SizeFromFormat: native ('@', default) sizes
 *                       with alignment, or standard sizes without ('<', '>', '=', '!'); repeat
 *                       counts; 'x' pad bytes, 's' / 'p' byte strings. null for a bad format
 *   unpack / pack       one item of a native code from / to little-endian bytes
 */

import { NATIVE_FORMATS } from "./buffer-layout.js";

const NATIVE_SIZE = new Map<string, number>(NATIVE_FORMATS.map(([c, n]) => [c, n]));
/** Standard sizes ('<', '>', '=', '!'): no n, N, P. */
const STANDARD_SIZE = new Map<string, number>([
  ["x", 1], ["c", 1], ["b", 1], ["B", 1], ["?", 1], ["h", 2], ["H", 2], ["i", 4], ["I", 4], ["l", 4], ["L", 4],
  ["q", 8], ["Q", 8], ["e", 2], ["f", 4], ["d", 8], ["s", 1], ["p", 1],
]);

/** get_native_fmtchar: the single native code of `fmt` ("@B" counts as "B"), or null. */
export function nativeCode(fmt: string): string | null {
  const f = fmt.startsWith("@") ? fmt.slice(1) : fmt;
  return f.length === 1 && NATIVE_SIZE.has(f) ? f : null;
}

/** Size of a native code (nativeCode's result). */
export function nativeSize(code: string): number {
  return NATIVE_SIZE.get(code) ?? 0;
}

/** struct.calcsize(fmt), or null when the format is invalid. */
export function calcsize(fmt: string): number | null {
  let i = 0;
  let native = true;
  if (fmt.length > 0 && "@<>=!".includes(fmt[0])) {
    native = fmt[0] === "@";
    i = 1;
  }
  let size = 0;
  while (i < fmt.length) {
    const ch = fmt[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let count = 1;
    if (ch >= "0" && ch <= "9") {
      let j = i;
      while (j < fmt.length && fmt[j] >= "0" && fmt[j] <= "9") j++;
      count = Number(fmt.slice(i, j));
      i = j;
      if (i >= fmt.length) return null; // "repeat count given without format specifier"
    }
    const code = fmt[i++];
    const itemSize = code === "x" || code === "s" || code === "p" ? 1 : native ? NATIVE_SIZE.get(code) : STANDARD_SIZE.get(code);
    if (itemSize === undefined) return null;
    if (native && code !== "x" && code !== "s" && code !== "p" && code !== "c" && code !== "b" && code !== "B" && code !== "?") {
      size = Math.ceil(size / itemSize) * itemSize; // native alignment = size on x86-64
    }
    size += code === "s" || code === "p" ? count : count * itemSize;
  }
  return size;
}

/** A JavaScript value of one item. */
export type ItemValue = number | bigint | boolean | Uint8Array;

/** Read one item of native code `code` at `off` of `dv` (little-endian, as x86-64). */
export function unpackItem(dv: DataView, off: number, code: string): ItemValue {
  switch (code) {
    case "B":
      return dv.getUint8(off);
    case "b":
      return dv.getInt8(off);
    case "c":
      return new Uint8Array(dv.buffer.slice(dv.byteOffset + off, dv.byteOffset + off + 1) as ArrayBuffer);
    case "?":
      return dv.getUint8(off) !== 0;
    case "h":
      return dv.getInt16(off, true);
    case "H":
      return dv.getUint16(off, true);
    case "i":
      return dv.getInt32(off, true);
    case "I":
      return dv.getUint32(off, true);
    case "l":
    case "q":
    case "n":
      return dv.getBigInt64(off, true);
    case "L":
    case "Q":
    case "N":
    case "P":
      return dv.getBigUint64(off, true);
    case "e":
      return halfToFloat(dv.getUint16(off, true));
    case "f":
      return dv.getFloat32(off, true);
    case "d":
      return dv.getFloat64(off, true);
    default:
      throw new Error(`unpackItem: not a native code '${code}'`);
  }
}

/** IEEE 754 binary16 → number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** The integer range of an integer code, as [min, max] bigints, or null for other codes. */
export function intRange(code: string): [bigint, bigint] | null {
  const size = NATIVE_SIZE.get(code);
  if (size === undefined) return null;
  if ("bhilqn".includes(code)) {
    const half = 1n << BigInt(size * 8 - 1);
    return [-half, half - 1n];
  }
  if ("BHILQNP".includes(code)) return [0n, (1n << BigInt(size * 8)) - 1n];
  return null;
}

/** Write one integer item (already range-checked) at `off`. */
export function packInt(dv: DataView, off: number, code: string, v: bigint): void {
  const size = NATIVE_SIZE.get(code) ?? 0;
  const u = BigInt.asUintN(size * 8, v);
  for (let k = 0; k < size; k++) dv.setUint8(off + k, Number((u >> BigInt(8 * k)) & 0xffn));
}

/** Write one floating item at `off` ('f' rounds to binary32; 'e' to binary16). */
export function packFloat(dv: DataView, off: number, code: string, v: number): void {
  if (code === "d") dv.setFloat64(off, v, true);
  else if (code === "f") dv.setFloat32(off, v, true);
  else dv.setUint16(off, floatToHalf(v), true);
}

/** number → IEEE 754 binary16, round half to even (overflow to infinity; the caller rejects it). */
function floatToHalf(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (Number.isNaN(v)) return 0x7e00;
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -24 / 2) return sign;
  let e = Math.floor(Math.log2(a));
  if (e < -14) {
    const m = Math.round(roundEven(a / 2 ** -24));
    return sign | m;
  }
  if (2 ** e > a) e--;
  let m = roundEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

function roundEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
