/**
 * The type of the object layer's C API as the runtime exposes it: every Py* / _Py* method of the
 * parts ObjectModel.capiParts lists, plus the static objects' addresses under their C names.
 */

import type { GcCApi } from "../../../gc/capi.js";
import type { ObjectAbi } from "../../../refcount/abi.js";
import type { ErrorIndicator } from "../../errors/indicator.js";
import type { CApiOf } from "../../runtime.js";
import type { ObjectAllocApi } from "./alloc.js";
import type { ConstantsApi } from "./constants.js";
import type { StaticAddresses } from "./context.js";
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { CellApi } from "../containers/cell.js";
import type { TracebackApi } from "../exceptions/traceback.js";
import type { ErrnoApi } from "../exceptions/exceptions-errno.js";
import type { WarningsApi } from "../exceptions/warnings.js";
import type { ExceptionsApi } from "../exceptions/exceptions.js";
import type { UnicodeErrorApi } from "../exceptions/exceptions-unicode.js";
import type { ExceptionAliasKey, ObjectModel } from "./objects.js";
import type { RangeApi } from "../containers/range.js";
import type { SliceApi } from "../containers/slice.js";
import type { TypeSpecApi } from "./spec.js";
import type { TupleApi } from "../containers/tuple.js";
import type { TypeApi } from "./typeobject.js";
import type { ComplexApi } from "../numbers/complex.js";
import type { FloatApi } from "../numbers/float.js";
import type { LongApi } from "../numbers/long.js";
import type { ByteArrayApi } from "../text/bytearray.js";
import type { BytesApi } from "../text/bytes.js";
import type { UnicodeApi } from "../text/unicode.js";
import type { UnicodeCodecsApi } from "../text/unicode-codecs.js";
import type { UnicodeFormatApi } from "../text/unicode-format.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";
import type { StrMethods } from "../text/unicode-methods.js";
import type { ObjectFormatApi } from "./object-format.js";
import type { CallApi } from "../descr/call.js";
import type { MethodObjectApi } from "../descr/methodobject.js";
import type { DescrApi } from "../descr/descr.js";
import type { AttrApi } from "../descr/attr.js";
import type { ArgParser } from "../descr/getargs.js";
import type { ValueBuilder } from "../descr/buildvalue.js";
import type { SetApi } from "../containers/set.js";
import type { DictApi } from "../containers/dict.js";
import type { DictIterApi } from "../containers/dict-iter.js";
import type { ListApi } from "../containers/list.js";
import type { ReprGuard } from "./repr-guard.js";
import type { NumberProtocolApi } from "../abstract/abstract-number.js";
import type { AbstractObjectApi } from "../abstract/abstract-object.js";
import type { SequenceProtocolApi } from "../abstract/abstract-sequence.js";
import type { MappingProtocolApi } from "../abstract/abstract-mapping.js";
import type { IterApi } from "../abstract/iter.js";
import type { BufferApi } from "../abstract/buffer.js";
import type { MemoryViewApi } from "../abstract/memoryview.js";
import type { WeakrefApi } from "../weakref/weakref.js";
import type { SysAudit } from "../../modules/audit.js";
import type { MappingProxyApi } from "../containers/mappingproxy.js";
import type { StaticMethodApi } from "../descr/staticmethod.js";
import type { MethodApi } from "../descr/method.js";
import type { ClassMethodApi } from "../descr/classmethod.js";
import type { GenericAliasApi } from "../abstract/genericalias.js";
import type { UnionApi } from "../abstract/union.js";
import type { DictWatchers } from "../containers/dict-watchers.js";
import type { MethodsLayer } from "../descr/methods-capi.js";
import type { ModuleApi } from "../modules/module.js";
import type { ModuleDefApi } from "../modules/module-def.js";
import type { BuiltinsModule } from "../modules/builtins.js";

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
  CApiOf<ValueBuilder> &
  CApiOf<MethodsLayer> &
  CApiOf<WeakrefApi> &
  CApiOf<SysAudit> &
  CApiOf<MappingProxyApi> &
  CApiOf<StaticMethodApi> &
  CApiOf<MethodApi> &
  CApiOf<ClassMethodApi> &
  CApiOf<GenericAliasApi> &
  CApiOf<UnionApi> &
  CApiOf<DictWatchers> &
  CApiOf<ModuleApi> &
  CApiOf<ModuleDefApi> &
  CApiOf<BuiltinsModule> &
  StaticAddresses &
  Readonly<Record<ExceptionAliasKey, number>>;
