/**
 * The type of the object layer's C API as the runtime exposes it: every Py* / _Py* method of the
 * parts ObjectModel.capiParts lists, plus the static objects' addresses under their C names.
 */

import type { ObjectAbi } from "../../refcount/abi.js";
import type { ErrorIndicator } from "../errors/indicator.js";
import type { CApiOf } from "../runtime.js";
import type { ObjectAllocApi } from "./alloc.js";
import type { ConstantsApi } from "./constants.js";
import type { StaticAddresses } from "./context.js";
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { CellApi } from "./cell.js";
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

export type ObjectsCApi = CApiOf<ObjectAbi> &
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
  CApiOf<LongApi> &
  CApiOf<FloatApi> &
  CApiOf<ComplexApi> &
  CApiOf<UnicodeApi> &
  CApiOf<UnicodeCodecsApi> &
  CApiOf<UnicodeInternApi> &
  CApiOf<UnicodeFormatApi> &
  CApiOf<StrMethods> &
  CApiOf<BytesApi> &
  CApiOf<ByteArrayApi> &
  StaticAddresses &
  Readonly<Record<ExceptionAliasKey, number>>;
