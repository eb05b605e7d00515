/** Contender "tracemalloc-1": the pyobject run traced with tracemalloc.start(1) (see _tracemalloc.ts). */

import { tracingContender } from "./_tracemalloc.js";

export default tracingContender("tracemalloc-1", 41, 1);
