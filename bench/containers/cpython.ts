/**
 * The containers suite's CPython column: allocator calls per operation that CPython makes for the
 * same workload, derived from what a Python program can observe. `python3` runs once (one
 * spawnSync, bounded timeout) and replays every selected case, recording sys.getsizeof(container)
 * before the first operation and after every operation (consecutive repeats dropped); the rules
 * below turn each sequence of sizes into a number of calls. No python3 → no column, with a note.
 *
 * The rules (checked against CPython 3.14's Objects/*.c, default GIL build):
 *
 *   list append (list made before the window):  list_resize() grows ob_item with exactly one
 *       PyMem_Realloc (the first one from NULL), and sys.getsizeof(l) = basicsize + allocated × 8
 *       changes exactly when `allocated` does, so calls = number of size changes.
 *   dict insert of str keys (PyDict_New INSIDE the window, as in poick's case):
 *       - new_dict: the dicts free list, else PyObject_GC_New → 1 PyObject_Malloc;
 *       - the first insert (insert_to_emptydict) leaves the shared Py_EMPTY_KEYS for an 8-slot
 *         unicode keys object: the dictkeys free list, else 1 PyMem_Malloc (not PyObject_Malloc:
 *         new_keys_object uses PyMem_Malloc since 3.13);
 *       - every later size change is a dictresize: 1 PyMem_Malloc for the new keys and
 *         free_keys_object(old): an 8-slot unicode keys object goes back to the dictkeys free list
 *         (0 calls while it has room), any bigger one to PyMem_Free (1 call).
 *     The free-list state is not observable from Python, so the derivation assumes the state of
 *     poick's counted window: a fresh runtime, whose dicts and dictkeys free lists are empty
 *     (checked by tests/bench-containers-cpython.test.ts). With k size changes (k ≥ 1):
 *     1 + k + (k − 2 when k ≥ 2) calls. (A CPython process past start-up usually has both lists
 *     non-empty: 2 calls fewer — 3 per 1e5 ops at most, below the printed precision.)
 *   set add of ints (set made before the window, on its 8-slot smalltable): set_table_resize
 *       takes every bigger table from PyMem_Malloc (PyMem_NEW) and PyMem_Frees the old one unless
 *       it was the smalltable; sys.getsizeof(s) adds the table only when it is not the smalltable.
 *       k size changes → k + (k − 1) calls.
 *   lookups (dict lookup, set contains) allocate nothing: 0 calls, and the replay checks that the
 *       size never changes.
 *   list sort (merge_getmem's temporary arrays) is not observable this way: no CPython number.
 *
 * Growth rules (list over-allocation, dict GROWTH_RATE = used × 3, set ×4 / ×2 past 50,000) are the
 * same in 3.11, 3.13 and 3.14: the counts of size changes agree for N = 1 … 1e5 (checked with the
 * local python3 3.11, pyenv 3.13.0 and pyodide 3.14.2), so the local python3 is a fair oracle.
 */

import { spawnSync } from "node:child_process";

/** What the CPython replay does for a case (each mirrors a case in cases/*.ts, same data). */
export type CpythonWorkload = "list-append-int" | "dict-insert-str" | "set-add-int" | "dict-lookup-str" | "set-contains-int";

export const CPYTHON_WORKLOADS: readonly CpythonWorkload[] = ["list-append-int", "dict-insert-str", "set-add-int", "dict-lookup-str", "set-contains-int"];

/** Number of changes between consecutive sizes. */
function sizeChanges(sizes: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i] !== sizes[i - 1]) k++;
  return k;
}

/**
 * CPython's allocator calls over the whole window, from the getsizeof sequence (size before the
 * first operation, then after operations; repeats allowed). null when the sequence contradicts the
 * workload (a lookup that changed the size, an empty sequence).
 */
export function deriveCpythonCalls(workload: CpythonWorkload, sizes: readonly number[]): number | null {
  if (sizes.length === 0) return null;
  const k = sizeChanges(sizes);
  switch (workload) {
    case "list-append-int":
      return k;
    case "dict-insert-str":
      return 1 + k + Math.max(0, k - 2);
    case "set-add-int":
      return k === 0 ? 0 : 2 * k - 1;
    case "dict-lookup-str":
    case "set-contains-int":
      return k === 0 ? 0 : null;
  }
}

