/**
 * Model-based commands (fc.commands) for the C API's reference operations: create objects,
 * Py_INCREF / Py_DECREF, PyList_Append / SetItem (stealing) / SetSlice, PyDict_SetItem / DelItem /
 * Clear, PySet_Add / Discard / Clear, PyTuple_Pack. Every command checks its C API result, then
 * every live object's Py_REFCNT and every container's size against the RefModel.
 *
 * Operands are drawn as indices and resolved against the live objects when the command runs, so
 * shrinking keeps sequences valid; a command whose operands cannot be resolved (no list yet, say)
 * is skipped by `check`. `toString` prints the call as C (`PyList_Append(o3, o1)`), so a shrunk
 * failure reads as the program that fails.
 */

import fc from "fast-check";
import { checkHeap } from "./check-heap.js";
import { IMMORTAL_REFCNT, KitError, type KitRuntime } from "./kit-runtime.js";
import { RefModel, type ModelObject } from "./refcount-model.js";

export interface RealWorld {
  rt: KitRuntime;
  /** Run checkHeap after every command (needs trace_refs). */
  checkHeapEveryStep: boolean;
}

export type KitCommand = fc.Command<RefModel, RealWorld>;

const SMALL_INT_MIN = -5;
const SMALL_INT_MAX = 256;

/** Verify every live model object's reference count and every container's size. */
export function verifyModel(model: RefModel, real: RealWorld, after: string): void {
  const { rt } = real;
  for (const o of model.live()) {
    const actual = rt.Py_REFCNT(o.addr);
    const expected = o.immortal ? IMMORTAL_REFCNT : model.predicted(o.id);
    if (actual !== expected) throw new KitError(`after ${after}: Py_REFCNT(o${o.id}) is ${actual}, the model predicts ${expected}`);
    const size = sizeOf(rt, o);
    const want = o.kind === "dict" ? o.entries.size : o.kind === "set" ? o.members.size : o.items.length;
    if (size !== null && size !== want) throw new KitError(`after ${after}: o${o.id} (${o.kind}) has size ${size}, the model predicts ${want}`);
  }
  if (real.checkHeapEveryStep) checkHeap(real.rt);
}

