/** float.fromhex for the forms Python's float.hex() writes (and "nan", "inf", "-inf"). */
export function fromHex(h: string): number {
  if (h === "nan") return NaN;
  if (h === "inf" || h === "-inf") return h === "inf" ? Infinity : -Infinity;
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([-+]\d+)$/.exec(h);
  if (m === null) throw new Error(`bad hex float ${h}`);
  // Subnormals (0x0.xxxp-1022) and normals alike: every step is exact in binary64.
  const v = (Number(m[2]) + parseInt(m[3], 16) / 16 ** m[3].length) * 2 ** Number(m[4]);
  return m[1] === "-" ? -v : v;
}
