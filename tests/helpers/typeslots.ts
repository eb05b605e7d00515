/** Slot numbers used by the object tests (Include/typeslots.h). */
import { TYPESLOTS } from "../../src/refcount/slot-fields.js";
export const { Py_tp_dealloc, Py_tp_new, Py_tp_init, Py_tp_free, Py_tp_traverse, Py_tp_hash, Py_tp_alloc, Py_nb_bool, Py_sq_length } = TYPESLOTS;
export { Py_tp_base, Py_tp_bases, Py_tp_doc, Py_tp_methods } from "../../src/refcount/slot-fields.js";
