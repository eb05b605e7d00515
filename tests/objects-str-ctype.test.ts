/**
 * Character properties and case mappings (unicode-ctype.ts) for ALL 0x110000 code points against
 * CPython 3.14.2 (pyodide; unicodedata 16.0.0), recorded by tests/fixtures/gen-unicode-ctype.py:
 * isalpha / isdecimal / isdigit / isnumeric / isspace / isprintable / isupper / islower / Lt /
 * identifier start and continue / line breaks, and the full upper / lower / title / casefold
 * mapping of every single character. Node's ICU knows Unicode 17; the corrections of
 * unicode-ctype-data.ts must bring every answer back to CPython 3.14's.
 */

import { describe, expect, it } from "vitest";
import * as ct from "../src/runtime/objects/text/unicode-ctype.js";
import { textFixture } from "./helpers/text.js";

interface Ucd {
  props: Record<string, [number, number][]>;
  maps: Record<"upper" | "lower" | "title" | "fold", Record<string, number[]>>;
}

const UCD = textFixture<Ucd>("unicode-ctype-cpython314.json.gz");

function member(ranges: [number, number][]): Uint8Array {
  const t = new Uint8Array(0x110000);
  for (const [a, b] of ranges) t.fill(1, a, b + 1);
  return t;
}

const PROPS: [string, (c: number) => boolean][] = [
  ["alpha", ct.isAlpha],
  ["decimal", ct.isDecimal],
  ["digit", ct.isDigit],
  ["numeric", ct.isNumeric],
  ["space", ct.isSpace],
  ["printable", ct.isPrintable],
  ["upper", ct.isUpper],
  ["lower", ct.isLower],
  ["title", ct.isTitle],
  ["ident_start", (c) => ct.isXidStart(c) || c === 0x5f],
  ["ident_cont", ct.isXidContinue],
  ["linebreak", ct.isLinebreak],
];

describe("unicode-ctype against CPython 3.14 for every code point", () => {
  for (const [name, fn] of PROPS) {
    it(`is${name}`, () => {
      const want = member(UCD.props[name]);
      const bad: string[] = [];
      for (let c = 0; c < 0x110000; c++) if ((fn(c) ? 1 : 0) !== want[c]) bad.push(c.toString(16));
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }

  const MAPS = [
    ["upper", ct.toUpperFull],
    ["lower", ct.toLowerFull],
    ["title", ct.toTitleFull],
    ["fold", ct.toFoldedFull],
  ] as const;
  for (const [name, fn] of MAPS) {
    it(`${name} mapping`, () => {
      const map = UCD.maps[name];
      const bad: string[] = [];
      for (let c = 0; c < 0x110000; c++) {
        const want = map[c] ?? [c];
        const got = fn(c);
        // str.lower() of a lone capital sigma is σ: the final-sigma rule needs a preceding letter
        if (got.length !== want.length || got.some((x, i) => x !== want[i])) bad.push(`${c.toString(16)}: ${got.map((x) => x.toString(16))} != ${want.map((x) => x.toString(16))}`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }
});
