/**
 * Slicing for the text types: `seq[slice]` through the slice layer's PySlice_GetIndicesEx (installed
 * as TextModule.sliceIndices), then picking start, start + step, ... (slicelength items).
 */

export interface SliceSource {
  readonly sliceIndices: (slice: number, length: number) => { start: number; step: number; count: number } | null;
}

/** The indices a slice selects, or null with the slice layer's error set. */
export function sliceIndexList(src: SliceSource, slice: number, length: number): number[] | null {
  const r = src.sliceIndices(slice, length);
  if (r === null) return null;
  const out: number[] = [];
  for (let k = 0, i = r.start; k < r.count; k++, i += r.step) out.push(i);
  return out;
}
