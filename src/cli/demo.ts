/**
 * `poick demo` (what `npm start` runs): a tour of everything poick has so far, each section driving
 * the real C API on a real heap and printing what the heap says. It grows with the project.
 */

import { createRuntime } from "../runtime/runtime.js";
import type { Runtime } from "../runtime/runtime.js";
import { StringSink } from "../alloc/sink.js";
import { FatalError } from "../alloc/fatal.js";
import { InvalidPointerError } from "../alloc/errors.js";
import { formatAddress } from "../alloc/heap.js";
import { bytes, heading, indent, table } from "./report.js";

/** A deterministic generator so every run of the demo prints the same numbers. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function heapSection(rt: Runtime, out: (s: string) => void): void {
  const h = rt.heap.stats();
  out(heading("1. The heap: one SharedArrayBuffer, mapped by the OS layer"));
  out(
    table([
      ["reserved (heap_max_bytes)", bytes(h.reservedBytes)],
      ["committed (buffer length)", bytes(h.committedBytes)],
      ["mapped now", bytes(h.mappedBytes)],
      ["peak mapped", bytes(h.peakMappedBytes)],
      ["mmap / munmap calls", `${h.mapCalls} / ${h.unmapCalls}`],
    ]),
  );
  const maps = rt.mem.os.mappings();
  out(`  mappings (${maps.length}):\n`);
  for (const [addr, size] of maps.slice(0, 8)) out(`    ${formatAddress(addr).padEnd(12)} ${bytes(size)}\n`);
  if (maps.length > 8) out(`    ... ${maps.length - 8} more\n`);
}

function rawSection(out: (s: string) => void): void {
  out(heading('2. The raw allocator (PYTHONMALLOC=malloc): boundary tags over the OS layer'));
  const rt = createRuntime({ allocator: "malloc", heap_max_bytes: 256 * 1024 * 1024 });
  const base = rt.mem.raw.stats(); // the runtime's own objects already live here under "malloc"
  const rnd = lcg(2);
  const live: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const big = rnd() < 0.01;
    const p = rt.PyMem_RawMalloc(big ? 200_000 + Math.floor(rnd() * 100_000) : 1 + Math.floor(rnd() * 2000));
    live.push(p);
    if (rnd() < 0.4) rt.PyMem_RawFree(live.splice(Math.floor(rnd() * live.length), 1)[0]);
  }
  const s = rt.mem.raw.stats();
  out("  4,000 mixed mallocs (1% above the 128 KiB mmap threshold), 40% freed at random:\n");
  out(
    table([
      ["live blocks", s.liveBlocks],
      ["bytes in use / peak", `${bytes(s.bytesInUse)} / ${bytes(s.peakBytesInUse)}`],
      ["free bytes in regions", bytes(s.freeBytes)],
      ["largest free block", bytes(s.largestFreeBlock)],
      ["fragmentation", `${(s.fragmentation * 100).toFixed(1)} %`],
      ["regions / mmapped chunks", `${s.regions} / ${s.mmappedChunks}`],
      ["mapped from the OS layer", bytes(s.mappedBytes)],
    ]),
  );
  const victim = live[live.length - 1];
  rt.PyMem_RawFree(victim);
  try {
    rt.PyMem_RawFree(victim);
  } catch (err) {
    if (!(err instanceof InvalidPointerError)) throw err;
    out(`  a second free of the same block is refused, heap untouched:\n    ${err.name}: ${err.message}\n`);
  }
  for (const p of live.slice(0, -1)) rt.PyMem_RawFree(p);
  const after = rt.mem.raw.stats();
  const trimmed = rt.mem.raw.trim();
  out(`  after freeing everything: ${after.liveBlocks - base.liveBlocks} live blocks of the workload left; the runtime's own\n`);
  out(`  ${base.liveBlocks} blocks (${bytes(base.bytesInUse)}) remain, ${bytes(after.mappedBytes)} mapped for blocks;\n`);
  out(`  trim() (malloc_trim) returns ${trimmed}: ${bytes(rt.mem.raw.stats().mappedBytes)} mapped for blocks\n`);
}

function pymallocSection(out: (s: string) => void): void {
  out(heading("3. pymalloc (the default): arenas, pools, size classes"));
  const err = new StringSink();
  const rt = createRuntime({ stderr: err });
  const rnd = lcg(3);
  const live: number[] = [];
  for (let i = 0; i < 30000; i++) live.push(rt.PyObject_Malloc(1 + Math.floor(rnd() * 512)));
  for (let i = 0; i < live.length; i += 2) rt.PyObject_Free(live[i]);
  out(`  30,000 PyObject_Malloc calls of 1..512 bytes, every other block freed.\n`);
  out(`  sys.getallocatedblocks() = ${rt.sys.getallocatedblocks()}\n`);
  out(`  sys._debugmallocstats() writes to stderr:\n\n`);
  rt.sys._debugmallocstats();
  out(indent(err.text, "    "));
  rt.mem.pymalloc?.check();
  out(`  checkPymalloc(): every ring, free list, arena list and radix-tree entry is consistent.\n`);
}

function debugHooksSection(out: (s: string) => void): void {
  out(heading("4. Debug hooks (PYTHONMALLOC=pymalloc_debug): a buffer overflow caught"));
  const err = new StringSink();
  const rt = createRuntime({ allocator: "pymalloc_debug", stderr: err });
  const p = rt.PyMem_Malloc(40);
  rt.heap.u8.fill(0x41, p, p + 40);
  rt.heap.u8.fill(0x42, p + 40, p + 43); // three bytes past the end
  out(`  PyMem_Malloc(40) = ${formatAddress(p)}; 43 bytes written; PyMem_Free(p):\n\n`);
  try {
    rt.PyMem_Free(p);
  } catch (e) {
    if (!(e instanceof FatalError)) throw e;
    out(indent(e.report, "    "));
    out(`\n  -> ${e.name} thrown (CPython would abort with status ${e.exitStatus}); this runtime is now failed,\n`);
    out(`     every other runtime in the process carries on.\n`);
  }
}

function tracemallocSection(out: (s: string) => void): void {
  out(heading("5. tracemalloc: who allocated what"));
  const err = new StringSink();
  const rt = createRuntime({ allocator: "pymalloc_debug", stderr: err });
  const tm = rt.tracemalloc;
  tm.start(5);
  // Until the interpreter exists, frames are pushed by hand: app.py calls build() which calls make().
  tm.pushFrame("app.py", 10);
  const keep: number[] = [];
  for (let i = 0; i < 50; i++) {
    tm.pushFrame("build.py", 3);
    for (let j = 0; j < 4; j++) {
      tm.pushFrame("make.py", 7 + (j % 2));
      keep.push(rt.PyObject_Malloc(64 + 32 * j));
      tm.popFrame();
    }
    tm.popFrame();
  }
  tm.setLine(12);
  const big = rt.PyMem_Malloc(10_000);
  const [current, peak] = tm.get_traced_memory();
  out(`  tracemalloc.start(5); 200 objects made in make.py, one 10,000-byte buffer in app.py\n`);
  out(`  get_traced_memory() = (${current}, ${peak}); tracemalloc's own tables: ${tm.get_tracemalloc_memory()} bytes in the heap\n\n`);
  const snapshot = tm.take_snapshot();
  out("  snapshot.statistics('lineno'):\n");
  for (const stat of snapshot.statistics("lineno")) out(`    ${stat}\n`);
  out("\n  snapshot.statistics('traceback')[0].traceback.format():\n");
  for (const line of snapshot.statistics("traceback")[0].traceback.format()) out(`    ${line}\n`);
  // The same overflow as before, now with the allocation's traceback in the report.
  rt.heap.u8[big + 10_000] = 0;
  try {
    rt.PyMem_Free(big);
  } catch (e) {
    if (!(e instanceof FatalError)) throw e;
    const lines = e.report.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Memory block allocated at"));
    out("\n  a one-byte overflow of the buffer, reported with where it was allocated:\n");
    out(indent(lines.slice(at, at + 4).join("\n"), "    ") + "\n");
  }
}

function objectsSection(out: (s: string) => void): void {
  out(heading("6. Objects: CPython 3.14's layouts, reference counts and errors"));
  const rt = createRuntime({ ref_debug: true, use_hash_seed: true, hash_seed: 0 });
  const total0 = rt.sys.gettotalrefcount();
  const blocks0 = rt.sys.getallocatedblocks();
  const repr = (op: number): string => {
    const r = rt.PyObject_Repr(op);
    const text = rt.PyUnicode_AsUTF8(r);
    rt.Py_DECREF(r);
    return text ?? "<error>";
  };
  const big = rt.PyLong_FromString("123456789012345678901234567890", null, 10);
  const s = rt.PyUnicode_FromString("h\u00e9llo \u{1F600}");
  const t = rt.PyTuple_Pack(3, big, s, rt.Py_None);
  out(`  t = ${repr(t)}\n`);
  out(`  sys.getsizeof: int ${rt.sys.getsizeof(big)}, str ${rt.sys.getsizeof(s)}, tuple ${rt.sys.getsizeof(t)} bytes\n`);
  out(`  refcounts: int ${rt.Py_REFCNT(big)} (one of them held by the tuple), None ${rt.Py_REFCNT(rt.Py_None)} (immortal)\n`);
  out(`  hash(str) with PYTHONHASHSEED=0: ${rt.PyObject_Hash(s)}\n`);
  rt.PyErr_SetString(rt.PyExc_ValueError, "invalid literal for demo");
  const exc = rt.PyErr_GetRaisedException();
  out(`  an exception object in the heap: ${rt.objects.err.formatException(exc)}\n`);
  rt.Py_DECREF(exc);
  for (const op of [t, s, big]) rt.Py_DECREF(op);
  rt._PyObject_ClearFreeLists();
  out(`  after releasing everything: total refcount ${rt.sys.gettotalrefcount() - total0 >= 0 ? "+" : ""}${rt.sys.gettotalrefcount() - total0}, allocated blocks ${rt.sys.getallocatedblocks() - blocks0 >= 0 ? "+" : ""}${rt.sys.getallocatedblocks() - blocks0}\n`);
}

function containersSection(out: (s: string) => void): void {
  out(heading("7. Containers and the cyclic GC"));
  const rt = createRuntime({ ref_debug: true, use_hash_seed: true, hash_seed: 0 });
  const total0 = rt.sys.gettotalrefcount();
  const l = rt.PyList_New(0);
  const sizes: number[] = [rt.sys.getsizeof(l)];
  for (let i = 0; i < 17; i++) {
    const n = rt.PyLong_FromLong(1000 + i);
    rt.PyList_Append(l, n);
    rt.Py_DECREF(n);
    const size = rt.sys.getsizeof(l);
    if (size !== sizes[sizes.length - 1]) sizes.push(size);
  }
  out(`  list growth while appending 17 ints (CPython's over-allocation): ${sizes.join(" -> ")} bytes\n`);
  const d = rt.PyDict_New();
  const dictSizes: number[] = [rt.sys.getsizeof(d)];
  for (let i = 0; i < 12; i++) {
    rt.PyDict_SetItemString(d, `key${i}`, rt.Py_None);
    const size = rt.sys.getsizeof(d);
    if (size !== dictSizes[dictSizes.length - 1]) dictSizes.push(size);
  }
  out(`  dict growth over 12 str keys (compact table, 1-byte indices): ${dictSizes.join(" -> ")} bytes\n`);
  // A cycle: the list holds the dict, the dict holds the list. Reference counting cannot free it.
  rt.PyDict_SetItemString(d, "back", l);
  rt.PyList_Append(l, d);
  const s = rt.PySet_New(0);
  const ref = rt.PyWeakref_NewRef(s, 0);
  rt.PyList_Append(l, s);
  rt.Py_DECREF(s);
  rt.Py_DECREF(l);
  rt.Py_DECREF(d);
  out(`  list <-> dict cycle dropped: gc.get_count() = [${rt.gc.get_count().join(", ")}], the set inside is still alive: ${rt.PyWeakref_IsDead(ref) === 0}\n`);
  const found = rt.gc.collect();
  out(`  gc.collect() = ${found} (list, dict and the set they held); weakref to the set now dead: ${rt.PyWeakref_IsDead(ref) === 1}\n`);
  rt.Py_DECREF(ref);
  rt._PyObject_ClearFreeLists();
  const delta = rt.sys.gettotalrefcount() - total0;
  out(`  after collecting: total refcount ${delta >= 0 ? "+" : ""}${delta}\n`);
}

export function runDemo(env: Record<string, string | undefined>, out: (s: string) => void = (s) => process.stdout.write(s)): number {
  out("poick: CPython 3.14's memory machinery on a SharedArrayBuffer heap\n");
  const rt = createRuntime({ env });
  out(`runtime created with allocator '${rt.mem.allocatorName() ?? "(custom)"}' from the environment\n`);
  const blocks: number[] = [];
  for (let i = 0; i < 1000; i++) blocks.push(rt.PyObject_Malloc(64));
  heapSection(rt, out);
  rawSection(out);
  pymallocSection(out);
  debugHooksSection(out);
  tracemallocSection(out);
  objectsSection(out);
  containersSection(out);
  for (const p of blocks) rt.PyObject_Free(p);
  out("\n");
  return 0;
}
