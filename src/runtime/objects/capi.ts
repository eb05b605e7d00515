/**
 * The type of the object layer's C API as the runtime exposes it: every Py* / _Py* method of the
 * parts ObjectModel.capiParts lists, plus the static objects' addresses under their C names.
 */

import type { GcCApi } from "../../gc/capi.js";
import type { ObjectAbi } from "../../refcount/abi.js";
import type { ErrorIndicator } from "../errors/indicator.js";
import type { CApiOf } from "../runtime.js";
import type { ObjectAllocApi } from "./alloc.js";
import type { ConstantsApi } from "./constants.js";
import type { StaticAddresses } from "./context.js";
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { CellApi } from "./cell.js";
import type { TracebackApi } from "./traceback.js";
import type { ErrnoApi } from "./exceptions-errno.js";
import type { WarningsApi } from "./warnings.js";
import type { ExceptionsApi } from "./exceptions.js";
import type { UnicodeErrorApi } from "./exceptions-unicode.js";
import type { ExceptionAliasKey, ObjectModel } from "./objects.js";
import type { RangeApi } from "./range.js";
import type { SliceApi } from "./slice.js";
import type { TypeSpecApi } from "./spec.js";
import type { TupleApi } from "./tuple.js";
import type { TypeApi } from "./typeobject.js";
import type { ComplexApi } from "./complex.js";
import type { FloatApi } from "./float.js";
import type { LongApi } from "./long.js";
import type { ByteArrayApi } from "./bytearray.js";
import type { BytesApi } from "./bytes.js";
import type { UnicodeApi } from "./unicode.js";
import type { UnicodeCodecsApi } from "./unicode-codecs.js";
import type { UnicodeFormatApi } from "./unicode-format.js";
import type { UnicodeInternApi } from "./unicode-intern.js";
import type { StrMethods } from "./unicode-methods.js";
import type { ObjectFormatApi } from "./object-format.js";
import type { CallApi } from "./call.js";
import type { MethodObjectApi } from "./methodobject.js";
import type { DescrApi } from "./descr.js";
import type { AttrApi } from "./attr.js";
import type { ArgParser } from "./getargs.js";
import type { SetApi } from "./set.js";
import type { DictApi } from "./dict.js";
import type { DictIterApi } from "./dict-iter.js";
import type { ListApi } from "./list.js";
import type { ReprGuard } from "./repr-guard.js";
import type { NumberProtocolApi } from "./abstract-number.js";
import type { AbstractObjectApi } from "./abstract-object.js";
import type { SequenceProtocolApi } from "./abstract-sequence.js";
import type { MappingProtocolApi } from "./abstract-mapping.js";
import type { IterApi } from "./iter.js";
import type { BufferApi } from "./buffer.js";
import type { MemoryViewApi } from "./memoryview.js";
import type { WeakrefApi } from "./weakref.js";
import type { SysAudit } from "../modules/audit.js";
import type { MappingProxyApi } from "./mappingproxy.js";
import type { StaticMethodApi } from "./staticmethod.js";
import type { MethodApi } from "./method.js";
import type { ClassMethodApi } from "./classmethod.js";
import type { GenericAliasApi } from "./genericalias.js";
import type { DictWatchers } from "./dict-watchers.js";
import type { MethodsLayer } from "./methods-capi.js";

export type ObjectsCApi = CApiOf<ObjectAbi> &
  CApiOf<GcCApi> &
  CApiOf<GcCApi> &
  CApiOf<ErrorIndicator> &
  CApiOf<ObjectAllocApi> &
  CApiOf<ObjectProtocolApi> &
  CApiOf<TypeApi> &
  CApiOf<TupleApi> &
  CApiOf<ConstantsApi> &
  CApiOf<TypeSpecApi> &
  CApiOf<ObjectModel> &
  CApiOf<ExceptionsApi> &
  CApiOf<UnicodeErrorApi> &
  CApiOf<SliceApi> &
  CApiOf<RangeApi> &
  CApiOf<CellApi> &
  CApiOf<TracebackApi> &
  CApiOf<ErrnoApi> &
  CApiOf<WarningsApi> &
  CApiOf<LongApi> &
  CApiOf<FloatApi> &
  CApiOf<ComplexApi> &
  CApiOf<UnicodeApi> &
  CApiOf<UnicodeCodecsApi> &
  CApiOf<UnicodeInternApi> &
  CApiOf<UnicodeFormatApi> &
  CApiOf<StrMethods> &
  CApiOf<ObjectFormatApi> &
  CApiOf<BytesApi> &
  CApiOf<ByteArrayApi> &
  CApiOf<SetApi> &
  CApiOf<DictApi> &
  CApiOf<DictIterApi> &
  CApiOf<ListApi> &
  CApiOf<ReprGuard> &
  CApiOf<NumberProtocolApi> &
  CApiOf<AbstractObjectApi> &
  CApiOf<SequenceProtocolApi> &
  CApiOf<MappingProtocolApi> &
  CApiOf<IterApi> &
  CApiOf<BufferApi> &
  CApiOf<MemoryViewApi> &
  CApiOf<CallApi> &
  CApiOf<MethodObjectApi> &
  CApiOf<DescrApi> &
  CApiOf<AttrApi> &
  CApiOf<ArgParser> &
  CApiOf<MethodsLayer> &
  CApiOf<WeakrefApi> &
  CApiOf<SysAudit> &
  CApiOf<MappingProxyApi> &
  CApiOf<StaticMethodApi> &
  CApiOf<MethodApi> &
  CApiOf<ClassMethodApi> &
  CApiOf<GenericAliasApi> &
  CApiOf<DictWatchers> &
  StaticAddresses &
  Readonly<Record<ExceptionAliasKey, number>>;