function sizeOf(rt: KitRuntime, o: ModelObject): number | null {
  switch (o.kind) {
    case "list":
      return rt.PyList_Size(o.addr);
    case "tuple":
      return rt.PyTuple_Size(o.addr);
    case "dict":
      return rt.PyDict_Size(o.addr);
    case "set":
      return rt.PySet_Size(o.addr);
    default:
      return null;
  }
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function ok(rt: KitRuntime, rc: number, call: string): void {
  if (rc < 0) {
    const exc = rt.PyErr_GetRaisedException();
    const text = exc === 0 ? "no exception set" : rt.objects.repr(exc);
    if (exc !== 0) rt.Py_DECREF(exc);
    throw new KitError(`${call} failed: ${text}`);
  }
}

/** Base: the text of the call once operands are resolved. */
abstract class Cmd implements KitCommand {
  protected text = "";
  abstract check(m: Readonly<RefModel>): boolean;
  abstract run(m: RefModel, r: RealWorld): void;
  toString(): string {
    return this.text || this.constructor.name;
  }
  protected finish(m: RefModel, r: RealWorld, text: string): void {
    this.text = text;
    verifyModel(m, r, text);
  }
}

class NewInt extends Cmd {
  constructor(private readonly value: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  run(m: RefModel, r: RealWorld): void {
    const addr = r.rt.PyLong_FromLong(this.value);
    if (addr === 0) ok(r.rt, -1, "PyLong_FromLong");
    const o = m.add("int", addr, { immortal: this.value >= SMALL_INT_MIN && this.value <= SMALL_INT_MAX, key: `int:${this.value}` });
    this.finish(m, r, `o${o.id} = PyLong_FromLong(${this.value})`);
  }
}

class NewStr extends Cmd {
  constructor(private readonly value: string) {
    super();
  }
  check(): boolean {
    return true;
  }
  run(m: RefModel, r: RealWorld): void {
    const addr = r.rt.PyUnicode_FromString(this.value);
    if (addr === 0) ok(r.rt, -1, "PyUnicode_FromString");
    const o = m.add("str", addr, { key: `str:${this.value}` });
    this.finish(m, r, `o${o.id} = PyUnicode_FromString(${JSON.stringify(this.value)})`);
  }
}

class NewContainer extends Cmd {
  constructor(private readonly kind: "list" | "dict" | "set") {
    super();
  }
  check(): boolean {
    return true;
  }
  run(m: RefModel, r: RealWorld): void {
    const { rt } = r;
    const [addr, call] = this.kind === "list" ? [rt.PyList_New(0), "PyList_New(0)"] : this.kind === "dict" ? [rt.PyDict_New(), "PyDict_New()"] : [rt.PySet_New(0), "PySet_New(NULL)"];
    if (addr === 0) ok(rt, -1, call);
    const o = m.add(this.kind, addr);
    this.finish(m, r, `o${o.id} = ${call}`);
  }
}

class NewTuple extends Cmd {
  constructor(private readonly picks: number[]) {
    super();
  }
  check(m: Readonly<RefModel>): boolean {
    return this.picks.length === 0 || m.live().length > 0;
  }
  run(m: RefModel, r: RealWorld): void {
    const live = m.live();
    const items = this.picks.map((i) => pick(live, i) as ModelObject);
    const addr = r.rt.PyTuple_Pack(items.length, ...items.map((o) => o.addr));
    if (addr === 0) ok(r.rt, -1, "PyTuple_Pack");
    // The empty tuple is a static immortal singleton.
    const o = m.add("tuple", addr, { immortal: items.length === 0, items: items.map((x) => x.id) });
    this.finish(m, r, `o${o.id} = PyTuple_Pack(${[items.length, ...items.map((x) => `o${x.id}`)].join(", ")})`);
  }
}

/** The objects the test owns a reference to, of `kind` (null: any kind). */
function owned(m: Readonly<RefModel>, kind: ModelObject["kind"] | null): ModelObject[] {
  return m.live((o) => o.ext > 0 && (kind === null || o.kind === kind));
}

/** A command on one object the test owns: resolve it, `apply` the call, record the C text. */
abstract class OnOwned extends Cmd {
  constructor(private readonly i: number, private readonly kind: ModelObject["kind"] | null = null) {
    super();
  }
  check(m: Readonly<RefModel>): boolean {
    return owned(m, this.kind).length > 0;
  }
  run(m: RefModel, r: RealWorld): void {
    const o = pick(owned(m, this.kind), this.i) as ModelObject;
    this.finish(m, r, this.apply(m, r.rt, o));
  }
  /** Make the call on `o`, update the model; the call as C. */
  protected abstract apply(m: RefModel, rt: KitRuntime, o: ModelObject): string;
}

class Incref extends OnOwned {
  protected apply(m: RefModel, rt: KitRuntime, o: ModelObject): string {
    rt.Py_INCREF(o.addr);
    o.ext++;
    return `Py_INCREF(o${o.id})`;
  }
}

class Decref extends OnOwned {
  protected apply(m: RefModel, rt: KitRuntime, o: ModelObject): string {
    rt.Py_DECREF(o.addr);
    o.ext--;
    m.sweep();
    return `Py_DECREF(o${o.id})`;
  }
}

/** Operands: a container of `kind` the test owns and an object that cannot reach it (no cycles). */
function containerAndItem(m: Readonly<RefModel>, kind: ModelObject["kind"], ci: number, ii: number, itemOk: (o: ModelObject) => boolean = () => true): [ModelObject, ModelObject] | null {
  const c = pick(owned(m, kind), ci);
  if (c === undefined) return null;
  const item = pick(m.live((o) => o.ext > 0 && itemOk(o) && !m.reaches(o.id, c.id)), ii);
  return item === undefined ? null : [c, item];
}

const isKey = (o: ModelObject): boolean => o.key !== null;

/** A command on a container of `kind` and an item (containerAndItem): resolve both, `apply`. */
abstract class OnContainerItem extends Cmd {
  constructor(private readonly kind: ModelObject["kind"], private readonly ci: number, private readonly ii: number, private readonly itemOk?: (o: ModelObject) => boolean) {
    super();
  }
  check(m: Readonly<RefModel>): boolean {
    const pair = containerAndItem(m, this.kind, this.ci, this.ii, this.itemOk);
    return pair !== null && this.accepts(pair[0]);
  }
  run(m: RefModel, r: RealWorld): void {
    const [c, x] = containerAndItem(m, this.kind, this.ci, this.ii, this.itemOk) as [ModelObject, ModelObject];
    this.finish(m, r, this.apply(m, r.rt, c, x));
  }
  /** Further conditions on the container. */
  protected accepts(_c: ModelObject): boolean {
    return true;
  }
  /** Make the call, update the model; the call as C. */
  protected abstract apply(m: RefModel, rt: KitRuntime, c: ModelObject, x: ModelObject): string;
}

class ListAppend extends OnContainerItem {
  constructor(ci: number, ii: number) {
    super("list", ci, ii);
  }
  protected apply(m: RefModel, rt: KitRuntime, l: ModelObject, x: ModelObject): string {
    ok(rt, rt.PyList_Append(l.addr, x.addr), "PyList_Append");
    l.items.push(x.id);
    return `PyList_Append(o${l.id}, o${x.id})`;
  }
}

/** PyList_SetItem steals the item reference, so the test gives up one of its own. */
class ListSetItem extends OnContainerItem {
  constructor(ci: number, ii: number, private readonly index: number) {
    super("list", ci, ii);
  }
  protected override accepts(l: ModelObject): boolean {
    return l.items.length > 0;
  }
  protected apply(m: RefModel, rt: KitRuntime, l: ModelObject, x: ModelObject): string {
    const i = this.index % l.items.length;
    ok(rt, rt.PyList_SetItem(l.addr, i, x.addr), "PyList_SetItem");
    x.ext--;
    l.items[i] = x.id;
    m.sweep();
    return `PyList_SetItem(o${l.id}, ${i}, o${x.id})  /* steals o${x.id} */`;
  }
}

class ListClear extends OnOwned {
  constructor(ci: number) {
    super(ci, "list");
  }
  protected apply(m: RefModel, rt: KitRuntime, l: ModelObject): string {
    const n = l.items.length;
    ok(rt, rt.PyList_SetSlice(l.addr, 0, n, 0), "PyList_SetSlice");
    l.items = [];
    m.sweep();
    return `PyList_SetSlice(o${l.id}, 0, ${n}, NULL)`;
  }
}

class DictSetItem extends Cmd {
  constructor(private readonly ci: number, private readonly ki: number, private readonly vi: number) {
    super();
  }
  private operands(m: Readonly<RefModel>): [ModelObject, ModelObject, ModelObject] | null {
    const kv = containerAndItem(m, "dict", this.ci, this.ki, isKey);
    const vv = containerAndItem(m, "dict", this.ci, this.vi);
    return kv === null || vv === null ? null : [kv[0], kv[1], vv[1]];
  }
  check(m: Readonly<RefModel>): boolean {
    return this.operands(m) !== null;
  }
  run(m: RefModel, r: RealWorld): void {
    const [d, k, v] = this.operands(m) as [ModelObject, ModelObject, ModelObject];
    ok(r.rt, r.rt.PyDict_SetItem(d.addr, k.addr, v.addr), "PyDict_SetItem");
    const old = d.entries.get(k.key as string);
    d.entries.set(k.key as string, [old === undefined ? k.id : old[0], v.id]);
    m.sweep();
    this.finish(m, r, `PyDict_SetItem(o${d.id}, o${k.id}, o${v.id})`);
  }
}

class DictDelItem extends Cmd {
  constructor(private readonly ci: number, private readonly ei: number) {
    super();
  }
  check(m: Readonly<RefModel>): boolean {
    return m.live((o) => o.kind === "dict" && o.ext > 0 && o.entries.size > 0).length > 0;
  }
  run(m: RefModel, r: RealWorld): void {
    const d = pick(m.live((o) => o.kind === "dict" && o.ext > 0 && o.entries.size > 0), this.ci) as ModelObject;
    const [eq, [kid]] = pick([...d.entries], this.ei) as [string, [number, number]];
    const key = m.get(kid);
    // Delete through the stored key object: it is alive as long as the entry is.
    ok(r.rt, r.rt.PyDict_DelItem(d.addr, key.addr), "PyDict_DelItem");
    d.entries.delete(eq);
    m.sweep();
    this.finish(m, r, `PyDict_DelItem(o${d.id}, o${key.id})`);
  }
}

class DictClear extends OnOwned {
  constructor(ci: number) {
    super(ci, "dict");
  }
  protected apply(m: RefModel, rt: KitRuntime, d: ModelObject): string {
    rt.PyDict_Clear(d.addr);
    d.entries.clear();
    m.sweep();
    return `PyDict_Clear(o${d.id})`;
  }
}

class SetAdd extends OnContainerItem {
  constructor(ci: number, ki: number) {
    super("set", ci, ki, isKey);
  }
  protected apply(m: RefModel, rt: KitRuntime, s: ModelObject, k: ModelObject): string {
    ok(rt, rt.PySet_Add(s.addr, k.addr), "PySet_Add");
    if (!s.members.has(k.key as string)) s.members.set(k.key as string, k.id);
    return `PySet_Add(o${s.id}, o${k.id})`;
  }
}

class SetDiscard extends OnContainerItem {
  constructor(ci: number, ki: number) {
    super("set", ci, ki, isKey);
  }
  protected apply(m: RefModel, rt: KitRuntime, s: ModelObject, k: ModelObject): string {
    const rc = rt.PySet_Discard(s.addr, k.addr);
    ok(rt, rc, "PySet_Discard");
    const present = s.members.has(k.key as string);
    if (rc !== (present ? 1 : 0)) throw new KitError(`PySet_Discard(o${s.id}, o${k.id}) returned ${rc}, the model predicts ${present ? 1 : 0}`);
    s.members.delete(k.key as string);
    m.sweep();
    return `PySet_Discard(o${s.id}, o${k.id})`;
  }
}

class SetClear extends OnOwned {
  constructor(ci: number) {
    super(ci, "set");
  }
  protected apply(m: RefModel, rt: KitRuntime, s: ModelObject): string {
    ok(rt, rt.PySet_Clear(s.addr), "PySet_Clear");
    s.members.clear();
    m.sweep();
    return `PySet_Clear(o${s.id})`;
  }
}

export interface CommandOptions {
  /** Longest sequence (default 60). */
  maxCommands?: number;
  /** Your own commands (extension-style code under test), mixed in with the kit's. */
  extra?: fc.Arbitrary<KitCommand>[];
}

/** The kit's command arbitraries: the C API's reference operations on ints, strs, tuples, lists, dicts and sets. */
export function refcountCommandArbitraries(): fc.Arbitrary<KitCommand>[] {
  const n = fc.nat({ max: 1000 });
  // A small alphabet and range make equal dict keys and set members common.
  const text = fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "ω", "😀"), minLength: 2, maxLength: 3 });
  return [
    fc.oneof(fc.integer({ min: -10, max: 300 }), fc.integer({ min: 1000, max: 1010 })).map((v) => new NewInt(v)),
    text.map((s) => new NewStr(s)),
    fc.constantFrom("list", "dict", "set").map((k) => new NewContainer(k as "list" | "dict" | "set")),
    fc.array(n, { maxLength: 3 }).map((p) => new NewTuple(p)),
    n.map((i) => new Incref(i)),
    n.map((i) => new Decref(i)),
    fc.tuple(n, n).map(([c, i]) => new ListAppend(c, i)),
    fc.tuple(n, n, n).map(([c, i, x]) => new ListSetItem(c, i, x)),
    n.map((c) => new ListClear(c)),
    fc.tuple(n, n, n).map(([c, k, v]) => new DictSetItem(c, k, v)),
    fc.tuple(n, n).map(([c, e]) => new DictDelItem(c, e)),
    n.map((c) => new DictClear(c)),
    fc.tuple(n, n).map(([c, k]) => new SetAdd(c, k)),
    fc.tuple(n, n).map(([c, k]) => new SetDiscard(c, k)),
    n.map((c) => new SetClear(c)),
  ];
}

export function refcountCommands(options: CommandOptions = {}): fc.Arbitrary<Iterable<KitCommand>> {
  return fc.commands([...refcountCommandArbitraries(), ...(options.extra ?? [])], { maxCommands: options.maxCommands ?? 60 });
}
