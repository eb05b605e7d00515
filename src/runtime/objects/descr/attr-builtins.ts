/**
 * The Python-level attributes of the types the attribute layer owns: object, type, the
 * descriptors, builtin functions and method-wrapper (Objects/typeobject.c object_methods /
 * object_getsets / type_members / type_getsets / type_methods, Objects/descrobject.c,
 * Objects/methodobject.c). Written into tp_methods / tp_members / tp_getset before the static
 * types are readied, so PyType_Ready turns them into descriptors.
 *
 * object.__class__ assignment, object.__init_subclass__, type.__module__ / __doc__ /
 * __abstractmethods__ come from type-getsets.ts.
 *
 * type.__subclasses__ reads tp_subclasses (type-subclasses.ts); type.__instancecheck__ /
 * __subclasscheck__ are _PyObject_RealIsInstance / _PyObject_RealIsSubclass (abstract-object.ts).
 *
 * Missing (needs types that do not exist yet): __annotations__, object.__reduce__/__reduce_ex__, __subclasshook__.
 */

import { METH_CLASS, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { readCString } from "../../../refcount/cstring.js";
import type { getter, setter } from "../../../refcount/slot-signatures.js";
import { setTypeField, typeField, typeFlags } from "../../../refcount/type-access.js";
import { HT, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_IMMUTABLETYPE, TP } from "../../../refcount/type-layout.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { DefTables, GetSetSpec, MemberSpec } from "./descr-defs.js";
import { docWithoutSignature } from "./attr-typedict.js";
import { CFUNC, DESCR, METHODDESCR, METHODWRAPPER, ML, Py_READONLY, Py_T_OBJECT_EX, Py_T_PYSSIZET, WB, WRAPPERDESCR, _Py_T_OBJECT } from "./descr-layout.js";
import { typeQualname } from "./methodobject.js";
import { TypeGetsets } from "../core/type-getsets.js";
import { TypeSetBases } from "../core/type-set-bases.js";
import { formatMethodEntry } from "../core/object-format.js";

export interface TypeTables {
  readonly methods?: readonly MethodTableEntry[];
  readonly members?: readonly MemberSpec[];
  readonly getset?: readonly GetSetSpec[];
}

/** Point a type's tp_methods / tp_members / tp_getset at heap arrays built from `tables`. */
export function installTables(ctx: ObjectContext, defs: DefTables, type: number, tables: TypeTables): void {
  const heap = ctx.heap;
  const owner = ctx.typeName(type);
  if (tables.methods !== undefined && tables.methods.length > 0) setTypeField(heap, type, "tp_methods", defs.methodDefs(owner, tables.methods));
  if (tables.members !== undefined && tables.members.length > 0) setTypeField(heap, type, "tp_members", defs.memberDefs(tables.members));
  if (tables.getset !== undefined && tables.getset.length > 0) setTypeField(heap, type, "tp_getset", defs.getsetDefs(owner, tables.getset));
}

/** Docstring and __text_signature__ from a C doc with an optional "name(sig)\n--\n\n" header. */
function splitDoc(name: string, doc: string | null): { doc: string | null; sig: string | null } {
  if (doc === null) return { doc: null, sig: null };
  const body = docWithoutSignature(name, doc);
  if (body === doc) return { doc, sig: null };
  return { doc: body, sig: doc.slice(name.length, doc.indexOf(")\n--\n\n") + 1) };
}

/** The tables of object, type, the descriptor types and the builtin-function types, by static key. */
export function builtinTables(ctx: ObjectContext): Partial<Record<StaticKey, TypeTables>> {
  const heap = ctx.heap;
  const abi = ctx.abi;
  const str = (s: string | null): number => (s === null ? abi.Py_NewRef(ctx.addr.Py_None) : ctx.unicode.PyUnicode_FromString(s));
  const u32 = (a: number) => heap.u32[a >>> 2];
  const cstr = (a: number) => (u32(a) === 0 ? null : readCString(heap, u32(a)));

  // ---- object ----
  const objectClass: getter = (self) => abi.Py_NewRef(abi.Py_TYPE(self));
  const typeGetsets = new TypeGetsets(ctx);
  const objectSetClass: setter = typeGetsets.setClass;
  const objectDir = (self: number) => ctx.attrs.objectDir(self);
  const object: TypeTables = {
    methods: [
      { name: "__dir__", flags: METH_NOARGS, fn: (self: number) => objectDir(self), doc: "__dir__($self, /)\n--\n\nDefault dir() implementation." },
      formatMethodEntry(ctx, "object"),
      {
        name: "__init_subclass__",
        flags: METH_CLASS | METH_NOARGS,
        fn: () => abi.Py_NewRef(ctx.addr.Py_None),
        doc: "__init_subclass__($cls, /)\n--\n\nThis method is called when a class is subclassed.\n\nThe default implementation does nothing. It may be\noverridden to extend subclasses.\n",
      },
    ],
    getset: [{ name: "__class__", get: objectClass, set: objectSetClass }],
  };

  // ---- type ----
  const truth = (r: number): number => (r < 0 ? 0 : abi.Py_NewRef(r !== 0 ? ctx.addr.Py_True : ctx.addr.Py_False));
  const typeName: getter = (t) => {
    if ((typeFlags(heap, t) & Py_TPFLAGS_HEAPTYPE) !== 0 && u32(t + HT.ht_name) !== 0) return abi.Py_NewRef(u32(t + HT.ht_name));
    const n = ctx.typeName(t);
    return str(n.slice(n.lastIndexOf(".") + 1));
  };
  const typeQual: getter = (t) => str(typeQualname(ctx, t));
  const typeModule: getter = typeGetsets.module;
  const typeDoc: getter = typeGetsets.doc;
  const typeBases: getter = (t) => abi.Py_NewRef(typeField(heap, t, "tp_bases") || ctx.addr._Py_tuple_empty);
  const typeMro: getter = (t) => abi.Py_NewRef(typeField(heap, t, "tp_mro") || ctx.addr.Py_None);
  // type_dict: a mappingproxy of tp_dict (None before the type has a dict)
  const typeDict: getter = (t) => {
    const d = typeField(heap, t, "tp_dict");
    if (d === 0) return abi.Py_NewRef(ctx.addr.Py_None);
    const proxyNew = ctx.capi("PyDictProxy_New") as ((m: number) => number) | null;
    return proxyNew === null ? ctx.unwired("PyDictProxy_New (type.__dict__)") : proxyNew(d);
  };
  const type: TypeTables = {
    methods: [
      { name: "mro", flags: METH_NOARGS, fn: (t: number) => ctx.attrs.typeMroList(t), doc: "mro($self, /)\n--\n\nReturn a type's method resolution order." },
      { name: "__subclasses__", flags: METH_NOARGS, fn: (t: number) => ctx.types.subclasses.list(t), doc: "__subclasses__($self, /)\n--\n\nReturn a list of immediate subclasses." },
      // type_prepare: the class body's namespace, whatever the arguments
      { name: "__prepare__", flags: METH_FASTCALL | METH_KEYWORDS | METH_CLASS, fn: () => ctx.dicts.PyDict_New(), doc: "__prepare__($cls, name, bases, /, **kwds)\n--\n\nCreate the namespace for the class statement" },
      { name: "__instancecheck__", flags: METH_O, fn: (t: number, inst: number) => truth(ctx.abstract.object._PyObject_RealIsInstance(inst, t)), doc: "__instancecheck__($self, instance, /)\n--\n\nCheck if an object is an instance." },
      { name: "__subclasscheck__", flags: METH_O, fn: (t: number, sub: number) => truth(ctx.abstract.object._PyObject_RealIsSubclass(sub, t)), doc: "__subclasscheck__($self, subclass, /)\n--\n\nCheck if a class is a subclass." },
      { name: "__dir__", flags: METH_NOARGS, fn: (t: number) => ctx.attrs.typeDir(t), doc: "__dir__($self, /)\n--\n\nSpecialized __dir__ implementation for types." },
    ],
    members: [
      { name: "__basicsize__", type: Py_T_PYSSIZET, offset: TP.tp_basicsize, flags: Py_READONLY },
      { name: "__itemsize__", type: Py_T_PYSSIZET, offset: TP.tp_itemsize, flags: Py_READONLY },
      { name: "__flags__", type: 12 /* Py_T_ULONG */, offset: TP.tp_flags, flags: Py_READONLY },
      { name: "__weakrefoffset__", type: Py_T_PYSSIZET, offset: TP.tp_weaklistoffset, flags: Py_READONLY },
      { name: "__base__", type: _Py_T_OBJECT, offset: TP.tp_base, flags: Py_READONLY },
      { name: "__dictoffset__", type: Py_T_PYSSIZET, offset: TP.tp_dictoffset, flags: Py_READONLY },
    ],
    getset: [
      { name: "__name__", get: typeName, set: typeGetsets.setName },
      { name: "__qualname__", get: typeQual, set: typeGetsets.setQualname },
      { name: "__bases__", get: typeBases, set: new TypeSetBases(ctx, typeGetsets).setBases },
      { name: "__mro__", get: typeMro },
      { name: "__module__", get: typeModule, set: typeGetsets.setModule },
      { name: "__doc__", get: typeDoc, set: typeGetsets.setDoc },
      { name: "__dict__", get: typeDict },
      { name: "__abstractmethods__", get: typeGetsets.abstractMethods, set: typeGetsets.setAbstractMethods },
    ],
  };

  // ---- descriptors ----
  const descrMembers: MemberSpec[] = [
    { name: "__objclass__", type: _Py_T_OBJECT, offset: DESCR.d_type, flags: Py_READONLY },
    { name: "__name__", type: _Py_T_OBJECT, offset: DESCR.d_name, flags: Py_READONLY },
  ];
  const descrQualname: getter = (d) => str(ctx.descr.qualname(d));
  const methodDoc = (d: number) => {
    const ml = u32(d + METHODDESCR.d_method);
    return splitDoc(cstr(ml + ML.ml_name) ?? "", cstr(ml + ML.ml_doc));
  };
  const methodDescr: TypeTables = {
    members: descrMembers,
    getset: [
      { name: "__doc__", get: (d) => str(methodDoc(d).doc) },
      { name: "__qualname__", get: descrQualname },
      { name: "__text_signature__", get: (d) => str(methodDoc(d).sig) },
    ],
  };
  const wrapperDoc = (d: number) => {
    const base = u32(d + WRAPPERDESCR.d_base);
    return splitDoc(cstr(base + WB.name) ?? "", cstr(base + WB.doc));
  };
  const plainDoc = (field: number) => (d: number) => str(cstr(u32(d + 40) + field));

  // ---- builtin functions ----
  const cfuncDoc = (f: number) => {
    const ml = u32(f + CFUNC.m_ml);
    return splitDoc(cstr(ml + ML.ml_name) ?? "", cstr(ml + ML.ml_doc));
  };
  const cfunction: TypeTables = {
    members: [{ name: "__module__", type: _Py_T_OBJECT, offset: CFUNC.m_module, flags: 0 }],
    getset: [
      { name: "__doc__", get: (f) => str(cfuncDoc(f).doc) },
      { name: "__name__", get: (f) => str(cstr(u32(f + CFUNC.m_ml) + ML.ml_name)) },
      { name: "__qualname__", get: (f) => str(ctx.methods.qualname(f)) },
      { name: "__text_signature__", get: (f) => str(cfuncDoc(f).sig) },
      { name: "__self__", get: (f) => abi.Py_NewRef(u32(f + CFUNC.m_self) || ctx.addr.Py_None) },
    ],
  };
  const wrapperName = (w: number) => cstr(u32(u32(w + METHODWRAPPER.descr) + WRAPPERDESCR.d_base) + WB.name) ?? "";
  const methodWrapper: TypeTables = {
    members: [{ name: "__self__", type: _Py_T_OBJECT, offset: METHODWRAPPER.self, flags: Py_READONLY }],
    getset: [
      { name: "__objclass__", get: (w) => abi.Py_NewRef(u32(u32(w + METHODWRAPPER.descr) + DESCR.d_type)) },
      { name: "__name__", get: (w) => str(wrapperName(w)) },
      { name: "__qualname__", get: (w) => str(ctx.descr.qualname(u32(w + METHODWRAPPER.descr))) },
      { name: "__doc__", get: (w) => str(wrapperDoc(u32(w + METHODWRAPPER.descr)).doc) },
      { name: "__text_signature__", get: (w) => str(wrapperDoc(u32(w + METHODWRAPPER.descr)).sig) },
    ],
  };
  void Py_T_OBJECT_EX;

  return {
    PyBaseObject_Type: object,
    PyType_Type: type,
    PyMethodDescr_Type: methodDescr,
    PyClassMethodDescr_Type: methodDescr,
    PyMemberDescr_Type: { members: descrMembers, getset: [{ name: "__doc__", get: plainDoc(32 /* PyMemberDef.doc */) }, { name: "__qualname__", get: descrQualname }] },
    PyGetSetDescr_Type: { members: descrMembers, getset: [{ name: "__doc__", get: plainDoc(24 /* PyGetSetDef.doc */) }, { name: "__qualname__", get: descrQualname }] },
    PyWrapperDescr_Type: {
      members: descrMembers,
      getset: [
        { name: "__doc__", get: (d) => str(wrapperDoc(d).doc) },
        { name: "__qualname__", get: descrQualname },
        { name: "__text_signature__", get: (d) => str(wrapperDoc(d).sig) },
      ],
    },
    _PyMethodWrapper_Type: methodWrapper,
    PyCFunction_Type: cfunction,
  };
}
