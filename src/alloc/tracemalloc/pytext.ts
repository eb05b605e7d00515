/**
 * Python's text conventions, for the str()/repr() of tracemalloc's classes.
 *
 * Owns: str repr (quote choice and escapes as CPython's unicode_repr), `%i`/`%+i`, printf-exact
 * `%.Nf` (round-half-even on exact ties, `-0`, `nan`/`inf`), tuple repr (`()`, `(x,)`, `(a, b)`),
 * type names for error messages, and Python's string ordering (by code point, not UTF-16 unit).
 * Everything here is pure and allocation-light; nothing depends on the heap.
 */

/** Characters str.isprintable() rejects (besides ' '): Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr() of a Python str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      out += cp <= 0xff ? "\\x" + hex(cp, 2) : cp <= 0xffff ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** `%i` / `%d` of a Python int (a JS number is truncated toward zero, as int() would). */
export function formatInt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const t = Math.trunc(n);
  return Math.abs(t) < 1e21 ? String(t === 0 ? 0 : t) : BigInt(t).toString();
}

/** `%+i`. */
export function formatSignedInt(n: number): string {
  const s = formatInt(n);
  return s.startsWith("-") ? s : "+" + s;
}

/**
 * printf's `%.{digits}f` (and `%+.{digits}f` when `sign`), exactly as C and Python print a double:
 * the nearest decimal to the exact binary value, ties to even, `-0` kept.
 */
export function formatFixed(x: number, digits: number, sign = false): string {
  if (Number.isNaN(x)) return sign ? "+nan" : "nan";
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (a === Infinity) body = "inf";
  else if (a >= 1e21) {
    // Integral at this magnitude: print every digit (toFixed would switch to exponent form).
    body = BigInt(a).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  } else if (isTie(a, digits)) {
    // toFixed breaks exact ties away from zero; C rounds them to even. a·10^d = k + 1/2 exactly.
    const t = BigInt(a * 2 ** (digits + 1)); // odd: a·2^(d+1), exact (multiplying by 2^n is)
    const k = (t * 5n ** BigInt(digits) - 1n) / 2n;
    const even = k % 2n === 0n ? k : k + 1n;
    const s = even.toString().padStart(digits + 1, "0");
    body = digits === 0 ? s : s.slice(0, -digits) + "." + s.slice(-digits);
  } else {
    body = a.toFixed(digits);
  }
  return (negative ? "-" : sign ? "+" : "") + body;
}

/**
 * Whether a (finite, ≥ 0) lies exactly halfway between two `digits`-decimal numbers. With a = m·2^e,
 * m odd: a·10^d·2 = m·5^d·2^(e+d+1) is an odd integer iff e = −(d+1), i.e. a·2^(d+1) is odd.
 */
function isTie(a: number, digits: number): boolean {
  const t = a * 2 ** (digits + 1);
  return Number.isInteger(t) && t % 2 === 1;
}

/** repr() of a tuple whose items' reprs are given. */
export function tupleRepr(items: readonly string[]): string {
  if (items.length === 1) return `(${items[0]},)`;
  return `(${items.join(", ")})`;
}

/** Python's `type(x).__name__` for a JavaScript value, for error messages. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
    default:
      if (Array.isArray(value)) return "list";
      return (value as object).constructor?.name || "object";
  }
}

/** repr() of a JavaScript value seen as a Python object (str, int, None, bool; others by type). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return pyStrRepr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) ? formatInt(value) : String(value);
  if (typeof value === "bigint") return value.toString();
  return `<${pyTypeName(value)} object>`;
}

/** Python's str ordering: by code point. (JS `<` compares UTF-16 units, which differs above U+FFFF.) */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A mismatch right after a shared high surrogate is inside a pair: compare whole code points.
    const j = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
    return a.codePointAt(j)! < b.codePointAt(j)! ? -1 : 1;
  }
  return a.length - b.length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Three-way comparison of two numbers (Python ints/floats). */
export function compareNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PY_WHITESPACE = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** str.strip() with no argument (Python's whitespace set, which is not JavaScript's trim set). */
export function pyStrip(s: string): string {
  return s.replace(PY_WHITESPACE, "");
}

let nextObjectId = 1;

/** The address a default Python repr shows (`<x object at 0x…>`): synthetic, unique per object. */
export function objectAddress(): string {
  return "0x" + (0x7f0000000000 + 16 * nextObjectId++).toString(16);
}
