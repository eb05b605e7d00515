/**
 * Warnings (Python/_warnings.c, CPython 3.14): the C API and the filter machinery, with the state
 * in the heap (warnings-layout.ts) and the options of warnings-options.ts.
 *
 *   PyErr_WarnEx(category, text, stack_level)      poick has no frames, so every warning comes
 *                                                  from the no-frame location: filename "<sys>",
 *                                                  line 0, module "sys", registry
 *                                                  sys.__warningregistry__ (setup_context); the
 *                                                  stderr line is "<sys>:0: UserWarning: text"
 *                                                  (CPython 3.13.0 x86-64, ctypes with a stack
 *                                                  level past the outermost frame)
 *   PyErr_WarnFormat / PyErr_ResourceWarning       the same with a PyUnicode_FromFormat message
 *   PyErr_WarnExplicit(category, text, filename, lineno, module, registry)
 *   PyErr_WarnExplicitObject / PyErr_WarnExplicitFormat
 *                                                  explicit location; module NULL is the filename
 *                                                  without ".py"; registry NULL / None keeps no
 *                                                  record (so "default" shows every time), else a
 *                                                  dict as in CPython
 *   warn_explicit       text / category from a Warning instance or (category, text); key
 *                       (text, category, lineno); a registry whose 'version' is not the filters'
 *                       version is emptied; the first filter (action, message, category, module,
 *                       lineno) matching wins, else the default action:
 *                         error    raise the warning instance (return -1)
 *                         ignore   nothing
 *                         always / all   show every time
 *                         default  show once per registry key (text, category, lineno)
 *                         module   once per (text, category, 0) in the registry
 *                         once     once per (text, category) in the runtime's once registry
 *                       anything else: RuntimeError "Unrecognized action ('x') in warnings.filters:\n ..."
 *   showing             "filename:lineno: Category: text\n" to the runtime's stderr sink (source
 *                       lines need files: not printed)
 *   filters             a match field is None (always matches), a str (must equal: the C
 *                       defaults) or a (pattern, flags) pair standing for re.compile(pattern,
 *                       flags) (what warnings.filterwarnings and -W create; matched at the start,
 *                       flags & re.I (2) ignores case; Python's \Z is the end). Default filters as
 *                       a release build: DeprecationWarning shown in __main__ and ignored
 *                       elsewhere; PendingDeprecationWarning, ImportWarning, ResourceWarning
 *                       ignored
 *   JavaScript side     `rt.warnings`: filters(), filterwarnings(), simplefilter(),
 *                       resetwarnings(), the Python module's functions
 *
 * The compiled regular expressions are a cache derived from the heap's pattern strings.
 */

