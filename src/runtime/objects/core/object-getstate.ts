/**
 * _PyObject_GetState (Objects/typeobject.c object_getstate, required = 0, CPython 3.14): the state
 * set.__reduce__ (and later pickling) records for an object.
 *
 *   obj.__getstate__ defined by the class (or the instance): its result
 *   otherwise (object_getstate_default)
 *     state   None when the instance dict is empty or absent, else the dict itself
 *     slots   for each name of _PyType_GetSlotNames(type) that obj has a value for: {name: value};
 *             when there is one, the state is (state, slots)
 *   _PyType_GetSlotNames   type.__dict__['__slotnames__'] when it is a list (None or absent: the
 *             names are computed; anything else: TypeError "C.__slotnames__ should be a list or
 *             None, not int"); computing is copyreg._slotnames: the __slots__ of every class of the
 *             MRO (a str counts as one name), without __dict__ / __weakref__, private names
 *             mangled; then cached as C.__slotnames__ (failures ignored, as copyreg does)
 *
 * poick has no object.__getstate__ yet, so a `__getstate__` found by attribute lookup is always an
 * override and is called; CPython finds object's own and runs the default directly.
 */

import { typeField } from "../../../refcount/type-access.js";
import type { ObjectContext } from "./context.js";
import { tupleItems } from "./mro.js";

/** _PyObject_GetState(obj): a new reference, or 0 with an error set. */
export function objectGetState(ctx: ObjectContext, obj: number): number {
  const abi = ctx.abi;
  const getstate = optionalAttr(ctx, obj, "__getstate__");
  if (getstate < 0) return 0;
  if (getstate !== 0) {
    const r = ctx.call.PyObject_CallFunctionObjArgs(getstate);
    abi.Py_DECREF(getstate);
    return r;
  }
  let state: number;
  if (ctx.dictManaged._PyObject_IsInstanceDictEmpty(obj) !== 0) state = abi.Py_NewRef(ctx.addr.Py_None);
  else {
    state = ctx.dictManaged.PyObject_GenericGetDict(obj);
    if (state === 0) return 0;
  }
  const names = slotNames(ctx, abi.Py_TYPE(obj));
  if (names === 0) {
    abi.Py_DECREF(state);
    return 0;
  }
  const fail = (...objs: number[]) => {
    for (const o of objs) abi.Py_XDECREF(o);
    return 0;
  };
  const n = ctx.lists.PyList_GET_SIZE(names);
  if (n > 0) {
    const slots = ctx.dicts.PyDict_New();
    if (slots === 0) return fail(state, names);
    for (let i = 0; i < ctx.lists.PyList_GET_SIZE(names); i++) {
      const name = ctx.lists.PyList_GET_ITEM(names, i);
      const out = { value: 0 };
      if (ctx.attrs.PyObject_GetOptionalAttr(obj, name, out) < 0) return fail(state, names, slots);
      if (out.value === 0) continue;
      const r = ctx.dicts.PyDict_SetItem(slots, name, out.value);
      abi.Py_DECREF(out.value);
      if (r < 0) return fail(state, names, slots);
    }
    if (ctx.dicts.PyDict_GET_SIZE(slots) > 0) {
      const pair = ctx.tuples.PyTuple_Pack(2, state, slots);
      abi.Py_DECREF(state);
      state = pair;
    }
    abi.Py_DECREF(slots);
  }
  abi.Py_DECREF(names);
  return state;
}

/** obj.<name>: a new reference, 0 when absent, -1 on error. */
function optionalAttr(ctx: ObjectContext, obj: number, name: string): number {
  const key = ctx.unicode.fromText(name);
  if (key === 0) return -1;
  const out = { value: 0 };
  const r = ctx.attrs.PyObject_GetOptionalAttr(obj, key, out);
  ctx.abi.Py_DECREF(key);
  return r < 0 ? -1 : out.value;
}

/** _PyType_GetSlotNames: a new list, or 0 with an error set. */
function slotNames(ctx: ObjectContext, cls: number): number {
  const abi = ctx.abi;
  const cached = typeDictItem(ctx, cls, "__slotnames__");
  if (cached < 0) return 0;
  if (cached !== 0 && cached !== ctx.addr.Py_None) {
    if (ctx.lists.PyList_Check(cached) !== 0) return abi.Py_NewRef(cached);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${ctx.typeName(cls).slice(0, 200)}.__slotnames__ should be a list or None, not ${ctx.typeName(abi.Py_TYPE(cached)).slice(0, 200)}`);
    return 0;
  }
  // copyreg._slotnames(cls)
  const names: string[] = [];
  for (const c of tupleItems(ctx, typeField(ctx.heap, cls, "tp_mro"))) {
    const slots = typeDictItem(ctx, c, "__slots__");
    if (slots < 0) return 0;
    if (slots === 0) continue;
    const items = ctx.unicode.PyUnicode_Check(slots) !== 0 ? [slots] : null;
    const seq = items ?? iterate(ctx, slots);
    if (seq === null) return 0;
    for (const item of seq) {
      if (ctx.unicode.PyUnicode_Check(item) === 0) continue;
      const name = ctx.unicode.text(item);
      if (name === "__dict__" || name === "__weakref__") continue;
      if (name.startsWith("__") && !name.endsWith("__")) {
        const stripped = ctx.typeName(c).replace(/^.*\./, "").replace(/^_+/, "");
        names.push(stripped !== "" ? `_${stripped}${name}` : name);
      } else names.push(name);
    }
    if (items === null) for (const o of seq) abi.Py_DECREF(o);
  }
  const list = ctx.lists.PyList_New(0);
  if (list === 0) return 0;
  for (const n of names) {
    const s = ctx.unicode.fromText(n);
    const r = s === 0 ? -1 : ctx.lists.PyList_Append(list, s);
    abi.Py_XDECREF(s);
    if (r < 0) {
      abi.Py_DECREF(list);
      return 0;
    }
  }
  // cls.__slotnames__ = names, ignoring failures
  if (ctx.attrs.PyObject_SetAttrString(cls, "__slotnames__", list) < 0) ctx.err.PyErr_Clear();
  return list;
}

/** type.__dict__[name] (borrowed), 0 when absent, -1 on error. */
function typeDictItem(ctx: ObjectContext, type: number, name: string): number {
  const dict = typeField(ctx.heap, type, "tp_dict");
  if (dict === 0) return 0;
  const key = ctx.unicode.fromText(name);
  if (key === 0) return -1;
  const v = ctx.dicts.PyDict_GetItemWithError(dict, key);
  ctx.abi.Py_DECREF(key);
  return v === 0 && ctx.err.PyErr_Occurred() !== 0 ? -1 : v;
}

/** The items of an iterable as new references, or null with an error set. */
function iterate(ctx: ObjectContext, o: number): number[] | null {
  const it = ctx.abstract.iter.PyObject_GetIter(o);
  if (it === 0) return null;
  const out: number[] = [];
  for (;;) {
    const x = ctx.abstract.iter.PyIter_Next(it);
    if (x === 0) break;
    out.push(x);
  }
  ctx.abi.Py_DECREF(it);
  if (ctx.err.PyErr_Occurred() !== 0) {
    for (const x of out) ctx.abi.Py_DECREF(x);
    return null;
  }
  return out;
}
