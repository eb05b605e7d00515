/**
 * Contender "pymalloc-debug": pymalloc under the PYTHONMALLOC debug hooks, as `PYTHONMALLOC=pymalloc_debug`
 * installs them: a whole PyMemory (src/alloc/memory.ts) driven through PyObject_Malloc/Realloc/Free,
 * so each call pays the OBJ entry point, the thread-state check, the 24-byte header/trailer, the 0xCD
 * fill on malloc, the pad checks and the 0xDD fill on free (CPython's hooks cost 1.5-2x plain pymalloc).
 * Requests above 488 bytes become > 512 with the decorations and fall through to the RAW domain, which
 * has its own hooks, exactly as in CPython.
 */

import { PyMemory } from "../../src/alloc/memory.js";
import { processStderr } from "../../src/alloc/sink.js";
import { resolveConfig } from "../../src/runtime/config.js";
import { BENCH_HEAP_MAX_BYTES, describeOs, type BenchAllocator, type Contender } from "../contender.js";

const pymallocDebug: Contender = {
  name: "pymalloc-debug",
  role: "poick",
  order: 31,
  description: "poick pymalloc under the debug hooks (PyMemory 'pymalloc_debug', PyObject_Malloc/Free)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const mem = new PyMemory(resolveConfig({ allocator: "pymalloc_debug", use_environment: false, heap_max_bytes: BENCH_HEAP_MAX_BYTES, stderr: processStderr }));
    const allocator: BenchAllocator = {
      malloc: mem.PyObject_Malloc.bind(mem),
      realloc: mem.PyObject_Realloc.bind(mem),
      free: mem.PyObject_Free.bind(mem),
    };
    return { allocator, describe: () => describeOs(mem.os) };
  },
};

export default pymallocDebug;
