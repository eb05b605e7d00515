/**
 * Helpers for reproducing CPython's printf-style messages: `%.100s` keeps at most 100 bytes of a
 * UTF-8 string (never splitting a character here; C may split one, which only matters for
 * non-ASCII names longer than the limit).
 */

const encoder = new TextEncoder();

/** `%.Ns`: the longest prefix of `s` whose UTF-8 encoding fits in `maxBytes`. */
export function precisionS(s: string, maxBytes: number): string {
  if (s.length <= maxBytes && encoder.encode(s).length <= maxBytes) return s;
  let out = "";
  let bytes = 0;
  for (const ch of s) {
    const n = encoder.encode(ch).length;
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** A type's __name__ as PyType_FromSpec and static types define it: tp_name after the last dot. */
export function shortTypeName(tpName: string): string {
  const dot = tpName.lastIndexOf(".");
  return dot < 0 ? tpName : tpName.slice(dot + 1);
}
