/**
 * Formatting entry points of str and bytes:
 *
 *   PyUnicode_FromFormat(format, ...args)   unicode-fromformat.ts (C-style, JavaScript arguments)
 *   PyUnicode_Format(format, args)          `format % args` (unicode-percent.ts); also str's
 *                                           nb_remainder slot (unicode_mod: NotImplemented unless
 *                                           the left operand is a str)
 *   strFormat(self, args, kwargs)           str.format and str.format_map (unicode-strformat.ts)
 *   PyBytes_FromFormat(format, ...args)     bytes' simpler C formatter (Objects/bytesobject.c):
 *                                           width ignored, %c %d %i %u %ld %lu %zd %zu %x %s %p %%,
 *                                           precision only for %s (bytes); an unknown conversion
 *                                           copies the rest of the format as is
 *   bytes % args                            bytes_mod: the str rules on Latin-1 code points, with
 *                                           %s / %b taking bytes-like objects and %r / %a giving
 *                                           ascii(); "... during bytes formatting"
 */

import { formatAddress } from "../../../alloc/heap.js";
import type { binaryfunc } from "../../../refcount/slot-signatures.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { cBytes, typeNameOf } from "./text-args.js";
import { fromFormat, type FormatArg } from "./unicode-fromformat.js";
import type { UnicodeCore } from "./unicode-new.js";
import { ObjectFormatApi } from "../core/object-format.js";
import { percentFormat } from "./unicode-percent.js";
import { strFormat } from "./unicode-strformat.js";
import type { UnicodeApi } from "./unicode.js";
import type { Utf8Host } from "./unicode-utf8.js";

export class UnicodeFormatApi {
  /** PyObject_Format for fields that are not exact str / int / float / complex (stateless). */
  private readonly objectFormat: ObjectFormatApi;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly core: UnicodeCore,
    private readonly unicode: UnicodeApi,
    private readonly host: Utf8Host,
  ) {
    this.objectFormat = new ObjectFormatApi(ctx);
    const slots = ctx.abi.slots;
    slots.register("unicode_mod", "binaryfunc", ((v, w) => {
      if (!core.isStr(v)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      return this.PyUnicode_Format(v, w);
    }) satisfies binaryfunc);
    slots.register("bytes_mod", "binaryfunc", ((v, w) => {
      if (!ctx.bytes.isBytes(v)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      return this.bytesFormat(v, w);
    }) satisfies binaryfunc);
  }

  /** PyUnicode_FromFormat(format, ...args): a new str, or 0 with an error set. */
  PyUnicode_FromFormat(format: string, ...args: FormatArg[]): number {
    return this.PyUnicode_FromFormatV(format, args);
  }

  /** PyUnicode_FromFormatV(format, vargs) with the arguments as an array. */
  PyUnicode_FromFormatV(format: string, args: readonly FormatArg[]): number {
    const cps = fromFormat({ ...this.host, unicode: this.unicode }, format, args);
    return cps === null ? 0 : this.core.fromCodePoints(cps);
  }

  /** PyUnicode_Format(format, args): `format % args`. */
  PyUnicode_Format(format: number, args: number): number {
    const { ctx } = this;
    if (format === 0 || args === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!this.core.isStr(format)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `must be str, not ${precisionS(typeNameOf(ctx, format), 100)}`);
      return 0;
    }
    const out = percentFormat({ ctx, core: this.core, unicode: this.unicode }, this.core.view(format), args);
    return out === null ? 0 : this.core.fromCodePoints(out);
  }

  /**
   * str.format(*args, **kwargs) (`kwargs` the keyword dict, 0 for none, or a JavaScript record) and
   * str.format_map(mapping) (`args` null, `kwargs` the mapping): a new str, or 0 with an error set.
   */
  strFormat(self: number, args: readonly number[] | null = [], kwargs: number | Readonly<Record<string, number>> = 0): number {
    const out = strFormat({ ctx: this.ctx, core: this.core, unicode: this.unicode, objectFormat: this.objectFormat }, this.core.view(self), { args, kwargs });
    return out === null ? 0 : this.core.fromCodePoints(out);
  }

  /** bytes % args. */
  bytesFormat(format: number, args: number): number {
    const { ctx } = this;
    const fmt = ctx.bytes.data(format);
    const out = percentFormat({ ctx, core: this.core, unicode: this.unicode, bytesMode: true }, fmt, args);
    return out === null ? 0 : ctx.bytes.fromBytes(out);
  }

  /** PyBytes_FromFormat(format, ...args). */
  PyBytes_FromFormat(format: string, ...args: FormatArg[]): number {
    return this.PyBytes_FromFormatV(format, args);
  }

  /** PyBytes_FromFormatV(format, vargs). */
  PyBytes_FromFormatV(format: string, args: readonly FormatArg[]): number {
    const { ctx } = this;
    const f = cBytes(ctx, format);
    const out: number[] = [];
    let ai = 0;
    const next = (): FormatArg => (ai < args.length ? args[ai++] : null);
    const num = (): bigint => {
      const v = next();
      return typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v ?? 0)));
    };
    const ascii = (s: string) => {
      for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
    };
    for (let i = 0; i < f.length; i++) {
      if (f[i] !== 0x25) {
        out.push(f[i]);
        continue;
      }
      const p = i;
      i++;
      while (f[i] >= 0x30 && f[i] <= 0x39) i++; // width: ignored
      let prec = 0;
      if (f[i] === 0x2e) {
        i++;
        for (; f[i] >= 0x30 && f[i] <= 0x39; i++) prec = prec * 10 + (f[i] - 0x30);
      }
      while (i < f.length && f[i] !== 0x25 && !isAlpha(f[i])) i++;
      let mod = "";
      if ((f[i] === 0x6c || f[i] === 0x7a) && (f[i + 1] === 0x64 || f[i + 1] === 0x75)) mod = String.fromCharCode(f[i++]);
      const c = i < f.length ? String.fromCharCode(f[i]) : "";
      switch (c) {
        case "c": {
          const v = Number(num());
          if (v < 0 || v > 255) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "PyBytes_FromFormatV(): %c format expects an integer in [0; 255]");
            return 0;
          }
          out.push(v);
          break;
        }
        case "d":
        case "i":
          ascii(BigInt.asIntN(mod === "" ? 32 : 64, num()).toString());
          break;
        case "u":
          ascii(BigInt.asUintN(mod === "" ? 32 : 64, num()).toString());
          break;
        case "x":
          ascii(BigInt.asUintN(32, num()).toString(16));
          break;
        case "s": {
          const v = next();
          const b = v === null ? cBytes(ctx, "(null)") : typeof v === "number" ? cBytes(ctx, v) : cBytes(ctx, v as string | Uint8Array);
          let n = b.length;
          if (prec > 0) {
            n = 0;
            while (n < prec && n < b.length && b[n] !== 0) n++;
          }
          for (let k = 0; k < n; k++) out.push(b[k]);
          break;
        }
        case "p": {
          let s = formatAddress(Number(num()));
          if (s[1] !== "x") s = "0x" + s;
          ascii(s);
          break;
        }
        case "%":
          out.push(0x25);
          break;
        default:
          for (let k = p; k < f.length; k++) out.push(f[k]);
          return ctx.bytes.fromBytes(out);
      }
    }
    return ctx.bytes.fromBytes(out);
  }
}

function isAlpha(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}
