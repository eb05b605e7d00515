/**
 * Random object graphs for property tests: fast-check arbitraries of ObjectSpec trees (ints beyond
 * and inside the small-int cache, floats, str of every PEP 393 kind, bytes, None, tuples, lists,
 * dicts, sets, frozensets, nested to a bounded depth) and `buildObject`, which builds one through
 * the C API exactly as extension code would, returning a new reference.
 *
 * Dict keys and set members are drawn from the hashable specs only (int, str, bytes, None, tuples
 * and frozensets of those), so building never raises "unhashable type". `specText` renders a spec
 * as the Python literal it stands for, which is what a shrunk counterexample prints.
 */

import fc from "fast-check";
import { KitError, type KitRuntime } from "./kit-runtime.js";

export type HashableSpec =
  | { kind: "int"; value: bigint }
  | { kind: "str"; text: string }
  | { kind: "bytes"; data: number[] }
  | { kind: "none" }
  | { kind: "tuple"; items: HashableSpec[] }
  | { kind: "frozenset"; items: HashableSpec[] };

export type ObjectSpec =
  | HashableSpec
  | { kind: "float"; value: number }
  | { kind: "tuple"; items: ObjectSpec[] }
  | { kind: "list"; items: ObjectSpec[] }
  | { kind: "dict"; entries: [HashableSpec, ObjectSpec][] }
  | { kind: "set"; items: HashableSpec[] };

export interface GraphOptions {
  /** Nesting depth of containers (default 3). */
  maxDepth?: number;
  /** Items per container (default 5). */
  maxItems?: number;
}

/** ints from the small-int cache (immortal), machine-sized, and beyond 64 bits. */
export const intSpec = (): fc.Arbitrary<HashableSpec> =>
  fc.oneof(fc.bigInt({ min: -5n, max: 256n }), fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }), fc.bigInt({ min: -(1n << 200n), max: 1n << 200n })).map((value) => ({ kind: "int" as const, value }));

/** str of all four kinds: ASCII, latin-1, BMP, astral. */
export const strSpec = (): fc.Arbitrary<HashableSpec> =>
  fc
    .oneof(
      fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
      fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
      fc.string({ unit: "grapheme", maxLength: 6 }),
    )
    .map((text) => ({ kind: "str" as const, text }));

export function hashableSpec(options: GraphOptions = {}): fc.Arbitrary<HashableSpec> {
  const maxItems = options.maxItems ?? 5;
  const { node } = fc.letrec<{ node: HashableSpec; leaf: HashableSpec }>((tie) => ({
    leaf: fc.oneof(
      intSpec(),
      strSpec(),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }).map((data) => ({ kind: "bytes" as const, data })),
      fc.constant({ kind: "none" as const }),
    ),
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("leaf"),
      fc.array(tie("node"), { maxLength: maxItems }).map((items) => ({ kind: "tuple" as const, items })),
      fc.array(tie("node"), { maxLength: maxItems }).map((items) => ({ kind: "frozenset" as const, items })),
    ),
  }));
  return node;
}

export function objectSpec(options: GraphOptions = {}): fc.Arbitrary<ObjectSpec> {
  const maxItems = options.maxItems ?? 5;
  const maxDepth = options.maxDepth ?? 3;
  const key = hashableSpec({ maxItems: 2 });
  const { node } = fc.letrec<{ node: ObjectSpec }>((tie) => ({
    node: fc.oneof(
      { maxDepth, withCrossShrink: true },
      hashableSpec({ maxItems: 2 }) as fc.Arbitrary<ObjectSpec>,
      fc.double({ noNaN: false }).map((value) => ({ kind: "float" as const, value })),
      fc.array(tie("node"), { maxLength: maxItems }).map((items) => ({ kind: "tuple" as const, items })),
      fc.array(tie("node"), { maxLength: maxItems }).map((items) => ({ kind: "list" as const, items })),
      fc.array(fc.tuple(key, tie("node")), { maxLength: maxItems }).map((entries) => ({ kind: "dict" as const, entries })),
      fc.array(key, { maxLength: maxItems }).map((items) => ({ kind: "set" as const, items })),
    ),
  }));
  return node;
}

