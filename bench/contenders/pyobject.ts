/** Contender "pyobject": the tracing baseline — see _tracemalloc.ts (tracemalloc off). */

import { tracingContender } from "./_tracemalloc.js";

export default tracingContender("pyobject", 40, 0);
