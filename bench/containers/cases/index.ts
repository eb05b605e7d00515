/** Every containers case, in run order (dict and set add theirs here). */

import type { ContainerCase } from "../harness.js";
import { listAppend, listSort } from "./list.js";
import { dictInsert, dictLookup } from "./dict.js";
import { setBuild, setContains } from "./set.js";

export const CONTAINER_CASES: readonly ContainerCase[] = [listAppend, listSort, dictInsert, dictLookup, setBuild, setContains];