/** Build `spec` through the C API; returns a new reference. A NULL result becomes a KitError with the Python error. */
export function buildObject(rt: KitRuntime, spec: ObjectSpec): number {
  const check = (op: number, what: string): number => {
    if (op === 0) {
      const exc = rt.PyErr_GetRaisedException();
      const text = exc === 0 ? "no exception set" : rt.objects.repr(exc);
      if (exc !== 0) rt.Py_DECREF(exc);
      throw new KitError(`${what} failed: ${text}`);
    }
    return op;
  };
  const status = (rc: number, what: string): void => {
    if (rc < 0) check(0, what);
  };
  const items = (specs: ObjectSpec[]): number[] => specs.map((s) => buildObject(rt, s));
  const release = (ops: number[]): void => ops.forEach((op) => rt.Py_DECREF(op));
  switch (spec.kind) {
    case "int":
      return check(rt.PyLong_FromString(spec.value.toString(), null, 10), "PyLong_FromString");
    case "float":
      return check(rt.PyFloat_FromDouble(spec.value), "PyFloat_FromDouble");
    case "str":
      return check(rt.PyUnicode_FromString(spec.text), "PyUnicode_FromString");
    case "bytes":
      return check(rt.PyBytes_FromStringAndSize(Uint8Array.from(spec.data), spec.data.length), "PyBytes_FromStringAndSize");
    case "none":
      return rt.Py_NewRef(rt.Py_None);
    case "tuple": {
      const its = items(spec.items);
      const t = check(rt.PyTuple_New(its.length), "PyTuple_New");
      its.forEach((op, i) => rt.PyTuple_SetItem(t, i, op)); // steals
      return t;
    }
    case "list": {
      const its = items(spec.items);
      const l = check(rt.PyList_New(0), "PyList_New");
      for (const op of its) status(rt.PyList_Append(l, op), "PyList_Append");
      release(its);
      return l;
    }
    case "dict": {
      const d = check(rt.PyDict_New(), "PyDict_New");
      for (const [k, v] of spec.entries) {
        const [ko, vo] = [buildObject(rt, k), buildObject(rt, v)];
        const rc = rt.PyDict_SetItem(d, ko, vo);
        release([ko, vo]);
        status(rc, "PyDict_SetItem");
      }
      return d;
    }
    case "set":
    case "frozenset": {
      const its = items(spec.items);
      const tuple = check(rt.PyTuple_New(its.length), "PyTuple_New");
      its.forEach((op, i) => rt.PyTuple_SetItem(tuple, i, op));
      const s = spec.kind === "set" ? rt.PySet_New(tuple) : rt.PyFrozenSet_New(tuple);
      rt.Py_DECREF(tuple);
      return check(s, spec.kind === "set" ? "PySet_New" : "PyFrozenSet_New");
    }
  }
}

/** The Python literal a spec stands for (what a shrunk counterexample shows). */
export function specText(spec: ObjectSpec): string {
  switch (spec.kind) {
    case "int":
      return spec.value.toString();
    case "float":
      return Number.isNaN(spec.value) ? "float('nan')" : Number.isFinite(spec.value) ? String(spec.value) : spec.value > 0 ? "float('inf')" : "-float('inf')";
    case "str":
      return JSON.stringify(spec.text);
    case "bytes":
      return `bytes([${spec.data.join(", ")}])`;
    case "none":
      return "None";
    case "tuple":
      return spec.items.length === 1 ? `(${specText(spec.items[0] as ObjectSpec)},)` : `(${spec.items.map(specText).join(", ")})`;
    case "list":
      return `[${spec.items.map(specText).join(", ")}]`;
    case "dict":
      return `{${spec.entries.map(([k, v]) => `${specText(k)}: ${specText(v)}`).join(", ")}}`;
    case "set":
      return spec.items.length === 0 ? "set()" : `{${spec.items.map(specText).join(", ")}}`;
    case "frozenset":
      return `frozenset([${spec.items.map(specText).join(", ")}])`;
  }
}