import type { TextSink } from "../../../alloc/sink.js";
import { shortTypeName, precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import type { FormatArg } from "../../errors/fromformat.js";
import { WS_DEFAULT_ACTION, WS_FILTERS, WS_FILTERS_VERSION, WS_ONCE_REGISTRY, WS_SYS_REGISTRY } from "./warnings-layout.js";
import { ACTIONS, OptionError, collectWarnOptions, parseWarnOption, pyRepr, type WarningAction } from "./warnings-options.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";

/** re.IGNORECASE. */
export const RE_IGNORECASE = 2;

/** A filter's message or module field as JavaScript sees it. */
export type FilterMatch = null | string | { pattern: string; flags: number };

export interface WarningFilter {
  action: string;
  message: FilterMatch;
  /** The category type object (an address). */
  category: number;
  module: FilterMatch;
  lineno: number;
}

export interface WarningsOptions {
  stderr: TextSink;
  warnoptions?: readonly string[];
  devMode: boolean;
  env: Record<string, string | undefined>;
  useEnvironment: boolean;
  fromFormat: (format: string, ...args: FormatArg[]) => number;
}

export class WarningsApi {
  private readonly regexCache = new Map<string, RegExp>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly options: WarningsOptions,
  ) {}

  /** The items of a tuple (borrowed). */
  private items(t: number): number[] {
    return this.ctx.tuples.itemsOf(t);
  }

  private get state(): number {
    return this.ctx.addr._Py_warnings_state;
  }

  private field(off: number): number {
    return this.ctx.heap.u32[(this.state + off) >>> 2];
  }

  /** _PyWarnings_InitState + the warnings module's _processoptions (after str and tuple exist). */
  init(): void {
    const { ctx } = this;
    const a = ctx.addr;
    this.setFilters([
      { action: "default", message: null, category: a.PyExc_DeprecationWarning, module: "__main__", lineno: 0 },
      { action: "ignore", message: null, category: a.PyExc_DeprecationWarning, module: null, lineno: 0 },
      { action: "ignore", message: null, category: a.PyExc_PendingDeprecationWarning, module: null, lineno: 0 },
      { action: "ignore", message: null, category: a.PyExc_ImportWarning, module: null, lineno: 0 },
      { action: "ignore", message: null, category: a.PyExc_ResourceWarning, module: null, lineno: 0 },
    ]);
    writeSsize(ctx.heap, this.state + WS_FILTERS_VERSION, 0);
    const action = ctx.unicode.fromText("default");
    if (action === 0) throw new Error("warnings: cannot create the default action");
    ctx.heap.u32[(this.state + WS_DEFAULT_ACTION) >>> 2] = action;
    for (const arg of collectWarnOptions(this.options)) {
      try {
        this.applyOption(arg);
      } catch (e) {
        if (!(e instanceof OptionError)) throw e;
        this.options.stderr.write(`Invalid -W option ignored: ${e.message}\n`);
      }
    }
  }

  // ---- JavaScript side: the warnings module's functions ----------------------------------------

  /** warnings.filters as JavaScript data, first match first. */
  filters(): WarningFilter[] {
    const { ctx } = this;
    const filters = this.field(WS_FILTERS);
    if (filters === 0) return [];
    const out: WarningFilter[] = [];
    for (const item of this.items(filters)) {
      const [action, message, category, module, lineno] = this.items(item);
      out.push({ action: ctx.unicode.text(action), message: this.matchOf(message), category, module: this.matchOf(module), lineno: ctx.numbers.longs.PyLong_AsSsize_t(lineno) });
    }
    return out;
  }

  /** Replace warnings.filters (bumps the filters version, as assigning the list does). */
  setFilters(filters: readonly WarningFilter[]): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const items: number[] = [];
    const release = () => {
      for (const x of items) abi.Py_DECREF(x);
    };
    for (const f of filters) {
      if (!this.ctx.types.isSubtype(f.category, ctx.addr.PyExc_Warning)) throw new TypeError(`warnings filter category must be a Warning subclass, got ${ctx.typeName(f.category)}`);
      const parts = [ctx.unicode.fromText(f.action), this.matchObject(f.message), abi.Py_NewRef(f.category), this.matchObject(f.module), ctx.numbers.longs.PyLong_FromSsize_t(f.lineno)];
      const item = parts.includes(0) ? 0 : ctx.tuples.fromItems(parts);
      for (const p of parts) abi.Py_XDECREF(p);
      if (item === 0) {
        release();
        throw new Error("warnings: out of memory building the filters");
      }
      items.push(item);
    }
    const tuple = ctx.tuples.fromItems(items);
    release();
    if (tuple === 0) throw new Error("warnings: out of memory building the filters");
    abi.Py_XSETREF(this.state + WS_FILTERS, tuple);
    this.filtersMutated();
  }

  /** warnings.filterwarnings(action, message, category, module, lineno, append). */
  filterwarnings(action: WarningAction, opts: { message?: string; category?: number; module?: string; lineno?: number; append?: boolean } = {}): void {
    if (!(ACTIONS as readonly string[]).includes(action)) throw new RangeError(`invalid action: ${pyRepr(action)}`);
    const entry: WarningFilter = {
      action,
      message: opts.message ? { pattern: opts.message, flags: RE_IGNORECASE } : null,
      category: opts.category ?? this.ctx.addr.PyExc_Warning,
      module: opts.module ? { pattern: opts.module, flags: 0 } : null,
      lineno: opts.lineno ?? 0,
    };
    this.addFilter(entry, opts.append ?? false);
  }

  /** warnings.simplefilter(action, category, lineno, append). */
  simplefilter(action: WarningAction, opts: { category?: number; lineno?: number; append?: boolean } = {}): void {
    if (!(ACTIONS as readonly string[]).includes(action)) throw new RangeError(`invalid action: ${pyRepr(action)}`);
    this.addFilter({ action, message: null, category: opts.category ?? this.ctx.addr.PyExc_Warning, module: null, lineno: opts.lineno ?? 0 }, opts.append ?? false);
  }

  /** warnings.resetwarnings(): no filters at all. */
  resetwarnings(): void {
    this.setFilters([]);
  }

  /** _add_filter: an equal filter moves to the front (or stays, when appending). */
  private addFilter(entry: WarningFilter, append: boolean): void {
    const current = this.filters();
    const same = (f: WarningFilter) => f.action === entry.action && f.category === entry.category && f.lineno === entry.lineno && JSON.stringify(f.message) === JSON.stringify(entry.message) && JSON.stringify(f.module) === JSON.stringify(entry.module);
    const at = current.findIndex(same);
    if (append) {
      if (at < 0) current.push(entry);
    } else {
      if (at >= 0) current.splice(at, 1);
      current.unshift(entry);
    }
    this.setFilters(current);
  }

  /** One -W option (warnings._setoption). */
  private applyOption(arg: string): void {
    const p = parseWarnOption(arg);
    const category = this.optionCategory(p.category);
    this.addFilter({ action: p.action, message: p.message === null ? null : { pattern: p.message, flags: RE_IGNORECASE }, category, module: p.module === null ? null : { pattern: p.module, flags: 0 }, lineno: p.lineno }, false);
  }

  /** _getcategory: built-in exception names only (no import system). */
  private optionCategory(name: string): number {
    const { ctx } = this;
    if (name === "") return ctx.addr.PyExc_Warning;
    let klass = name;
    if (name.includes(".")) {
      const dot = name.lastIndexOf(".");
      const module = name.slice(0, dot);
      if (module !== "builtins") throw new OptionError(`invalid module name: ${pyRepr(module)}`);
      klass = name.slice(dot + 1);
    }
    const addr = (ctx.addr as unknown as Record<string, number | undefined>)[`PyExc_${klass}`];
    if (addr === undefined || ctx.typeName(addr) !== klass) throw new OptionError(`unknown warning category: ${pyRepr(name)}`);
    if (!ctx.types.isSubtype(addr, ctx.addr.PyExc_Warning)) throw new OptionError(`invalid warning category: ${pyRepr(name)}`);
    return addr;
  }

  private filtersMutated(): void {
    const p = this.state + WS_FILTERS_VERSION;
    writeSsize(this.ctx.heap, p, readSsize(this.ctx.heap, p) + 1);
  }

  private matchObject(m: FilterMatch): number {
    const { ctx } = this;
    if (m === null) return ctx.abi.Py_NewRef(ctx.addr.Py_None);
    if (typeof m === "string") return ctx.unicode.fromText(m);
    const pattern = ctx.unicode.fromText(m.pattern);
    const flags = ctx.numbers.longs.PyLong_FromLong(m.flags);
    const t = pattern !== 0 && flags !== 0 ? ctx.tuples.fromItems([pattern, flags]) : 0;
    ctx.abi.Py_XDECREF(pattern);
    ctx.abi.Py_XDECREF(flags);
    return t;
  }

  private matchOf(op: number): FilterMatch {
    const { ctx } = this;
    if (op === ctx.addr.Py_None) return null;
    if (ctx.unicode.PyUnicode_Check(op) !== 0) return ctx.unicode.text(op);
    const [pattern, flags] = this.items(op);
    return { pattern: ctx.unicode.text(pattern), flags: Number(ctx.numbers.longs.PyLong_AsLong(flags)) };
  }

  // ---- C API ------------------------------------------------------------------------------------

  /** PyErr_WarnEx(category, message, stack_level): 0, or -1 when the warning became an exception. */
  PyErr_WarnEx(category: number, message: string, stackLevel: number): number {
    const text = this.ctx.unicode.fromText(message);
    if (text === 0) return -1;
    const r = this.warnUnicode(category, text, stackLevel);
    this.ctx.abi.Py_DECREF(text);
    return r;
  }

  /** PyErr_WarnFormat(category, stack_level, format, ...). */
  PyErr_WarnFormat(category: number, stackLevel: number, format: string, ...args: FormatArg[]): number {
    const text = this.options.fromFormat(format, ...args);
    if (text === 0) return -1;
    const r = this.warnUnicode(category, text, stackLevel);
    this.ctx.abi.Py_DECREF(text);
    return r;
  }

  /** PyErr_ResourceWarning(source, stack_level, format, ...): a ResourceWarning (ignored by default). */
  PyErr_ResourceWarning(_source: number, stackLevel: number, format: string, ...args: FormatArg[]): number {
    return this.PyErr_WarnFormat(this.ctx.addr.PyExc_ResourceWarning, stackLevel, format, ...args);
  }

  /** PyErr_WarnExplicit(category, message, filename, lineno, module, registry). */
  PyErr_WarnExplicit(category: number, message: string, filename: string, lineno: number, module: string | null, registry: number): number {
    const { ctx } = this;
    const text = ctx.unicode.fromText(message);
    const file = ctx.unicode.fromText(filename);
    const mod = module === null ? 0 : ctx.unicode.fromText(module);
    let r = -1;
    if (text !== 0 && file !== 0 && (module === null || mod !== 0)) r = this.warnExplicit(category, text, file, lineno, mod, registry);
    ctx.abi.Py_XDECREF(text);
    ctx.abi.Py_XDECREF(file);
    ctx.abi.Py_XDECREF(mod);
    return r;
  }

  /** PyErr_WarnExplicitObject(category, message, filename, lineno, module, registry): objects. */
  PyErr_WarnExplicitObject(category: number, message: number, filename: number, lineno: number, module: number, registry: number): number {
    return this.warnExplicit(category, message, filename, lineno, module, registry);
  }

  /** PyErr_WarnExplicitFormat(category, filename, lineno, module, registry, format, ...). */
  PyErr_WarnExplicitFormat(category: number, filename: string, lineno: number, module: string | null, registry: number, format: string, ...args: FormatArg[]): number {
    const text = this.options.fromFormat(format, ...args);
    if (text === 0) return -1;
    const r = this.PyErr_WarnExplicit(category, this.ctx.unicode.text(text), filename, lineno, module, registry);
    this.ctx.abi.Py_DECREF(text);
    return r;
  }

  // ---- the engine ---------------------------------------------------------------------------------

  /** warn_unicode → do_warn: the no-frame context of setup_context. */
  private warnUnicode(category: number, message: number, _stackLevel: number): number {
    const { ctx } = this;
    const registry = this.sysRegistry();
    if (registry === 0) return -1;
    const filename = ctx.unicode.fromText("<sys>");
    const module = ctx.unicode.fromText("sys");
    let r = -1;
    if (filename !== 0 && module !== 0) r = this.warnExplicit(category === 0 ? ctx.addr.PyExc_RuntimeWarning : category, message, filename, 0, module, registry);
    ctx.abi.Py_XDECREF(filename);
    ctx.abi.Py_XDECREF(module);
    return r;
  }

  /** warn_explicit; 0 or -1. */
  private warnExplicit(categoryIn: number, messageIn: number, filename: number, lineno: number, moduleIn: number, registryIn: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const owned: number[] = [];
    const own = (x: number) => {
      if (x !== 0) owned.push(x);
      return x;
    };
    const done = (r: number) => {
      for (const x of owned) abi.Py_DECREF(x);
      return r;
    };
    let category = categoryIn === 0 ? ctx.addr.PyExc_RuntimeWarning : categoryIn;
    const registry = registryIn === ctx.addr.Py_None ? 0 : registryIn;
    if (registry !== 0 && ctx.dicts.PyDict_Check(registry) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "'registry' must be a dict or None");
      return -1;
    }
    const module = moduleIn !== 0 ? moduleIn : own(this.normalizeModule(filename));
    if (module === 0) return done(-1);
    let text: number;
    let message: number;
    if (ctx.types.isSubtype(abi.Py_TYPE(messageIn), ctx.addr.PyExc_Warning)) {
      text = own(ctx.unicode.PyObject_Str(messageIn));
      if (text === 0) return done(-1);
      category = abi.Py_TYPE(messageIn);
      message = messageIn;
    } else {
      text = messageIn;
      const args = ctx.tuples.fromItems([messageIn]);
      if (args === 0) return done(-1);
      message = own(ctx.proto.PyObject_Call(category, args, 0));
      abi.Py_DECREF(args);
      if (message === 0) return done(-1);
    }
    const linenoObj = own(ctx.numbers.longs.PyLong_FromLong(lineno));
    if (linenoObj === 0) return done(-1);
    const key = own(ctx.tuples.fromItems([text, category, linenoObj]));
    if (key === 0) return done(-1);
    if (registry !== 0) {
      const rc = this.alreadyWarned(registry, key, false);
      if (rc < 0) return done(-1);
      if (rc === 1) return done(0);
    }
    const found = this.getFilter(category, text, lineno, module);
    if (found === null) return done(-1);
    const { action, item } = found;
    if (action === "error") {
      ctx.err.PyErr_SetObject(category, message);
      return done(-1);
    }
    if (action === "ignore") return done(0);
    let rc = 0;
    if (action !== "always" && action !== "all") {
      if (registry !== 0 && ctx.dicts.PyDict_SetItem(registry, key, ctx.addr.Py_True) < 0) return done(-1);
      if (action === "once") {
        const once = this.onceRegistry();
        if (once === 0) return done(-1);
        rc = this.updateRegistry(once, text, category, false);
      } else if (action === "module") {
        if (registry !== 0) rc = this.updateRegistry(registry, text, category, false);
      } else if (action !== "default") {
        const itemRepr = item === 0 ? "None" : this.reprOf(item);
        ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, `Unrecognized action (${pyRepr(action)}) in warnings.filters:\n ${itemRepr}`);
        return done(-1);
      }
    }
    if (rc < 0) return done(-1);
    if (rc === 1) return done(0);
    this.showWarning(filename, lineno, category, text);
    return done(0);
  }

  /** show_warning without the warnings module: "file:line: Category: text\n". */
  private showWarning(filename: number, lineno: number, category: number, text: number): void {
    const { ctx } = this;
    const name = shortTypeName(ctx.typeName(category));
    this.options.stderr.write(`${ctx.unicode.text(filename)}:${lineno}: ${name}: ${ctx.unicode.text(text)}\n`);
  }

  /** get_filter: the action text and the matching item (0 for the default action), or null with an error set. */
  private getFilter(category: number, text: number, lineno: number, module: number): { action: string; item: number } | null {
    const { ctx } = this;
    const filters = this.field(WS_FILTERS);
    const items = filters === 0 ? [] : this.items(filters);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (ctx.tuples.PyTuple_Check(item) === 0 || ctx.abi.Py_SIZE(item) !== 5) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `warnings.filters item ${i} isn't a 5-tuple`);
        return null;
      }
      const [action, msg, cat, mod, lnObj] = this.items(item);
      if (ctx.unicode.PyUnicode_Check(action) === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `action must be a string, not '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(action)), 200)}'`);
        return null;
      }
      const goodMsg = this.checkMatched(msg, text);
      if (goodMsg < 0) return null;
      const goodMod = this.checkMatched(mod, module);
      if (goodMod < 0) return null;
      const isSubclass = ctx.types.isSubtype(category, cat);
      const ln = ctx.numbers.longs.PyLong_AsSsize_t(lnObj);
      if (ln === -1 && ctx.err.PyErr_Occurred() !== 0) return null;
      if (goodMsg && isSubclass && goodMod && (ln === 0 || ln === lineno)) return { action: ctx.unicode.text(action), item };
    }
    const def = this.field(WS_DEFAULT_ACTION);
    if (def === 0 || ctx.unicode.PyUnicode_Check(def) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `_warnings.defaultaction must be a string, not '${def === 0 ? "NoneType" : precisionS(ctx.typeName(ctx.abi.Py_TYPE(def)), 200)}'`);
      return null;
    }
    return { action: ctx.unicode.text(def), item: 0 };
  }

  /** check_matched: None matches, a str must be equal, a (pattern, flags) pair is re.match. 1, 0 or -1. */
  private checkMatched(obj: number, arg: number): number {
    const { ctx } = this;
    if (obj === ctx.addr.Py_None) return 1;
    if (ctx.unicode.PyUnicode_CheckExact(obj) !== 0) return ctx.unicode.text(obj) === ctx.unicode.text(arg) ? 1 : 0;
    if (ctx.tuples.PyTuple_Check(obj) !== 0 && ctx.abi.Py_SIZE(obj) === 2) {
      const [pattern, flags] = this.items(obj);
      if (ctx.unicode.PyUnicode_Check(pattern) !== 0) {
        const re = this.compile(ctx.unicode.text(pattern), Number(ctx.numbers.longs.PyLong_AsLong(flags)));
        return re.test(ctx.unicode.text(arg)) ? 1 : 0;
      }
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `'${precisionS(ctx.typeName(ctx.abi.Py_TYPE(obj)), 200)}' object has no attribute 'match'`);
    return -1;
  }

  /** A Python pattern as a JavaScript RegExp anchored at the start (\Z is the end of the text). */
  private compile(pattern: string, flags: number): RegExp {
    const key = `${flags}:${pattern}`;
    let re = this.regexCache.get(key);
    if (re === undefined) {
      re = new RegExp(`^(?:${pattern.replace(/\\Z/g, "$")})`, (flags & RE_IGNORECASE) !== 0 ? "is" : "s");
      this.regexCache.set(key, re);
    }
    return re;
  }

  /** already_warned: 1 when `key` is in an up-to-date registry, else 0 (-1 on error). */
  private alreadyWarned(registry: number, key: number, shouldSet: boolean): number {
    const { ctx } = this;
    const d = ctx.dicts;
    const version = readSsize(ctx.heap, this.state + WS_FILTERS_VERSION);
    const vkey = ctx.unicode.fromText("version");
    if (vkey === 0) return -1;
    const current = d.PyDict_GetItemWithError(registry, vkey);
    if (current === 0 && ctx.err.PyErr_Occurred() !== 0) {
      ctx.abi.Py_DECREF(vkey);
      return -1;
    }
    const upToDate = current !== 0 && ctx.numbers.longs.PyLong_Check(current) !== 0 && ctx.numbers.longs.PyLong_AsSsize_t(current) === version;
    if (!upToDate) {
      ctx.err.PyErr_Clear();
      d.PyDict_Clear(registry);
      const v = ctx.numbers.longs.PyLong_FromSsize_t(version);
      const r = v === 0 ? -1 : d.PyDict_SetItem(registry, vkey, v);
      ctx.abi.Py_XDECREF(v);
      ctx.abi.Py_DECREF(vkey);
      if (r < 0) return -1;
    } else {
      ctx.abi.Py_DECREF(vkey);
      const seen = d.PyDict_GetItemWithError(registry, key);
      if (seen === 0 && ctx.err.PyErr_Occurred() !== 0) return -1;
      if (seen !== 0) {
        const t = ctx.proto.PyObject_IsTrue(seen);
        if (t < 0) return -1;
        if (t === 1) return 1;
      }
    }
    if (shouldSet) return d.PyDict_SetItem(registry, key, ctx.addr.Py_True) < 0 ? -1 : 0;
    return 0;
  }

  /** update_registry: key (text, category[, 0]) → already_warned with should_set. */
  private updateRegistry(registry: number, text: number, category: number, addZero: boolean): number {
    const { ctx } = this;
    let key: number;
    if (addZero) {
      const zero = ctx.numbers.longs.PyLong_FromLong(0);
      key = zero === 0 ? 0 : ctx.tuples.fromItems([text, category, zero]);
      ctx.abi.Py_XDECREF(zero);
    } else key = ctx.tuples.fromItems([text, category]);
    if (key === 0) return -1;
    const rc = this.alreadyWarned(registry, key, true);
    ctx.abi.Py_DECREF(key);
    return rc;
  }

  /** normalize_module: the filename without ".py" ("<unknown>" for an empty result). */
  private normalizeModule(filename: number): number {
    const { ctx } = this;
    const f = ctx.unicode.text(filename);
    if (f.length === 0) return ctx.unicode.fromText("<unknown>");
    if (f.endsWith(".py")) return ctx.unicode.fromText(f.slice(0, -3));
    return ctx.abi.Py_NewRef(filename);
  }

  /** A registry dict kept in the state block (created on first use). */
  private lazyDict(off: number): number {
    const { ctx } = this;
    const cur = this.field(off);
    if (cur !== 0) return cur;
    const d = ctx.dicts.PyDict_New();
    if (d === 0) return 0;
    ctx.heap.u32[(this.state + off) >>> 2] = d;
    ctx.heap.u32[(this.state + off + 4) >>> 2] = 0;
    return d;
  }

  private sysRegistry(): number {
    return this.lazyDict(WS_SYS_REGISTRY);
  }

  private onceRegistry(): number {
    return this.lazyDict(WS_ONCE_REGISTRY);
  }

  private reprOf(op: number): string {
    const r = this.ctx.unicode.PyObject_Repr(op);
    if (r === 0) {
      this.ctx.err.PyErr_Clear();
      return "?";
    }
    const t = this.ctx.unicode.text(r);
    this.ctx.abi.Py_DECREF(r);
    return t;
  }
}
