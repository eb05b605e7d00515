/**
 * Keyword arguments for constructors (tp_new / tp_init with a keyword dict): what Argument Clinic's
 * generated parsers do through _PyArg_UnpackKeywords (Python/getargs.c, CPython 3.14), for the
 * constructors whose C signature accepts keywords:
 *
 *   int(x, /, base=10)        str(object='', encoding='utf-8', errors='strict')
 *   bytes(source, encoding, errors)   bytearray(source, encoding, errors)   complex(real, imag)
 *
 * A parser is a static description { fname, names, posonly, minpos, maxpos }: `names` lists every
 * parameter in order (the first `posonly` are positional-only and cannot be given by name). The
 * result is one slot per parameter: the argument (borrowed from the tuple or the dict) or 0 when not
 * given. Messages and their order of checks are CPython's:
 *
 *   "int() takes at most 2 arguments (3 given)"                 too many in total ("keyword " when no positionals)
 *   "complex() takes at most 2 positional arguments (3 given)"  too many positionals
 *   "f() missing required argument 'x' (pos 1)"
 *   "argument for complex() given by name ('real') and position (1)"
 *   "str() got an unexpected keyword argument 'object2'. Did you mean 'object'?"  (suggestions.ts)
 *   "keywords must be strings"
 *
 * _PyArg_NoKeywords ("float() takes no keyword arguments") is args.ts's noKeywords.
 */

import { calculateSuggestion } from "./suggestions.js";
import type { ObjectContext } from "../core/context.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

export interface ClinicParser {
  /** The function name in messages, without "()". */
  readonly fname: string;
  /** Every parameter, positional-only ones first (their names never match a keyword). */
  readonly names: readonly string[];
  readonly posonly: number;
  readonly minpos: number;
  readonly maxpos: number;
  /**
   * The type has a vectorcall that checks keyword-less calls itself (int, str: long_vectorcall,
   * unicode_vectorcall), so without keywords a wrong count reads "int expected at most 2
   * arguments, got 3" (_PyArg_CheckPositional) instead of the clinic's wording.
   */
  readonly vectorcallPositional?: boolean;
}

/**
 * _PyArg_UnpackKeywords over a tp_new/tp_init call: the arguments by parameter (0 = not given), or
 * null with TypeError set. `kwds` is a dict or 0; an empty dict is the same as 0.
 */
export function unpackKeywords(ctx: ObjectContext, parser: ClinicParser, args: number, kwds: number): number[] | null {
  const nargs = args === 0 ? 0 : ctx.abi.Py_SIZE(args);
  const u32 = ctx.heap.u32;
  const kws: [number, number][] = [];
  if (kwds !== 0) {
    if (ctx.dicts.PyDict_Check(kwds) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return null;
    }
    const pos = { value: 0 };
    const key = { value: 0 };
    const value = { value: 0 };
    while (ctx.dicts.PyDict_Next(kwds, pos, key, value) !== 0) kws.push([key.value, value.value]);
  }
  return unpackCore(ctx, parser, nargs, (i) => u32[tupleItemAddr(args, i) >>> 2], kws);
}

/** The same over a vectorcall (METH_FASTCALL | METH_KEYWORDS): positionals, then the keyword values named by `kwnames`. */
export function unpackFastKeywords(ctx: ObjectContext, parser: ClinicParser, args: number, nargs: number, kwnames: number): number[] | null {
  const u32 = ctx.heap.u32;
  const kws: [number, number][] = [];
  const nkw = kwnames === 0 ? 0 : ctx.abi.Py_SIZE(kwnames);
  for (let k = 0; k < nkw; k++) kws.push([u32[tupleItemAddr(kwnames, k) >>> 2], u32[(args + 8 * (nargs + k)) >>> 2]]);
  return unpackCore(ctx, parser, nargs, (i) => u32[(args + 8 * i) >>> 2], kws);
}

