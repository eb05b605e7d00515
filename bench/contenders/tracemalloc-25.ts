/** Contender "tracemalloc-25": the pyobject run traced with tracemalloc.start(25) (see _tracemalloc.ts). */

import { tracingContender } from "./_tracemalloc.js";

export default tracingContender("tracemalloc-25", 42, 25);
