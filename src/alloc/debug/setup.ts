/**
 * PyMem_SetupDebugHooks for one runtime: wraps whatever each domain holds with the debug hooks.
 *
 * DebugState is CPython's _PyMem_Debug: one DebugApi per domain, made once per runtime, so the
 * installed debug structs of a runtime are always the same three (ctx, functions) and can be
 * recognised by the allocator-name logic.
 *
 * Invariant (idempotence per domain): a domain whose malloc already is the debug hook's is left alone,
 * so calling setup twice equals calling it once; a domain a user replaced afterwards gets wrapped again.
 */

import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, PYMEM_DOMAIN_RAW } from "../allocator.js";
import type { PyMemAllocatorEx, PyMemAllocatorDomain } from "../allocator.js";
import type { AllocatorTable } from "../domains/table.js";
import { DebugApi, debugAllocatorStruct, debugMalloc, debugRawMalloc } from "./hooks.js";
import type { DebugHost } from "./hooks.js";
import { API_MEM, API_OBJ, API_RAW } from "./layout.js";

export class DebugState {
  readonly raw: DebugApi;
  readonly mem: DebugApi;
  readonly obj: DebugApi;
  /** The structs each domain holds while its hooks are installed. */
  readonly rawStruct: PyMemAllocatorEx;
  readonly memStruct: PyMemAllocatorEx;
  readonly objStruct: PyMemAllocatorEx;

  /** `initial` is what each hook wraps until setup copies the domain's allocator in (CPython's
   * static initialiser uses the build's default allocators). */
  constructor(host: DebugHost, initial: AllocatorTable) {
    this.raw = new DebugApi(API_RAW, initial.raw, host);
    this.mem = new DebugApi(API_MEM, initial.mem, host);
    this.obj = new DebugApi(API_OBJ, initial.obj, host);
    this.rawStruct = debugAllocatorStruct(this.raw);
    this.memStruct = debugAllocatorStruct(this.mem);
    this.objStruct = debugAllocatorStruct(this.obj);
  }
}

/** _PyMem_SetupDebugHooksDomain. */
export function setupDebugHooksDomain(table: AllocatorTable, state: DebugState, domain: PyMemAllocatorDomain): void {
  if (domain === PYMEM_DOMAIN_RAW) {
    if (table.raw.malloc === debugRawMalloc) return;
    state.raw.wrap(table.raw);
    table.set(PYMEM_DOMAIN_RAW, state.rawStruct);
  } else if (domain === PYMEM_DOMAIN_MEM) {
    if (table.mem.malloc === debugMalloc) return;
    state.mem.wrap(table.mem);
    table.set(PYMEM_DOMAIN_MEM, state.memStruct);
  } else if (domain === PYMEM_DOMAIN_OBJ) {
    if (table.obj.malloc === debugMalloc) return;
    state.obj.wrap(table.obj);
    table.set(PYMEM_DOMAIN_OBJ, state.objStruct);
  }
}

/** PyMem_SetupDebugHooks: RAW, MEM, OBJ in that order. */
export function setupDebugHooks(table: AllocatorTable, state: DebugState): void {
  setupDebugHooksDomain(table, state, PYMEM_DOMAIN_RAW);
  setupDebugHooksDomain(table, state, PYMEM_DOMAIN_MEM);
  setupDebugHooksDomain(table, state, PYMEM_DOMAIN_OBJ);
}

/** _PyMem_DebugEnabled: the OBJ domain holds the debug hook. */
export function debugEnabled(table: AllocatorTable): boolean {
  return table.obj.malloc === debugMalloc;
}
