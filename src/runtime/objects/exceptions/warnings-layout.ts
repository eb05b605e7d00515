/**
 * The warnings state block (`_Py_warnings_state` in the static region): what CPython keeps in
 * interp->warnings (Python/_warnings.c WarningsState) plus the registry of warnings raised outside
 * any Python frame (CPython: the `__warningregistry__` dict in sys.__dict__, which setup_context
 * uses when there is no frame). 48 bytes, 8-aligned:
 *
 *   +0   filters               owned tuple of 5-tuples (action, message, category, module,
 *                              lineno) — warnings.filters (a list in CPython; replaced as a
 *                              whole here, so a tuple), first match wins; 0 before start-up
 *   +8   once_registry         owned dict {(text, category): True} of what "once" has shown;
 *                              0 until the first warning needs it
 *   +16  default_action        owned str: the action when no filter matches ("default")
 *   +24  filters_version       Py_ssize_t, bumped whenever the filters change; a registry whose
 *                              'version' entry differs is emptied before use (already_warned)
 *   +32  sys_registry          owned dict: sys.__dict__['__warningregistry__'], the registry of
 *                              warnings raised outside any frame ("<sys>", line 0); 0 until used
 *   +40  (reserved, zero)
 */

export const WS_FILTERS = 0;
export const WS_ONCE_REGISTRY = 8;
export const WS_DEFAULT_ACTION = 16;
export const WS_FILTERS_VERSION = 24;
export const WS_SYS_REGISTRY = 32;
export const WARNINGS_STATE_SIZE = 48;
