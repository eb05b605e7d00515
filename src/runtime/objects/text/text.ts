/**
 * TextModule: assembles the text types of one runtime — the hash secret, the static strings and
 * bytes, both interned tables, and the parts that implement str, bytes and bytearray:
 *
 *   core      UnicodeCore (unicode-new.ts): creation, reading, equality, hashing, dealloc
 *   unicode   UnicodeApi (unicode.ts): PyUnicode_* basics, PyObject_Repr/Str/ASCII, str slots
 *   codecs    UnicodeCodecsApi (unicode-codecs.ts): UTF-8 / Latin-1 / ASCII, AsUTF8's cache
 *   intern    UnicodeInternApi (unicode-intern.ts): interning, sys.intern
 *   format    UnicodeFormatApi (unicode-format.ts): PyUnicode_FromFormat, %-formatting, str.format
 *   methods   StrMethods (unicode-methods.ts): str's Python methods + the C API built on them
 *   bytes     BytesApi (bytes.ts), bytearray ByteArrayApi (bytearray.ts)
 *   objectFormat  ObjectFormatApi (object-format.ts): PyObject_Format, object/complex __format__
 *
 * Start-up order (inside ObjectModel, before the static types are written): derive the hash
 * secret, write the static objects into the "_Py_unicode_state" block, intern the static strings
 * into the static table (computing their hashes), create the per-interpreter interned table.
 *
 * `newInt` is how the text types make int objects (bytes[i], codec error positions): the int
 * layer's PyLong_FromSsize_t, which exists before the text types (ObjectModel creates the numbers
 * first). `sliceIndices` is the slice layer's PySlice_GetIndicesEx, installed by ObjectModel right
 * after construction, before any object can be indexed.
 */

import { TextIterApi } from "./text-iter.js";
import type { Heap } from "../../../alloc/heap.js";
import { ByteArrayApi } from "./bytearray.js";
import { ObjectFormatApi } from "../core/object-format.js";
import { BytesApi } from "./bytes.js";
import type { ObjectContext } from "../core/context.js";
import type { SizeofTable } from "../core/sizeof.js";
import { initHashSecret, SipHasher, type HashSeedConfig } from "./unicode-hash.js";
import { UnicodeApi } from "./unicode.js";
import { UnicodeCodecsApi } from "./unicode-codecs.js";
import { UnicodeFormatApi } from "./unicode-format.js";
import { UnicodeInternApi } from "./unicode-intern.js";
import { StrMethods } from "./unicode-methods.js";
import { UnicodeCore } from "./unicode-new.js";
import { staticStrings, staticTableSlots, TS_HASH, writeStaticTextObjects } from "./unicode-state.js";
import type { Utf8Host } from "./unicode-utf8.js";

export class TextModule {
  readonly core: UnicodeCore;
  readonly unicode: UnicodeApi;
  readonly codecs: UnicodeCodecsApi;
  readonly intern: UnicodeInternApi;
  readonly format: UnicodeFormatApi;
  readonly methods: StrMethods;
  readonly bytes: BytesApi;
  readonly bytearray: ByteArrayApi;
  /** str_iterator, str_ascii_iterator, bytes_iterator, bytearray_iterator (text-iter.ts). */
  readonly iters: TextIterApi;
  /** PyObject_Format (object-format.ts). */
  readonly objectFormat: ObjectFormatApi;
  /** Creates an int object (PyLong_FromSsize_t). */
  newInt: (v: number) => number = (v) => this.ctx.numbers.longs.PyLong_FromSsize_t(v);
  /**
   * PySlice_GetIndicesEx for `obj[slice]`: the slice's (start, step, slicelength) for a sequence of
   * `length`, or null with an error set; installed by whoever owns slice objects.
   */
  sliceIndices!: (slice: number, length: number) => { start: number; step: number; count: number } | null;

  constructor(
    private readonly ctx: ObjectContext,
    hashConfig: HashSeedConfig,
  ) {
    const heap: Heap = ctx.heap;
    const state = ctx.addr._Py_unicode_state;
    initHashSecret(heap, state + TS_HASH, hashConfig);
    const core = (this.core = new UnicodeCore(ctx, state, new SipHasher(heap, state + TS_HASH)));
    writeStaticTextObjects(heap, state, ctx.addr.PyUnicode_Type, ctx.addr.PyBytes_Type);
    core.staticInterned.init(staticTableSlots(state));
    for (const s of staticStrings(heap, state)) core.staticInterned.insert(s);
    if (!core.interned.init()) throw new Error("cannot allocate the interned-string table: heap exhausted at start-up");

    const self = this;
    const host: Utf8Host = {
      ctx,
      core,
      str: (s) => core.fromJs(s),
      bytes: (b) => this.bytes.fromBytes(b),
      strFromCodePoints: (c) => core.fromCodePoints(c),
      get newInt() {
        return self.newInt;
      },
    };
    this.bytes = ctx.bytes = new BytesApi(ctx, core, this, this);
    this.unicode = ctx.unicode = new UnicodeApi(ctx, core, host, this);
    this.codecs = new UnicodeCodecsApi(ctx, host, this.bytes);
    this.unicode.decoder = this.codecs;
    this.bytes.encoder = this.codecs;
    this.intern = new UnicodeInternApi(ctx, core);
    this.format = new UnicodeFormatApi(ctx, core, this.unicode, host);
    this.methods = new StrMethods(ctx, core, this.unicode, this.codecs, this.format);
    this.bytearray = new ByteArrayApi(ctx, this.bytes, core, this);
    this.objectFormat = new ObjectFormatApi(ctx);
    this.iters = new TextIterApi(ctx, core);
  }

  /** The parts whose Py* / _Py* methods join the runtime's C API. */
  get capiParts(): readonly object[] {
    return [this.unicode, this.codecs, this.intern, this.format, this.methods, this.bytes, this.bytearray, this.objectFormat];
  }

  /** str.__sizeof__ and bytearray.__sizeof__ (bytes uses object's default: 33 + n). */
  registerSizeof(table: SizeofTable): void {
    table.register(this.ctx.addr.PyUnicode_Type, (op) => this.core.sizeof(op));
    table.register(this.ctx.addr.PyByteArray_Type, (op) => this.bytearray.sizeof(op));
  }

  /** The StrLayer the exception machinery uses for its messages (exceptions-text.ts). */
  get strLayer(): {
    PyUnicode_FromString(s: string): number;
    PyUnicode_Check(op: number): number;
    PyUnicode_CheckExact(op: number): number;
    PyObject_Str(op: number): number;
    PyObject_Repr(op: number): number;
    text(op: number): string;
  } {
    const u = this.unicode;
    return {
      PyUnicode_FromString: (s) => u.PyUnicode_FromString(s),
      PyUnicode_Check: (op) => u.PyUnicode_Check(op),
      PyUnicode_CheckExact: (op) => u.PyUnicode_CheckExact(op),
      PyObject_Str: (op) => u.PyObject_Str(op),
      PyObject_Repr: (op) => u.PyObject_Repr(op),
      text: (op) => u.text(op),
    };
  }
}
