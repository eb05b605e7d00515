/**
 * Codec errors (Objects/exceptions.c, Python/codecs.c): the error-handler names the built-in codecs
 * handle inline (_Py_GetErrorHandler), and raising UnicodeDecodeError / UnicodeEncodeError with
 * CPython's attributes and messages:
 *
 *   decode, one byte   'utf-8' codec can't decode byte 0xff in position 0: invalid start byte
 *   decode, a range    'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte
 *   encode, one char   'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)
 *   encode, a range    'utf-8' codec can't encode characters in position 0-1: surrogates not allowed
 *   (the character is \xNN below U+0100, \uNNNN below U+10000, else \UNNNNNNNN)
 *
 * An unknown handler name is LookupError "unknown error handler name 'x'" (raised only when an
 * error actually happens, as CPython's codecs look the handler up lazily).
 *
 * The exception object is built by calling the exception type with CPython's five arguments
 * (encoding, object, start, end, reason) when the exception layer's UnicodeError types are
 * complete and an int constructor is available (`CodecErrorHost.newInt`); otherwise the message
 * alone is raised (the type still matches: UnicodeDecodeError ⊂ UnicodeError ⊂ ValueError).
 */

import type { ObjectContext } from "../core/context.js";

export type ErrorHandler = "strict" | "ignore" | "replace" | "surrogateescape" | "surrogatepass" | "backslashreplace" | "xmlcharrefreplace" | "other";

/** _Py_GetErrorHandler: NULL means "strict". */
export function errorHandler(errors: string | null | undefined): ErrorHandler {
  switch (errors ?? "strict") {
    case "strict":
      return "strict";
    case "surrogateescape":
      return "surrogateescape";
    case "replace":
      return "replace";
    case "ignore":
      return "ignore";
    case "backslashreplace":
      return "backslashreplace";
    case "surrogatepass":
      return "surrogatepass";
    case "xmlcharrefreplace":
      return "xmlcharrefreplace";
    default:
      return "other";
  }
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** How UnicodeEncodeError.__str__ shows one character. */
export function badCharText(ch: number): string {
  if (ch < 0x100) return `\\x${hex(ch, 2)}`;
  if (ch < 0x10000) return `\\u${hex(ch, 4)}`;
  return `\\U${hex(ch, 8)}`;
}

export function decodeErrorMessage(encoding: string, bytes: ArrayLike<number>, start: number, end: number, reason: string): string {
  if (end === start + 1) return `'${encoding}' codec can't decode byte 0x${hex(bytes[start], 2)} in position ${start}: ${reason}`;
  return `'${encoding}' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}

export function encodeErrorMessage(encoding: string, cps: ArrayLike<number>, start: number, end: number, reason: string): string {
  if (end === start + 1) return `'${encoding}' codec can't encode character '${badCharText(cps[start])}' in position ${start}: ${reason}`;
  return `'${encoding}' codec can't encode characters in position ${start}-${end - 1}: ${reason}`;
}

/** What raising needs from the rest of the object layer. */
export interface CodecErrorHost {
  readonly ctx: ObjectContext;
  /** A new str from text. */
  str(s: string): number;
  /** A new bytes object holding `bytes`. */
  bytes(bytes: ArrayLike<number>): number;
  /** A new str holding code points. */
  strFromCodePoints(cps: ArrayLike<number>): number;
  /** A new int, when ints can be created (null until then). */
  newInt: ((v: number) => number) | null;
}

function excType(ctx: ObjectContext, key: string): number {
  const a = (ctx.addr as unknown as Record<string, number | undefined>)[key];
  return a !== undefined && a !== 0 ? a : ctx.addr.PyExc_ValueError;
}

/** Does this exception type still take a plain message (BaseException's init, before the exceptions issue)? */
function takesMessage(ctx: ObjectContext, type: number): boolean {
  return ctx.abi.slotIndex(type, "tp_init") === ctx.abi.slots.indexOf("BaseException_init");
}

function raise(host: CodecErrorHost, key: string, encoding: string, object: () => number, start: number, end: number, reason: string, message: string): void {
  const { ctx } = host;
  const type = excType(ctx, key);
  if (takesMessage(ctx, type) || host.newInt === null) {
    ctx.err.PyErr_SetString(type, message);
    return;
  }
  const abi = ctx.abi;
  const items = [host.str(encoding), object(), host.newInt(start), host.newInt(end), host.str(reason)];
  if (items.some((x) => x === 0)) {
    for (const x of items) abi.Py_XDECREF(x);
    return;
  }
  const args = ctx.tuples.fromItems(items);
  for (const x of items) abi.Py_DECREF(x);
  if (args === 0) return;
  const exc = ctx.proto.PyObject_Call(type, args, 0);
  abi.Py_DECREF(args);
  if (exc === 0) return;
  ctx.err.PyErr_SetObject(type, exc);
  abi.Py_DECREF(exc);
}

/** Raise UnicodeDecodeError(encoding, bytes(input), start, end, reason). */
export function raiseDecodeError(host: CodecErrorHost, encoding: string, input: ArrayLike<number>, start: number, end: number, reason: string): void {
  raise(host, "PyExc_UnicodeDecodeError", encoding, () => host.bytes(input), start, end, reason, decodeErrorMessage(encoding, input, start, end, reason));
}

/** Raise UnicodeEncodeError(encoding, str, start, end, reason). */
export function raiseEncodeError(host: CodecErrorHost, encoding: string, cps: ArrayLike<number>, start: number, end: number, reason: string): void {
  raise(host, "PyExc_UnicodeEncodeError", encoding, () => host.strFromCodePoints(cps), start, end, reason, encodeErrorMessage(encoding, cps, start, end, reason));
}

/** LookupError "unknown error handler name '...'" (PyCodec_LookupError). */
export function unknownHandler(ctx: ObjectContext, name: string): void {
  ctx.err.PyErr_SetString(ctx.addr.PyExc_LookupError, `unknown error handler name '${name}'`);
}
