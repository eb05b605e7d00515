/**
 * mappingproxyobject (Objects/descrobject.c, CPython 3.14): a read-only view of a mapping.
 *
 *   +0  ob_refcnt / ob_flags
 *   +8  ob_type
 *   +16 mapping   (strong reference; never NULL once created)
 *   24  tp_basicsize (GC: getsizeof 40)
 */

export const MP_MAPPING = 16;
export const MAPPINGPROXY_BASICSIZE = 24;
