/**
 * The text of _PyObject_DebugDumpAddress: what the debug hooks print about a block before a fatal
 * error (reference §3.5), followed by the tracemalloc section.
 *
 * Same text as CPython byte for byte, with one deliberate difference: CPython reads the trailing pads
 * and the last data bytes wherever a (possibly garbage) size points, and segfaults when that is not
 * mapped (observed for a double free). poick never reads outside the heap: the header must be readable
 * (the caller checks), data bytes outside the heap are not printed, and trailing pads outside the heap
 * print `    The 8 pad bytes at tail=<addr> are outside the heap: not checked.`
 *
 * The API id is printed as the character whose code is the byte (U+0000–U+00FF): CPython writes the
 * raw byte, so '\xdd' after a double free is the single character U+00DD ('Ý') here.
 */

import { FORBIDDENBYTE, HEADER_BYTES, SST, readSizeExact } from "./layout.js";

const TWO_POW_64 = 2n ** 64n;

/** What _PyMem_DumpTraceback prints when tracemalloc is not tracing. */
export const TRACEMALLOC_DISABLED_TEXT = "Enable tracemalloc to get the memory block allocation traceback\n\n";

/** %p on Linux for a 64-bit value. */
export function formatPointer(addr: bigint): string {
  return addr === 0n ? "(nil)" : "0x" + addr.toString(16);
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

/** Can the header [p-16, p) be read? The dump and the checks need it. */
export function headerReadable(u8: Uint8Array, p: number): boolean {
  return p >= HEADER_BYTES && p <= u8.length;
}

/**
 * The dump of the block at p (p ≠ 0, header readable), ending with the empty line and `traceback`
 * (the _PyMem_DumpTraceback part, e.g. TRACEMALLOC_DISABLED_TEXT).
 */
export function dumpDebugBlock(u8: Uint8Array, p: number, traceback: string): string {
  const len = u8.length;
  const lines: string[] = [];
  lines.push(`Debug memory block at address p=${formatPointer(BigInt(p))}: API '${String.fromCharCode(u8[p - SST])}'`);
  const nbytes = readSizeExact(u8, p - HEADER_BYTES);
  lines.push(`    ${nbytes} bytes originally requested`);

  let leadingOk = true;
  for (let i = 1; i <= SST - 1; i++) if (u8[p - i] !== FORBIDDENBYTE) leadingOk = false;
  if (leadingOk) {
    lines.push(`    The ${SST - 1} pad bytes at p-${SST - 1} are FORBIDDENBYTE, as expected.`);
  } else {
    lines.push(`    The ${SST - 1} pad bytes at p-${SST - 1} are not all FORBIDDENBYTE (0x${hex2(FORBIDDENBYTE)}):`);
    for (let i = SST - 1; i >= 1; i--) {
      const b = u8[p - i];
      lines.push(`        at p-${i}: 0x${hex2(b)}${b !== FORBIDDENBYTE ? " *** OUCH" : ""}`);
    }
    lines.push("    Because memory is corrupted at the start, the count of bytes requested");
    lines.push("       may be bogus, and checking the trailing pad bytes may segfault.");
  }

  const tailBig = (BigInt(p) + nbytes) % TWO_POW_64;
  const tail = Number(tailBig);
  const prefix = `    The ${SST} pad bytes at tail=${formatPointer(tailBig)} are `;
  if (tail + SST > len) {
    lines.push(prefix + "outside the heap: not checked.");
  } else {
    let ok = true;
    for (let i = 0; i < SST; i++) if (u8[tail + i] !== FORBIDDENBYTE) ok = false;
    if (ok) {
      lines.push(prefix + "FORBIDDENBYTE, as expected.");
    } else {
      lines.push(prefix + `not all FORBIDDENBYTE (0x${hex2(FORBIDDENBYTE)}):`);
      for (let i = 0; i < SST; i++) {
        const b = u8[tail + i];
        lines.push(`        at tail+${i}: 0x${hex2(b)}${b !== FORBIDDENBYTE ? " *** OUCH" : ""}`);
      }
    }
  }

  if (nbytes > 0n) lines.push("    Data at p:" + dataBytes(u8, p, tail));
  return lines.join("\n") + "\n\n" + traceback;
}

/** Up to 8 bytes from p, then " ..." and the last 8 before tail when more than 8 remain; bytes outside
 * the heap are left out. (A tail that wrapped below p prints nothing, as the C pointer loop does.) */
function dataBytes(u8: Uint8Array, p: number, tail: number): string {
  const len = u8.length;
  let s = "";
  let q = p;
  let i = 0;
  while (q < tail && i < 8) {
    if (q >= len) return s;
    s += " " + hex2(u8[q]);
    i++;
    q++;
  }
  if (q < tail) {
    if (tail - q > 8) {
      s += " ...";
      q = tail - 8;
    }
    while (q < tail && q < len) {
      s += " " + hex2(u8[q]);
      q++;
    }
  }
  return s;
}

