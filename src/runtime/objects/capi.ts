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
import type { ObjectModel } from "./objects.js";
import type { TypeSpecApi } from "./spec.js";
import type { TupleApi } from "./tuple.js";
import type { TypeApi } from "./typeobject.js";

export type ObjectsCApi = CApiOf<ObjectAbi> &
  CApiOf<ErrorIndicator> &
  CApiOf<ObjectAllocApi> &
  CApiOf<ObjectProtocolApi> &
  CApiOf<TypeApi> &
  CApiOf<TupleApi> &
  CApiOf<ConstantsApi> &
  CApiOf<TypeSpecApi> &
  CApiOf<ObjectModel> &
  StaticAddresses;
