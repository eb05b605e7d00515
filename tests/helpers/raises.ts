/** What a Python-level call threw: [exception type name, message] of the PythonError; anything else fails the test. */

import { PythonError } from "../../src/runtime/errors/indicator.js";

export function raises(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    if (e instanceof PythonError) return [e.typeName, e.message];
    throw e;
  }
  throw new Error("expected a Python exception");
}
