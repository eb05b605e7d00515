/**
 * The rest of str's Python-level methods (Objects/unicodeobject.c, CPython 3.14), as a method table
 * over unicode-methods.ts: split / rsplit / splitlines (lists), ljust / rjust / center / zfill /
 * expandtabs, format (METH_VARARGS | METH_KEYWORDS), removeprefix / removesuffix, maketrans
 * (METH_STATIC) and translate, format_map, __format__, __getnewargs__. Arguments are unpacked with
 * Argument Clinic's rules and messages ("must be str or None, not int", "split() got an unexpected
 * keyword argument 'foo'").
 */

import { METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, METH_STATIC, METH_VARARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { ObjectContext } from "../core/context.js";
import { methodHelpers } from "../descr/methods-args.js";
import { settle } from "../numbers/number-errors.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { formatStrSpec } from "./unicode-strformat.js";
import type { StrMethods } from "./unicode-methods.js";

export function moreStrMethods(ctx: ObjectContext, s: StrMethods): MethodTableEntry[] {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const u = ctx.unicode;
  const isStr = (o: number) => u.PyUnicode_Check(o) !== 0;
  const list = (items: number[] | null) => (items === null ? 0 : h.listSteal(items));

  const splitter = (name: "split" | "rsplit", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL | METH_KEYWORDS,
    fn: (self: number, args: number, nargs: number, kwnames: number) => {
      const v = h.keywords({ fname: name, names: ["sep", "maxsplit"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
      if (v === null) return 0;
      const sep = v[0] === 0 || v[0] === ctx.addr.Py_None ? null : v[0];
      if (sep !== null && !isStr(sep)) return h.typeError(`must be str or None, not ${h.typeNameOf(sep)}`);
      let maxsplit = -1;
      if (v[1] !== 0) {
        const m = h.ssize(v[1]);
        if (m === null) return 0;
        maxsplit = m;
      }
      return list(name === "split" ? s.split(self, sep, maxsplit) : s.rsplit(self, sep, maxsplit));
    },
    doc,
  });

  /** ljust / rjust / center (width, fillchar=' ', /). */
  const justify = (name: "ljust" | "rjust" | "center", doc: string): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (self: number, args: number, nargs: number) => {
      if (!h.positional(name, nargs, 1, 2)) return 0;
      const width = h.ssize(h.arg(args, 0));
      if (width === null) return 0;
      const fill = nargs > 1 ? h.arg(args, 1) : null;
      return s[name](self, width, fill);
    },
    doc,
  });

  const affix = (name: "removeprefix" | "removesuffix", doc: string): MethodTableEntry => ({
    name,
    flags: METH_O,
    fn: (self: number, x: number) => {
      if (!isStr(x)) return h.typeError(`${name}() argument must be str, not ${h.typeNameOf(x)}`);
      const t = u.text(self);
      const a = u.text(x);
      const hit = name === "removeprefix" ? t.startsWith(a) : t.endsWith(a);
      if (!hit || a.length === 0) return u.PyUnicode_CheckExact(self) !== 0 ? abi.Py_NewRef(self) : h.str(t);
      return h.str(name === "removeprefix" ? t.slice(a.length) : t.slice(0, t.length - a.length));
    },
    doc,
  });

  const maketrans = (_self: number, args: number, nargs: number): number => {
    if (!h.positional("maketrans", nargs, 1, 3)) return 0;
    const x = h.arg(args, 0);
    const d = ctx.dicts.PyDict_New();
    if (d === 0) return 0;
    const put = (k: number, v: number): boolean => {
      const key = h.int(k);
      const r = ctx.dicts.PyDict_SetItem(d, key, v);
      abi.Py_DECREF(key);
      return r === 0;
    };
    const fail = () => {
      abi.Py_DECREF(d);
      return 0;
    };
    if (nargs === 1) {
      if (ctx.dicts.PyDict_Check(x) === 0) return (h.typeError("if you give only one argument to maketrans it must be a dict"), fail());
      const pos = { value: 0 };
      const key = { value: 0 };
      const value = { value: 0 };
      while (ctx.dicts.PyDict_Next(x, pos, key, value) !== 0) {
        if (isStr(key.value)) {
          const kt = [...u.text(key.value)];
          if (kt.length !== 1) return (h.valueError("string keys in translate table must be of length 1"), fail());
          if (!put(kt[0].codePointAt(0) ?? 0, value.value)) return fail();
        } else if (ctx.numbers.longs.PyLong_Check(key.value) !== 0) {
          if (ctx.dicts.PyDict_SetItem(d, key.value, value.value) < 0) return fail();
        } else return (h.typeError("keys in translate table must be strings or integers"), fail());
      }
      return d;
    }
    for (let i = 1; i < nargs; i++) {
      const o = h.arg(args, i);
      if (!isStr(o)) return (h.typeError(`maketrans() argument ${i + 1} must be str, not ${h.typeNameOf(o)}`), fail());
    }
    if (!isStr(x)) return (h.typeError("first maketrans argument must be a string if there is a second argument"), fail());
    const xs = [...u.text(x)];
    const ys = [...u.text(h.arg(args, 1))];
    if (xs.length !== ys.length) return (h.valueError("the first two maketrans arguments must have equal length"), fail());
    for (let i = 0; i < xs.length; i++) {
      const v = h.int(ys[i].codePointAt(0) ?? 0);
      const ok = put(xs[i].codePointAt(0) ?? 0, v);
      abi.Py_DECREF(v);
      if (!ok) return fail();
    }
    if (nargs === 3) for (const c of u.text(h.arg(args, 2))) if (!put(c.codePointAt(0) ?? 0, ctx.addr.Py_None)) return fail();
    return d;
  };

  /** str.translate(table): table[ord(c)] via __getitem__; LookupError keeps c, None deletes. */
  const translate = (self: number, table: number): number => {
    const out: string[] = [];
    const cache = new Map<number, string | null>();
    for (const c of u.text(self)) {
      const cp = c.codePointAt(0) ?? 0;
      let rep = cache.get(cp);
      if (rep === undefined) {
        const key = h.int(cp);
        const v = ctx.abstract.object.PyObject_GetItem(table, key);
        abi.Py_DECREF(key);
        if (v === 0) {
          if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_LookupError) === 0) return 0;
          ctx.err.PyErr_Clear();
          rep = c;
        } else if (v === ctx.addr.Py_None) rep = null;
        else if (ctx.numbers.longs.PyLong_Check(v) !== 0) {
          const n = ctx.numbers.longs.PyLong_AsLong(v);
          const bad = (n === -1n && ctx.err.PyErr_Occurred() !== 0) || n < 0n || n > 0x10ffffn;
          abi.Py_DECREF(v);
          if (bad) {
            ctx.err.PyErr_Clear();
            return h.valueError("character mapping must be in range(0x110000)");
          }
          rep = String.fromCodePoint(Number(n));
        } else if (isStr(v)) {
          rep = u.text(v);
          abi.Py_DECREF(v);
        } else {
          abi.Py_DECREF(v);
          return h.typeError("character mapping must return integer, None or str");
        }
        if (v === ctx.addr.Py_None) abi.Py_DECREF(v);
        cache.set(cp, rep);
      }
      if (rep !== null) out.push(rep);
    }
    return h.str(out.join(""));
  };

  return [
    splitter("split", "split($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the substrings in the string, using sep as the separator string."),
    splitter("rsplit", "rsplit($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the substrings in the string, using sep as the separator string."),
    {
      name: "splitlines",
      flags: METH_FASTCALL | METH_KEYWORDS,
      fn: (self: number, args: number, nargs: number, kwnames: number) => {
        const v = h.keywords({ fname: "splitlines", names: ["keepends"], posonly: 0, minpos: 0, maxpos: 1 }, args, nargs, kwnames);
        if (v === null) return 0;
        let keep = false;
        if (v[0] !== 0) {
          const t = ctx.proto.PyObject_IsTrue(v[0]);
          if (t < 0) return 0;
          keep = t !== 0;
        }
        return list(s.splitlines(self, keep));
      },
      doc: "splitlines($self, /, keepends=False)\n--\n\nReturn a list of the lines in the string, breaking at line boundaries.",
    },
    justify("ljust", "ljust($self, width, fillchar=' ', /)\n--\n\nReturn a left-justified string of length width."),
    justify("rjust", "rjust($self, width, fillchar=' ', /)\n--\n\nReturn a right-justified string of length width."),
    justify("center", "center($self, width, fillchar=' ', /)\n--\n\nReturn a centered string of length width."),
    {
      name: "zfill",
      flags: METH_O,
      fn: (self: number, w: number) => {
        const width = h.ssize(w);
        return width === null ? 0 : s.zfill(self, width);
      },
      doc: "zfill($self, width, /)\n--\n\nPad a numeric string with zeros on the left, to fill a field of the given width.",
    },
    {
      name: "expandtabs",
      flags: METH_FASTCALL | METH_KEYWORDS,
      fn: (self: number, args: number, nargs: number, kwnames: number) => {
        const v = h.keywords({ fname: "expandtabs", names: ["tabsize"], posonly: 0, minpos: 0, maxpos: 1 }, args, nargs, kwnames);
        if (v === null) return 0;
        let tabsize = 8;
        if (v[0] !== 0) {
          const t = h.ssize(v[0]);
          if (t === null) return 0;
          tabsize = t;
        }
        return s.expandtabs(self, tabsize);
      },
      doc: "expandtabs($self, /, tabsize=8)\n--\n\nReturn a copy where all tab characters are expanded using spaces.",
    },
    {
      name: "format",
      flags: METH_VARARGS | METH_KEYWORDS,
      fn: (self: number, args: number, kwargs: number) => {
        const positional: number[] = [];
        for (let i = 0; i < abi.Py_SIZE(args); i++) positional.push(ctx.heap.u32[tupleItemAddr(args, i) >>> 2]);
        return s.format(self, positional, kwargs);
      },
      doc: "S.format(*args, **kwargs) -> str\n\nReturn a formatted version of S, using substitutions from args and kwargs.\nThe substitutions are identified by braces ('{' and '}').",
    },
    {
      name: "format_map",
      flags: METH_O,
      fn: (self: number, mapping: number) => s.format_map(self, mapping),
      doc: "format_map($self, mapping, /)\n--\n\nReturn a formatted version of the string, using substitutions from mapping.\n\nThe substitutions are identified by braces ('{' and '}').",
    },
    affix("removeprefix", "removeprefix($self, prefix, /)\n--\n\nReturn a str with the given prefix string removed if present."),
    affix("removesuffix", "removesuffix($self, suffix, /)\n--\n\nReturn a str with the given suffix string removed if present."),
    { name: "maketrans", flags: METH_FASTCALL | METH_STATIC, fn: maketrans, doc: "maketrans(x, y=<unrepresentable>, z=<unrepresentable>, /)\n--\n\nReturn a translation table usable for str.translate()." },
    { name: "translate", flags: METH_O, fn: translate, doc: "translate($self, table, /)\n--\n\nReplace each character in the string using the given translation table." },
    {
      name: "__format__",
      flags: METH_O,
      fn: (self: number, spec: number) => {
        if (!isStr(spec)) return h.typeError(`__format__() argument must be str, not ${h.typeNameOf(spec)}`);
        const t = settle(ctx, () => formatStrSpec(u.text(self), u.text(spec), h.typeNameOf(self)), null);
        return t === null ? 0 : h.str(t);
      },
      doc: "__format__($self, format_spec, /)\n--\n\nReturn a formatted version of the string as described by format_spec.",
    },
    { name: "__getnewargs__", flags: METH_NOARGS, fn: (self: number) => h.tupleSteal([h.str(u.text(self))]), doc: "" },
  ];
}
