/**
 * What the exception machinery needs from str objects, in one place: creating a str from text
 * (PyUnicode_FromString), telling str objects apart (PyUnicode_Check / CheckExact), reading one
 * back as text, and str() / repr() of any object as text.
 *
 * Two implementations. HeapText uses the str type once the text layer provides it (installed with
 * `ExceptionsApi.useText`). Until then InterimText stands in: there are no str objects, so
 * `available` is false, `fromString` is refused (callers keep the message as JavaScript text, see
 * exceptions.ts), and str()/repr() of the objects that exist come from debug-repr.ts (str(x) ==
 * repr(x) for None, bool, int, tuple, type and object_repr's default).
 */

import type { ObjectContext } from "../core/context.js";
import { reprText } from "../core/debug-repr.js";

export interface ExceptionText {
  /** True once str objects exist. */
  readonly available: boolean;
  /** PyUnicode_FromString: a new str, or 0 with an error set. */
  fromString(s: string): number;
  /** PyUnicode_Check. */
  isStr(op: number): boolean;
  /** PyUnicode_CheckExact. */
  isExactStr(op: number): boolean;
  /** The text of a str object (caller checked isStr). */
  read(op: number): string;
  /** str(op) as text, or null with an error set. */
  str(op: number): string | null;
  /** repr(op) as text, or null with an error set. */
  repr(op: number): string | null;
}

/** The str-layer functions HeapText calls (their C API names). */
export interface StrLayer {
  PyUnicode_FromString(s: string): number;
  PyUnicode_Check(op: number): number;
  PyUnicode_CheckExact(op: number): number;
  PyObject_Str(op: number): number;
  PyObject_Repr(op: number): number;
  /** The text of a str object. */
  text(op: number): string;
}

export class InterimText implements ExceptionText {
  readonly available = false;

  constructor(private readonly ctx: ObjectContext) {}

  fromString(s: string): number {
    throw new Error(`PyUnicode_FromString(${JSON.stringify(s)}) called before str objects exist`);
  }

  isStr(): boolean {
    return false;
  }

  isExactStr(): boolean {
    return false;
  }

  read(op: number): string {
    throw new Error(`reading str object ${op} before str objects exist`);
  }

  str(op: number): string {
    return reprText(this.ctx, op);
  }

  repr(op: number): string {
    return reprText(this.ctx, op);
  }
}

export class HeapText implements ExceptionText {
  readonly available = true;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly layer: StrLayer,
  ) {}

  fromString(s: string): number {
    return this.layer.PyUnicode_FromString(s);
  }

  isStr(op: number): boolean {
    return this.layer.PyUnicode_Check(op) !== 0;
  }

  isExactStr(op: number): boolean {
    return this.layer.PyUnicode_CheckExact(op) !== 0;
  }

  read(op: number): string {
    return this.layer.text(op);
  }

  str(op: number): string | null {
    return this.convert(this.layer.PyObject_Str(op));
  }

  repr(op: number): string | null {
    return this.convert(this.layer.PyObject_Repr(op));
  }

  private convert(s: number): string | null {
    if (s === 0) return null;
    const text = this.layer.text(s);
    this.ctx.abi.Py_DECREF(s);
    return text;
  }
}
