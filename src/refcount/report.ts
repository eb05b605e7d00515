/**
 * The text CPython's debug builds print about a broken object: _PyObject_AssertFailed (used by
 * _Py_NegativeRefcount, "object has negative ref count") and _PyObject_Dump. The caller turns the
 * text into a FatalError through the memory system (Py_FatalError("_PyObject_AssertFailed")).
 *
 *   <file>:<line>: <function>: Assertion failed: <message>
 *   <tracemalloc traceback of the block, or "Enable tracemalloc to get ..." and a blank line>
 *   object address  : 0x...
 *   object refcount : <n>
 *   object type     : 0x...
 *   object type name: <tp_name>
 *   object repr     : <repr>
 *   <blank line>
 *
 * When the memory looks freed (_PyObject_IsFreed: the object or its type pointer is one of the debug
 * allocator's fill patterns, NULL-ish or -1-ish) the traceback and dump are replaced by
 * "<object at 0x... is freed>".
 *
 * <file>:<line> is where C would have expanded the Py_DECREF macro; poick reports the JavaScript
 * caller: the first stack frame outside src/refcount, relative to the working directory.
 */

import { formatAddress, type Heap } from "../alloc/heap.js";
import { OB_TYPE } from "./object-layout.js";

export interface DumpHost {
  readonly heap: Heap;
  /** tp_name of a type, or null when it cannot be read. */
  typeName(type: number): string | null;
  /** repr(op) as text (poick's stand-in for PyObject_Print until str exists). */
  reprText(op: number): string;
  /** _PyType_PreHeaderSize(type). */
  preHeaderSize(type: number): number;
  /** _PyMem_DumpTraceback for a block (tracemalloc), including its trailing blank line. */
  blockTraceback(ptr: number): string;
}

/** _PyMem_IsPtrFreed on a 64-bit pointer value given as (low, high) halves. */
export function isPtrFreed(lo: number, hi: number): boolean {
  if (hi === 0 && lo <= 0xff) return true;
  if (hi === lo && (lo === 0xcdcdcdcd || lo === 0xdddddddd || lo === 0xfdfdfdfd)) return true;
  return hi === 0xffffffff && lo >= 0xffffff00;
}

/** _PyObject_IsFreed: the object pointer or its ob_type looks like freed memory. */
export function objectIsFreed(heap: Heap, op: number): boolean {
  if (isPtrFreed(op >>> 0, 0)) return true;
  const u32 = heap.u32;
  const i = (op + OB_TYPE) >>> 2;
  if (i + 1 >= u32.length) return true;
  return isPtrFreed(u32[i], u32[i + 1]);
}

/** _PyObject_Dump's text. */
export function formatObjectDump(host: DumpHost, op: number): string {
  const heap = host.heap;
  if (objectIsFreed(heap, op)) return `<object at ${formatAddress(op)} is freed>\n`;
  const u32 = heap.u32;
  const type = u32[(op + OB_TYPE) >>> 2];
  let s = `object address  : ${formatAddress(op)}\n`;
  s += `object refcount : ${u32[op >>> 2]}\n`;
  s += `object type     : ${formatAddress(type)}\n`;
  s += `object type name: ${type === 0 ? "NULL" : (host.typeName(type) ?? "NULL")}\n`;
  let repr: string;
  try {
    repr = host.reprText(op);
  } catch {
    repr = "<repr failed>";
  }
  s += `object repr     : ${repr}\n`;
  return s;
}

/** Everything _PyObject_AssertFailed writes before calling Py_FatalError. */
export function formatAssertFailed(
  host: DumpHost,
  op: number,
  expr: string | null,
  msg: string | null,
  where: SourceLocation,
  func: string | null,
): string {
  let s = `${where.file}:${where.line}: `;
  if (func !== null) s += `${func}: `;
  s += expr !== null ? `Assertion "${expr}" failed` : "Assertion failed";
  if (msg !== null) s += `: ${msg}`;
  s += "\n";
  const heap = host.heap;
  if (objectIsFreed(heap, op)) {
    s += `<object at ${formatAddress(op)} is freed>\n`;
  } else {
    const type = heap.u32[(op + OB_TYPE) >>> 2];
    s += host.blockTraceback(op - host.preHeaderSize(type));
    s += formatObjectDump(host, op);
    s += "\n";
  }
  return s;
}

export interface SourceLocation {
  file: string;
  line: number;
}

/** The first JavaScript caller outside the object ABI (src/refcount), as C's __FILE__/__LINE__. */
export function callerLocation(): SourceLocation {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    let file = m[1].replace(/^file:\/\//, "");
    if (/[\\/]src[\\/]refcount[\\/]/.test(file) || file.startsWith("node:")) continue;
    const cwd = typeof process !== "undefined" ? process.cwd() + "/" : "";
    if (cwd !== "/" && file.startsWith(cwd)) file = file.slice(cwd.length);
    return { file, line: Number(m[2]) };
  }
  return { file: "<unknown>", line: 0 };
}
