/**
 * Python literal expressions → new references, for fixtures that name their operands by source
 * text (tests/fixtures/gen-tuple-cases.py, gen-issue7-cases.py). The grammar is the small subset
 * the generators use:
 *
 *   expr   := atom
 *   atom   := int | float | complex ('2j') | 'str' | "str" | b'bytes' | None | True | False
 *           | ( ) | ( expr , ) | ( expr , expr ... ) | [ expr, ... ]
 *           | slice(a[, b[, c]]) | bytearray(b'..') | memoryview(b'..') | float('nan'|'inf'|'-inf')
 *
 * Strings take \\ \' \" \n \t \xHH escapes only; ints of any size; every object is new (two parses
 * of "(1,)" give two tuples, as two evaluations in Python do).
 */

import type { Runtime } from "../../src/runtime/runtime.js";

class Parser {
  private i = 0;
  constructor(
    private readonly rt: Runtime,
    private readonly s: string,
  ) {}

  parse(): number {
    const v = this.expr();
    this.ws();
    if (this.i !== this.s.length) throw new Error(`pylit: trailing text in ${JSON.stringify(this.s)} at ${this.i}`);
    return v;
  }

  private ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  private eat(c: string): boolean {
    this.ws();
    if (this.s.startsWith(c, this.i)) {
      this.i += c.length;
      return true;
    }
    return false;
  }

  private expect(c: string): void {
    if (!this.eat(c)) throw new Error(`pylit: expected ${c} in ${JSON.stringify(this.s)} at ${this.i}`);
  }

  private seq(close: string): number[] {
    const items: number[] = [];
    let trailingComma = false;
    while (!this.eat(close)) {
      items.push(this.expr());
      trailingComma = this.eat(",");
      if (!trailingComma) {
        this.expect(close);
        break;
      }
    }
    (items as number[] & { comma?: boolean }).comma = trailingComma;
    return items;
  }

  private quoted(): number[] {
    const q = this.s[this.i++];
    const out: number[] = [];
    while (this.s[this.i] !== q) {
      let c = this.s[this.i++];
      if (c === "\\") {
        const e = this.s[this.i++];
        if (e === "n") c = "\n";
        else if (e === "t") c = "\t";
        else if (e === "x") {
          c = String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 2), 16));
          this.i += 2;
        } else c = e;
      }
      out.push(c.codePointAt(0) as number);
      if ((c.codePointAt(0) as number) > 0xffff) this.i++;
    }
    this.i++;
    return out;
  }

  private call(name: string): number[] {
    this.expect(name);
    this.expect("(");
    return this.seq(")");
  }

  private expr(): number {
    const { rt } = this;
    this.ws();
    const rest = this.s.slice(this.i);
    if (this.eat("(")) {
      const items = this.seq(")") as number[] & { comma?: boolean };
      if (items.length === 1 && items.comma !== true) return items[0];
      return this.tuple(items);
    }
    if (this.eat("[")) {
      const items = this.seq("]");
      const l = rt.PyList_New(0);
      for (const x of items) {
        rt.PyList_Append(l, x);
        rt.Py_DECREF(x);
      }
      return l;
    }
    if (rest.startsWith("slice(")) {
      const [a = rt.Py_NewRef(rt.Py_None), b, c = rt.Py_NewRef(rt.Py_None)] = this.call("slice");
      const s = b === undefined ? rt.PySlice_New(rt.Py_None, a, c) : rt.PySlice_New(a, b, c);
      for (const x of [a, b, c]) if (x !== undefined) rt.Py_DECREF(x);
      return s;
    }
    if (rest.startsWith("bytearray(") || rest.startsWith("memoryview(")) {
      const name = rest.startsWith("bytearray(") ? "bytearray" : "memoryview";
      const [src] = this.call(name);
      const r = name === "bytearray" ? rt.PyByteArray_FromObject(src) : rt.PyMemoryView_FromObject(src);
      rt.Py_DECREF(src);
      return r;
    }
    if (rest.startsWith("float(")) {
      const [src] = this.call("float");
      const r = rt.PyNumber_Float(src);
      rt.Py_DECREF(src);
      return r;
    }
    for (const [word, obj] of [
      ["None", rt.Py_None],
      ["True", rt.Py_True],
      ["False", rt.Py_False],
    ] as const) {
      if (rest.startsWith(word)) {
        this.i += word.length;
        return rt.Py_NewRef(obj);
      }
    }
    if (rest.startsWith("b'") || rest.startsWith('b"')) {
      this.i++;
      const bytes = this.quoted();
      return rt.PyBytes_FromStringAndSize(Uint8Array.from(bytes), bytes.length);
    }
    if (rest[0] === "'" || rest[0] === '"') {
      const cps = this.quoted();
      return rt.PyUnicode_FromKindAndData(4, cps, cps.length);
    }
    const m = /^-?(\d+\.\d*(e[-+]?\d+)?|\d+e[-+]?\d+|\d+)(j?)/.exec(rest);
    if (m !== null) {
      this.i += m[0].length;
      const num = m[1];
      if (m[3] === "j") return rt.PyComplex_FromDoubles(0, Number(m[0].slice(0, -1)));
      if (/^-?\d+$/.test(m[0])) return rt.PyLong_FromString(m[0], null, 10);
      return rt.PyFloat_FromDouble(Number(m[0].startsWith("-") ? `-${num}` : num));
    }
    throw new Error(`pylit: cannot parse ${JSON.stringify(rest)}`);
  }

  private tuple(items: number[]): number {
    const t = this.rt.PyTuple_Pack(items.length, ...items);
    for (const x of items) this.rt.Py_DECREF(x);
    return t;
  }
}

/** A new reference to the object `src` (Python source of a literal) stands for. */
export function pyLiteral(rt: Runtime, src: string): number {
  const r = new Parser(rt, src).parse();
  if (r === 0) throw new Error(`pylit: building ${src} failed`);
  return r;
}