function unpackCore(ctx: ObjectContext, parser: ClinicParser, nargs: number, positional: (i: number) => number, kws: readonly [number, number][]): number[] | null {
  const typeError = (msg: string): null => {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
    return null;
  };
  const maxargs = parser.names.length;
  const fname = `${parser.fname.slice(0, 200)}()`;
  let nkwargs = kws.length;
  const buf = new Array<number>(maxargs).fill(0);
  if (nkwargs === 0 && parser.vectorcallPositional === true) {
    if (!checkPositional(ctx, parser.fname, nargs, parser.minpos, parser.maxpos)) return null;
    for (let i = 0; i < nargs; i++) buf[i] = positional(i);
    return buf;
  }
  if (nkwargs === 0 && parser.minpos <= nargs && nargs <= parser.maxpos) {
    for (let i = 0; i < nargs; i++) buf[i] = positional(i);
    return buf;
  }
  if (nargs + nkwargs > maxargs) {
    return typeError(`${fname} takes at most ${maxargs} ${nargs === 0 ? "keyword " : ""}argument${maxargs === 1 ? "" : "s"} (${nargs + nkwargs} given)`);
  }
  if (nargs > parser.maxpos) {
    if (parser.maxpos === 0) return typeError(`${fname} takes no positional arguments`);
    return typeError(`${fname} takes ${parser.minpos < parser.maxpos ? "at most" : "exactly"} ${parser.maxpos} positional argument${parser.maxpos === 1 ? "" : "s"} (${nargs} given)`);
  }
  // minposonly: only positional-only parameters are reported here; a missing parameter that could
  // be given by name is "missing required argument" below.
  const minposonly = Math.min(parser.posonly, parser.minpos);
  if (nargs < minposonly) {
    return typeError(`${fname} takes ${minposonly < parser.maxpos ? "at least" : "exactly"} ${minposonly} positional argument${minposonly === 1 ? "" : "s"} (${nargs} given)`);
  }
  for (let i = 0; i < nargs; i++) buf[i] = positional(i);
  // Keys are compared as str (exact text); a non-str key never matches and is reported below.
  const keyText = kws.map(([k]) => (ctx.unicode.PyUnicode_Check(k) !== 0 ? ctx.unicode.text(k) : null));
  const byName = (i: number): number => {
    const at = keyText.indexOf(parser.names[i]);
    return at < 0 ? 0 : kws[at][1];
  };
  for (let i = Math.max(nargs, parser.posonly); i < maxargs; i++) {
    if (nkwargs === 0) {
      if (i >= parser.minpos) break;
      return typeError(`${fname} missing required argument '${parser.names[i]}' (pos ${i + 1})`);
    }
    const v = byName(i);
    buf[i] = v;
    if (v !== 0) nkwargs--;
    else if (i < parser.minpos) return typeError(`${fname} missing required argument '${parser.names[i]}' (pos ${i + 1})`);
  }
  if (nkwargs > 0) {
    for (let i = parser.posonly; i < nargs; i++) {
      if (byName(i) !== 0) return typeError(`argument for ${fname} given by name ('${parser.names[i]}') and position (${i + 1})`);
    }
    // error_unexpected_keyword_arg: the first keyword that is not a parameter (with a suggestion)
    const keywords = parser.names.slice(parser.posonly);
    for (const name of keyText) {
      if (name === null) return typeError("keywords must be strings");
      if (!keywords.includes(name)) {
        const suggestion = calculateSuggestion(keywords, name);
        return typeError(`${fname} got an unexpected keyword argument '${name}'${suggestion === null ? "" : `. Did you mean '${suggestion}'?`}`);
      }
    }
    return typeError(`invalid keyword argument for ${fname}`);
  }
  return buf;
}

/** _PyArg_CheckPositional: "NAME expected at most 1 argument, got 2". */
export function checkPositional(ctx: ObjectContext, name: string, nargs: number, min: number, max: number): boolean {
  const plural = (k: number) => (k === 1 ? "" : "s");
  let msg: string | null = null;
  if (nargs < min) msg = `${name.slice(0, 200)} expected ${min === max ? "" : "at least "}${min} argument${plural(min)}, got ${nargs}`;
  else if (nargs > max) msg = `${name.slice(0, 200)} expected ${min === max ? "" : "at most "}${max} argument${plural(max)}, got ${nargs}`;
  if (msg === null) return true;
  ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
  return false;
}
