/**
 * str's case methods on code points (Objects/unicodeobject.c do_upper, do_lower, do_casefold,
 * do_title, do_capitalize, do_swapcase), using the full mappings of unicode-ctype.ts:
 *
 *   upper / casefold   map every character (one may become up to three: 'ß' → "SS" / "ss")
 *   lower              the same, except capital sigma Σ, which becomes final ς when it ends a
 *                      word: preceded by a cased letter (skipping case-ignorable ones) and not
 *                      followed by one (handle_capital_sigma)
 *   title              titlecase after a non-cased character, lowercase (with the sigma rule)
 *                      after a cased one
 *   capitalize         titlecase for the first character (3.8+), lowercase for the rest
 *   swapcase           uppercase letters → lower (with the sigma rule), lowercase → upper
 * Pure-ASCII input takes byte-arithmetic fast paths.
 */

import { isCaseIgnorable, isCased, isLower, isUpper, toFoldedFull, toLowerFull, toTitleFull, toUpperFull } from "./unicode-ctype.js";

type Mapper = (c: number) => number[];

function isAsciiOnly(cps: ArrayLike<number>): boolean {
  for (let i = 0; i < cps.length; i++) if (cps[i] >= 0x80) return false;
  return true;
}

/** handle_capital_sigma: ς (U+03C2) in the Final_Sigma context, else σ (U+03C3). */
function capitalSigma(cps: ArrayLike<number>, i: number): number {
  let j = i - 1;
  let c = 0;
  for (; j >= 0; j--) {
    c = cps[j];
    if (!isCaseIgnorable(c)) break;
  }
  let finalSigma = j >= 0 && isCased(c);
  if (finalSigma && i + 1 < cps.length) {
    for (j = i + 1; j < cps.length; j++) {
      c = cps[j];
      if (!isCaseIgnorable(c)) break;
    }
    finalSigma = j === cps.length || !isCased(c);
  }
  return finalSigma ? 0x3c2 : 0x3c3;
}

/** lower_ucs4. */
function lowerAt(cps: ArrayLike<number>, i: number): number[] {
  const c = cps[i];
  if (c === 0x3a3) return [capitalSigma(cps, i)];
  return toLowerFull(c);
}

function mapAll(cps: ArrayLike<number>, f: Mapper): number[] {
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const m = f(cps[i]);
    if (m.length === 1) out.push(m[0]);
    else out.push(...m);
  }
  return out;
}

export function upper(cps: ArrayLike<number>): number[] {
  if (isAsciiOnly(cps)) return Array.from(cps, (c) => (c >= 0x61 && c <= 0x7a ? c - 32 : c));
  return mapAll(cps, toUpperFull);
}

export function lower(cps: ArrayLike<number>): number[] {
  if (isAsciiOnly(cps)) return Array.from(cps, (c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c));
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) out.push(...lowerAt(cps, i));
  return out;
}

export function casefold(cps: ArrayLike<number>): number[] {
  if (isAsciiOnly(cps)) return lower(cps);
  return mapAll(cps, toFoldedFull);
}

export function title(cps: ArrayLike<number>): number[] {
  const out: number[] = [];
  let previousIsCased = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    out.push(...(previousIsCased ? lowerAt(cps, i) : toTitleFull(c)));
    previousIsCased = isCased(c);
  }
  return out;
}

export function capitalize(cps: ArrayLike<number>): number[] {
  if (cps.length === 0) return [];
  const out = toTitleFull(cps[0]);
  for (let i = 1; i < cps.length; i++) out.push(...lowerAt(cps, i));
  return out;
}

export function swapcase(cps: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (isUpper(c)) out.push(...lowerAt(cps, i));
    else if (isLower(c)) out.push(...toUpperFull(c));
    else out.push(c);
  }
  return out;
}
