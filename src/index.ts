/**
 * poick's public entry point. `createRuntime(config)` is the usual door; the memory layer is also
 * usable alone (Heap, OsLayer, RawAllocator, Pymalloc) for allocator experiments without a runtime.
 */

export { createRuntime, RuntimeCore } from "./runtime/runtime.js";
export type { Runtime, CApiOf } from "./runtime/runtime.js";
export { ConfigError, resolveConfig, ALLOCATOR_NAMES } from "./runtime/config.js";
export type { RuntimeConfig, ResolvedConfig, AllocatorName } from "./runtime/config.js";
export { Mimalloc, checkMimalloc, walkMimalloc } from "./alloc/mimalloc/mimalloc.js";
export { MimallocWorker, WorkerTaskError, startMimallocWorkers } from "./alloc/mimalloc/workers/pool.js";
export type { MimallocWorkers } from "./alloc/mimalloc/workers/pool.js";
export type { WorkerTasks, WorkerTaskName } from "./alloc/mimalloc/workers/protocol.js";
export { Heap, HeapConfigError, PAGE_SIZE, DEFAULT_HEAP_MAX_BYTES, HEAP_MAX_LIMIT, ROOT, formatAddress } from "./alloc/heap.js";
export type { HeapOptions, HeapStats } from "./alloc/heap.js";
export { OsLayer, InvalidUnmapError } from "./alloc/os.js";
export type { OsStats } from "./alloc/os.js";
export { PoickError, InvalidPointerError, HeapCorruptionError } from "./alloc/errors.js";
export type { Allocator, PyMemAllocatorEx, PyObjectArenaAllocator, PyMemAllocatorDomain } from "./alloc/allocator.js";
export { PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ } from "./alloc/allocator.js";
export { StringSink } from "./alloc/sink.js";
export type { TextSink } from "./alloc/sink.js";
export { PyMemory } from "./alloc/memory.js";
export type { MemoryOptions, MemorySettings } from "./alloc/memory.js";
export { FatalError } from "./alloc/fatal.js";
export type { CurrentAllocatorName } from "./alloc/domains/names.js";
export type { NullMemAllocator } from "./alloc/domains/table.js";
export { RawAllocator, checkRaw } from "./alloc/raw/raw-allocator.js";
export type { RawStats } from "./alloc/raw/raw-allocator.js";
export { Pymalloc, checkPymalloc, osArenaAllocator } from "./alloc/pymalloc/pymalloc.js";
export type { PymallocOptions, PymallocStats } from "./alloc/pymalloc/pymalloc.js";
