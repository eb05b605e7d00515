/**
 * GC list primitives over PyGC_Head words in the heap (Python/gc.c "list functions" and the
 * pycore_gc.h accessors). Every function takes the heap's current Uint32Array and PyGC_Head
 * addresses (g = op − 16); none allocates, so a view stays valid for the duration of a call.
 *
 * Pointer words keep the address in the low u32 with the flag bits 0-1 (see layout.ts); the high
 * u32 is 0 except while _gc_prev holds a gc_refs count of 2^30 or more.
 */

import { _PyGC_PREV_MASK_COLLECTING, _PyGC_PREV_MASK_FINALIZED } from "./layout.js";

const FLAGS = 3;
const ADDR = ~3 >>> 0;

/** _PyGCHead_NEXT: the next head, flags stripped. */
export function gcNext(u32: Uint32Array, g: number): number {
  return (u32[g >>> 2] & ADDR) >>> 0;
}

/** _PyGCHead_PREV. */
export function gcPrev(u32: Uint32Array, g: number): number {
  return (u32[(g + 8) >>> 2] & ADDR) >>> 0;
}

/** _PyGCHead_SET_NEXT: keep g's next-flags, store the address. */
export function setNext(u32: Uint32Array, g: number, next: number): void {
  const i = g >>> 2;
  u32[i] = (u32[i] & FLAGS) | next;
}

/** _PyGCHead_SET_PREV: keep g's prev-flags (FINALIZED, COLLECTING), store the address. */
export function setPrev(u32: Uint32Array, g: number, prev: number): void {
  const i = (g + 8) >>> 2;
  u32[i] = (u32[i] & FLAGS) | prev;
  u32[i + 1] = 0;
}

/** gc_list_init: an empty circular list. */
export function listInit(u32: Uint32Array, head: number): void {
  const i = head >>> 2;
  u32[i] = head;
  u32[i + 1] = 0;
  u32[i + 2] = head;
  u32[i + 3] = 0;
}

export function listIsEmpty(u32: Uint32Array, head: number): boolean {
  return u32[head >>> 2] === head;
}

/** gc_list_append: node at the tail of list (list head has no flags). */
export function listAppend(u32: Uint32Array, node: number, list: number): void {
  const last = u32[(list + 8) >>> 2];
  setPrev(u32, node, last);
  setNext(u32, last, node);
  setNext(u32, node, list);
  u32[(list + 8) >>> 2] = node;
}

/** gc_list_remove: unlink and mark untracked (_gc_next = 0). */
export function listRemove(u32: Uint32Array, node: number): void {
  const prev = gcPrev(u32, node);
  const next = gcNext(u32, node);
  setNext(u32, prev, next);
  setPrev(u32, next, prev);
  u32[node >>> 2] = 0;
}

/** gc_list_move: unlink node from wherever it is and append it to list. */
export function listMove(u32: Uint32Array, node: number, list: number): void {
  const fromPrev = gcPrev(u32, node);
  const fromNext = gcNext(u32, node);
  setNext(u32, fromPrev, fromNext);
  setPrev(u32, fromNext, fromPrev);
  const toPrev = u32[(list + 8) >>> 2];
  setPrev(u32, node, toPrev);
  setNext(u32, toPrev, node);
  u32[(list + 8) >>> 2] = node;
  setNext(u32, node, list);
}

/** gc_list_merge: append `from` onto `to`; `from` becomes empty. */
export function listMerge(u32: Uint32Array, from: number, to: number): void {
  if (!listIsEmpty(u32, from)) {
    const toTail = gcPrev(u32, to);
    const fromHead = gcNext(u32, from);
    const fromTail = gcPrev(u32, from);
    setNext(u32, toTail, fromHead);
    setPrev(u32, fromHead, toTail);
    setNext(u32, fromTail, to);
    setPrev(u32, to, fromTail);
  }
  listInit(u32, from);
}

/** gc_list_size. */
export function listSize(u32: Uint32Array, list: number): number {
  let n = 0;
  for (let g = gcNext(u32, list); g !== list; g = gcNext(u32, g)) n++;
  return n;
}

/** gc_list_clear_collecting. */
export function listClearCollecting(u32: Uint32Array, list: number): void {
  for (let g = gcNext(u32, list); g !== list; g = gcNext(u32, g)) u32[(g + 8) >>> 2] &= ~_PyGC_PREV_MASK_COLLECTING;
}

/** gc_list_set_space: set the old-space bit of every member to `space` (incremental only); returns the size. */
export function listSetSpace(u32: Uint32Array, list: number, space: number): number {
  let n = 0;
  for (let g = gcNext(u32, list); g !== list; g = gcNext(u32, g)) {
    u32[g >>> 2] = (u32[g >>> 2] & ~1) | space;
    n++;
  }
  return n;
}

/** The members of a list as object addresses (for reporting; allocates a JS array). */
export function listObjects(u32: Uint32Array, list: number): number[] {
  const out: number[] = [];
  for (let g = gcNext(u32, list); g !== list; g = gcNext(u32, g)) out.push(g + 16);
  return out;
}

// ---- gc_refs in _gc_prev -----------------------------------------------------------------------

const TWO30 = 1073741824;

/** gc_get_refs: _gc_prev >> 2 as a 64-bit quantity. */
export function getRefs(u32: Uint32Array, g: number): number {
  const i = (g + 8) >>> 2;
  return (u32[i] >>> 2) + u32[i + 1] * TWO30;
}

/** gc_set_refs: keep the two flag bits, store refs. */
export function setRefs(u32: Uint32Array, g: number, refs: number): void {
  const i = (g + 8) >>> 2;
  u32[i] = ((u32[i] & FLAGS) | ((refs % TWO30) << 2)) >>> 0;
  u32[i + 1] = Math.floor(refs / TWO30);
}

/** gc_reset_refs: FINALIZED kept, COLLECTING set, refs stored. */
export function resetRefs(u32: Uint32Array, g: number, refs: number): void {
  const i = (g + 8) >>> 2;
  if (refs < TWO30) {
    u32[i] = ((u32[i] & _PyGC_PREV_MASK_FINALIZED) | _PyGC_PREV_MASK_COLLECTING | (refs << 2)) >>> 0;
    u32[i + 1] = 0;
  } else {
    u32[i] = ((u32[i] & _PyGC_PREV_MASK_FINALIZED) | _PyGC_PREV_MASK_COLLECTING | ((refs % TWO30) << 2)) >>> 0;
    u32[i + 1] = Math.floor(refs / TWO30);
  }
}

/** gc_decref: refs − 1 (the caller knows refs > 0). */
export function decRefs(u32: Uint32Array, g: number): void {
  const i = (g + 8) >>> 2;
  const lo = u32[i];
  if (lo >= 4) u32[i] = lo - 4;
  else {
    u32[i + 1] -= 1;
    u32[i] = (lo | 0xfffffffc) >>> 0;
  }
}
