/**
 * A tiny evaluator for builtin calls written as Python source, so a fixture can be recorded by
 * running the same text under CPython: `name(arg, ..., kw=arg)` where `name` is a member of the
 * runtime's builtins module, and each argument is a nested call of the same form, a builtins name
 * (`abs`, `int`, `None`), or a literal (tests/helpers/pylit.ts). `a.b(...)` calls method b of the
 * evaluated `a`. No operators, no lambdas.
 */

import type { Runtime } from "../../src/runtime/runtime.js";
import { pendingError } from "./misc.js";
import { pyLiteral } from "./pylit.js";

/** Split `s` at top-level commas (outside brackets and quotes). */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  const last = s.slice(start);
  if (last.trim() !== "") out.push(last);
  return out.map((x) => x.trim());
}

/** Index of the bracket matching the one at `open` ("(", "[" or "{"). */
function matching(s: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth === 0) return i;
  }
  throw new Error(`unbalanced: ${s}`);
}

/** A list or tuple display whose items are evaluated (so they may be calls or builtin names). */
function display(rt: Runtime, inner: string, list: boolean): number {
  const parts = splitTop(inner);
  if (!list && parts.length === 1 && !/,\s*$/.test(inner)) return evalPy(rt, parts[0]);
  const items: number[] = [];
  for (const p of parts) {
    const v = evalPy(rt, p);
    if (v === 0) {
      for (const x of items) rt.Py_DECREF(x);
      return 0;
    }
    items.push(v);
  }
  const out = list ? rt.PyList_New(items.length) : rt.PyTuple_New(items.length);
  items.forEach((v, i) => (list ? rt.PyList_SET_ITEM(out, i, v) : rt.PyTuple_SET_ITEM(out, i, v)));
  return out;
}

/** Evaluate `src`: a new reference, or 0 with the error pending. */
export function evalPy(rt: Runtime, src: string): number {
  src = src.trim();
  let target: number;
  let rest: string;
  const head = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src);
  if (head !== null && !/^[bB]['"]/.test(src)) {
    target = rt.PyDict_GetItemString(rt.PyEval_GetBuiltins(), head[0]);
    if (target === 0) throw new Error(`no builtin ${head[0]}`);
    rt.Py_INCREF(target);
    rest = src.slice(head[0].length);
  } else if (src.startsWith("[") || src.startsWith("(")) {
    const close = matching(src, 0);
    target = display(rt, src.slice(1, close), src[0] === "[");
    if (target === 0) return 0;
    rest = src.slice(close + 1);
  } else {
    return pyLiteral(rt, src);
  }
  while (rest.length > 0) {
    let next: number;
    if (rest.startsWith(".")) {
      const m = /^\.([A-Za-z_][A-Za-z_0-9]*)/.exec(rest);
      if (m === null) throw new Error(`bad attribute in ${src}`);
      next = rt.PyObject_GetAttrString(target, m[1]);
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith("(") || rest.startsWith("[")) {
      const close = matching(rest, 0);
      const inner = rest.slice(1, close);
      if (rest[0] === "(") next = callWith(rt, target, inner);
      else {
        const key = evalPy(rt, inner);
        next = key === 0 ? 0 : rt.PyObject_GetItem(target, key);
        if (key !== 0) rt.Py_DECREF(key);
      }
      rest = rest.slice(close + 1);
    } else throw new Error(`cannot evaluate ${src}`);
    rt.Py_DECREF(target);
    if (next === 0) return 0;
    target = next;
  }
  return target;
}

function callWith(rt: Runtime, callable: number, argText: string): number {
  const pos: number[] = [];
  const kw = rt.PyDict_New();
  const release = () => {
    for (const p of pos) rt.Py_DECREF(p);
    rt.Py_DECREF(kw);
  };
  for (const a of splitTop(argText)) {
    const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=(?!=)(.*)$/s.exec(a);
    const v = evalPy(rt, m === null ? a : m[2]);
    if (v === 0) {
      release();
      return 0;
    }
    if (m === null) pos.push(v);
    else {
      rt.PyDict_SetItemString(kw, m[1], v);
      rt.Py_DECREF(v);
    }
  }
  const args = rt.PyTuple_New(pos.length);
  pos.forEach((p, i) => rt.PyTuple_SET_ITEM(args, i, rt.Py_NewRef(p)));
  const r = rt.PyObject_Call(callable, args, rt.PyDict_Size(kw) === 0 ? 0 : kw);
  rt.Py_DECREF(args);
  release();
  return r;
}

/** "=> repr" or "!! Type: message", the format of the recorded fixtures. */
export function outcome(rt: Runtime, src: string): string {
  const r = evalPy(rt, src);
  if (r === 0) return `!! ${pendingError(rt)}`;
  const s = rt.PyObject_Repr(r);
  rt.Py_DECREF(r);
  if (s === 0) return `!! ${pendingError(rt)}`;
  const t = rt.objects.text.unicode.text(s);
  rt.Py_DECREF(s);
  return `=> ${t}`;
}