/** One replay request: `id` names it in the answer. */
export interface CpythonJob {
  id: string;
  workload: CpythonWorkload;
  ops: number;
}

export type CpythonReplay =
  | { ok: true; version: string; sizes: Map<string, number[]> }
  | { ok: false; note: string };

/**
 * The replay program: argv[1] is a JSON list of [id, workload, ops]; prints one JSON object
 * {version, sizes: {id: [...]}}. The data is the cases' (ints i + 1000, keys "key<i>", probes
 * equal but distinct strings, set probes 2i + 1000 with the even-indexed half present); containers
 * that poick makes in setup are made before recording starts.
 */
export const CPYTHON_REPLAY_SCRIPT = String.raw`
import sys, json
g = sys.getsizeof

def record(obj, sizes):
    s = g(obj)
    if s != sizes[-1]:
        sizes.append(s)

def list_append_int(n):
    items = [i + 1000 for i in range(n)]
    l = []
    sizes = [g(l)]
    for x in items:
        l.append(x)
        record(l, sizes)
    return sizes

def dict_insert_str(n):
    keys = ["key%d" % i for i in range(n)]
    d = {}
    sizes = [g(d)]
    for k in keys:
        d[k] = None
        record(d, sizes)
    return sizes

def set_add_int(n):
    items = [i + 1000 for i in range(n)]
    s = set()
    sizes = [g(s)]
    for x in items:
        s.add(x)
        record(s, sizes)
    return sizes

def dict_lookup_str(n):
    d = {}
    for i in range(n):
        d["key%d" % i] = None
    probes = ["key%d" % i for i in range(n)]
    sizes = [g(d)]
    for p in probes:
        d[p]
        record(d, sizes)
    return sizes

def set_contains_int(n):
    s = set()
    probes = []
    for i in range(n):
        o = 2 * i + 1000
        if i % 2 == 0:
            s.add(o)
        probes.append(o)
    sizes = [g(s)]
    for p in probes:
        p in s
        record(s, sizes)
    return sizes

work = {"list-append-int": list_append_int, "dict-insert-str": dict_insert_str, "set-add-int": set_add_int,
        "dict-lookup-str": dict_lookup_str, "set-contains-int": set_contains_int}
out = {}
for ident, kind, n in json.loads(sys.argv[1]):
    out[ident] = work[kind](n)
print(json.dumps({"version": sys.version.split()[0], "sizes": out}))
`;

/** Run the replay once for all jobs; never throws for a missing or failing interpreter. */
export function runCpythonReplay(python: string, jobs: readonly CpythonJob[], timeoutMs = 120_000): CpythonReplay {
  const arg = JSON.stringify(jobs.map((j) => [j.id, j.workload, j.ops]));
  const r = spawnSync(python, ["-c", CPYTHON_REPLAY_SCRIPT, arg], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, note: code === "ENOENT" ? `${python} not found: no CPython column` : `${python} failed (${r.error.message}): no CPython column` };
  }
  if (r.status !== 0) {
    const last = r.stderr.trim().split("\n").pop() ?? "";
    return { ok: false, note: `${python} exited with ${r.status ?? r.signal} (${last}): no CPython column` };
  }
  const parsed = JSON.parse(r.stdout) as { version: string; sizes: Record<string, number[]> };
  return { ok: true, version: parsed.version, sizes: new Map(Object.entries(parsed.sizes)) };
}

/** Calls per operation for every job (null where the rules give no number or the job is missing). */
export function cpythonCallsPerOp(replay: CpythonReplay, jobs: readonly CpythonJob[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const j of jobs) {
    const sizes = replay.ok ? replay.sizes.get(j.id) : undefined;
    const calls = sizes === undefined ? null : deriveCpythonCalls(j.workload, sizes);
    out.set(j.id, calls === null ? null : calls / j.ops);
  }
  return out;
}
