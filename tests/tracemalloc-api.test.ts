/**
 * Tests of tracemalloc's Python-level API (src/alloc/tracemalloc/*.ts, Lib/tracemalloc.py's part):
 * text forms and sort orders against real CPython, the filter truth table, fnmatch, the §6 snapshot
 * invariants as fast-check properties, the module functions over a model core, and the dump format
 * (round trip, refusal of damaged and foreign files).
 *
 * CPYTHON (end of file) was captured from real interpreters by a generator script (its source is
 * summarised next to the constant): CPython 3.14.2 (pyodide 314.0.7 under Node), 3.13.0 and 3.11.7
 * (x86-64) all printed byte-identical JSON. Each case there is an input plus what CPython printed.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  DomainFilter,
  Filter,
  Frame,
  PyAttributeError,
  PyIndexError,
  PyOSError,
  PyOverflowError,
  PyRuntimeError,
  PyTypeError,
  PyValueError,
  Snapshot,
  SnapshotFormatError,
  Statistic,
  StatisticDiff,
  Trace,
  Traceback,
  TracemallocModule,
  _format_size,
  checkNframe,
  fnmatch,
  linecache,
} from "../src/alloc/tracemalloc/index.js";
import type { BaseFilter, KeyType, RawFrame, RawFrames, RawTrace, TracemallocCore } from "../src/alloc/tracemalloc/index.js";
import { compareStr, formatFixed, pyStrRepr } from "../src/alloc/tracemalloc/pytext.js";
import { crc32Hex } from "../src/alloc/tracemalloc/dump-format.js";

// ---------------------------------------------------------------------------------------------
// Helpers

type FixtureTrace = [number, number, [string, number][], number];
const toRaw = (t: FixtureTrace): RawTrace => [t[0], t[1], t[2].map((f) => [f[0], f[1]] as const), t[3]];
type FilterSpec = ["F", boolean, string, number | null, boolean, number | null] | ["D", boolean, number];
const makeFilter = (s: FilterSpec): BaseFilter => (s[0] === "F" ? new Filter(s[1], s[2], s[3], s[4], s[5]) : new DomainFilter(s[1], s[2]));

const tmp = mkdtempSync(join(tmpdir(), "poick-tracemalloc-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Arbitrary raw traces: few filenames and lines so groups collide; shared frames arrays. */
const framesArb: fc.Arbitrary<RawFrames> = fc.array(
  fc.tuple(fc.constantFrom("a.py", "b.py", "lib/c.py", "lib/c.pyc", "<unknown>", "é.py", "\u{1F600}.py"), fc.integer({ min: 0, max: 4 })),
  { minLength: 1, maxLength: 4 },
);
const tracesArb: fc.Arbitrary<RawTrace[]> = fc
  .tuple(fc.array(framesArb, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(3), fc.nat(1 << 20), fc.nat(5), fc.nat(3)), { maxLength: 40, size: "max" }))
  .map(([pool, picks]) => picks.map(([domain, size, k, extra]): RawTrace => {
    const frames = pool[k % pool.length];
    return [domain, size, frames, frames.length + extra];
  }));
const filterSpecArb: fc.Arbitrary<FilterSpec> = fc.oneof(
  fc.tuple(
    fc.constant("F" as const),
    fc.boolean(),
    fc.constantFrom("a.py", "*.py", "lib/*", "lib/c.pyc", "<*>", "?.py", "*"),
    fc.option(fc.integer({ min: 0, max: 4 })),
    fc.boolean(),
    fc.option(fc.nat(3)),
  ),
  fc.tuple(fc.constant("D" as const), fc.boolean(), fc.nat(3)),
);
const flip = (s: FilterSpec): FilterSpec => (s[0] === "F" ? ["F", !s[1], s[2], s[3], s[4], s[5]] : ["D", !s[1], s[2]]);
const KEYS: [KeyType, boolean][] = [
  ["lineno", false],
  ["lineno", true],
  ["filename", false],
  ["filename", true],
  ["traceback", false],
];

/** A model of `_tracemalloc` in plain JavaScript, for the module functions. */
class ModelCore implements TracemallocCore {
  tracing = false;
  limit = 1;
  traces = new Map<number, RawTrace>();
  stack: RawFrame[] = [];
  current = 0;
  peak = 0;
  start(nframe = 1): void {
    if (this.tracing) return;
    this.tracing = true;
    this.limit = nframe;
  }
  stop(): void {
    this.tracing = false;
    this.traces.clear();
    this.current = this.peak = 0;
  }
  is_tracing(): boolean {
    return this.tracing;
  }
  clear_traces(): void {
    this.traces.clear();
    this.current = this.peak = 0;
  }
  get_traced_memory(): [number, number] {
    return [this.current, this.peak];
  }
  reset_peak(): void {
    this.peak = this.current;
  }
  get_tracemalloc_memory(): number {
    return this.tracing ? 1000 : 0;
  }
  get_traceback_limit(): number {
    return this.limit;
  }
  _get_traces(): RawTrace[] {
    return [...this.traces.values()];
  }
  _get_object_traceback(address: number): RawFrames | null {
    return this.traces.get(address)?.[2] ?? null;
  }
  malloc(address: number, size: number): void {
    if (!this.tracing) return;
    const frames = this.stack.length ? this.stack.slice(-this.limit).reverse() : [["<unknown>", 0] as const];
    this.traces.set(address, [0, size, frames, Math.max(1, this.stack.length)]);
    this.current += size;
    this.peak = Math.max(this.peak, this.current);
  }
}

// ---------------------------------------------------------------------------------------------

describe("text forms against CPython", () => {
  it("_format_size matches CPython for every recorded value, with and without sign", () => {
    for (const [x, plain, signed] of CPYTHON.format_size) {
      expect([x, _format_size(x, false), _format_size(x, true)]).toEqual([x, plain, signed]);
    }
  });

  it("_format_size matches the reference's observed samples (§4.6)", () => {
    const cases: [number, boolean, string][] = [
      [0, false, "0 B"],
      [1023, false, "1023 B"],
      [10239, false, "10239 B"],
      [10240, false, "10.0 KiB"],
      [5 * 1024 ** 2, false, "5120 KiB"],
      [3 * 1024 ** 3, false, "3072 MiB"],
      [20 * 1024 ** 5, false, "20480 TiB"],
      [0, true, "+0 B"],
      [-5, true, "-5 B"],
      [-20480, true, "-20.0 KiB"],
    ];
    for (const [size, sign, text] of cases) expect(_format_size(size, sign)).toBe(text);
  });

  it("printf %.0f / %.1f round like C (exact value, ties to even)", () => {
    for (const [x, f0, f1, f1neg] of CPYTHON.printf) {
      expect([x, formatFixed(x, 0), formatFixed(x, 1), formatFixed(0 - x, 1, true)]).toEqual([x, f0, f1, f1neg]);
    }
    expect([0.5, 1.5, 2.5, 3.5].map((x) => formatFixed(x, 0))).toEqual(["0", "2", "2", "4"]);
    expect([0.25, 0.75, 10.25].map((x) => formatFixed(x, 1))).toEqual(["0.2", "0.8", "10.2"]);
    expect([formatFixed(-0, 0), formatFixed(-0.4, 0), formatFixed(0, 0, true)]).toEqual(["-0", "-0", "+0"]);
  });

  it("Frame, Traceback and Trace str/repr match CPython", () => {
    const tb = new Traceback(
      [
        ["d.py", 4],
        ["c.py", 3],
        ["b.py", 2],
        ["a.py", 1],
      ],
      9,
    );
    const ours = [
      tb.repr(),
      tb.toString(),
      new Traceback([["a", 1]]).repr(),
      new Traceback([]).repr(),
      new Traceback([["a", 1]], 1).repr(),
      new Frame(["it's \"q\" \x00 é \u2028 \u{1F600} \x7f \x85 \u00ad", 3]).repr(),
      new Frame(["it's", 0]).repr(),
      new Frame(["a", 0]).toString(),
      new Snapshot(CPYTHON.new.map(toRaw), 25).traces.repr(),
      new Trace([0, 1033, [["probe.py", 24]], 1]).repr(),
      new Trace([0, 1033, [["probe.py", 24]], 1]).toString(),
      new Trace([
        5,
        456,
        [
          ["probe.py", 95],
          ["<frozen runpy>", 88],
          ["<frozen runpy>", 98],
        ],
        7,
      ]).repr(),
    ];
    expect(ours).toEqual(CPYTHON.reprs);
    const traces = new Snapshot(CPYTHON.new.map(toRaw), 25).traces;
    expect(traces.slice(0, CPYTHON.trace_text.length).map((t) => [t.toString(), t.repr()])).toEqual(CPYTHON.trace_text);
  });

  it("the reference's observed Trace line (§4.9) is reproduced", () => {
    const t = new Trace([
      5,
      456,
      [
        ["probe.py", 95],
        ["<frozen runpy>", 88],
        ["<frozen runpy>", 98],
      ],
      7,
    ]);
    expect(t.repr()).toBe(
      "<Trace domain=5 size=456 B, traceback=<Traceback (<Frame filename='<frozen runpy>' lineno=98>, <Frame filename='<frozen runpy>' lineno=88>, <Frame filename='probe.py' lineno=95>) total_nframe=7>>",
    );
  });

  it("the reference's observed Statistic and StatisticDiff lines (§4.9) are reproduced", () => {
    const tb = (line: number): Traceback => new Traceback([["probe.py", line]]);
    expect(new Statistic(tb(27), 15103, 7).toString()).toBe("probe.py:27: size=14.7 KiB, count=7, average=2158 B");
    expect(new Statistic(tb(22), 10234, 11).toString()).toBe("probe.py:22: size=10234 B, count=11, average=930 B");
    expect(new Statistic(tb(0), 26040, 24).toString()).toBe("probe.py:0: size=25.4 KiB, count=24, average=1085 B");
    expect(new StatisticDiff(tb(27), 15103, 15103, 7, 7).toString()).toBe("probe.py:27: size=14.7 KiB (+14.7 KiB), count=7 (+7), average=2158 B");
    expect(new StatisticDiff(tb(22), 10234, 0, 11, 0).toString()).toBe("probe.py:22: size=10234 B (+0 B), count=11 (+0), average=930 B");
    expect(new Statistic(tb(1), 0, 0).toString()).toBe("probe.py:1: size=0 B, count=0");
    expect(new StatisticDiff(tb(1), 0, -512, 0, -2).repr()).toBe(
      "<StatisticDiff traceback=<Traceback (<Frame filename='probe.py' lineno=1>,)> size=0 (-512) count=0 (-2)>",
    );
  });

  it("Traceback.format follows CPython's limit semantics and most_recent_first", () => {
    const tb = new Traceback(
      [
        ["d.py", 4],
        ["c.py", 3],
        ["b.py", 2],
        ["a.py", 1],
      ],
      9,
    );
    for (const [limit, mrf, lines] of CPYTHON.format) expect([limit, mrf, tb.format(limit, mrf)]).toEqual([limit, mrf, lines]);
  });

  it("Traceback.format prints stripped source lines found by linecache (reference §4.9 line)", () => {
    const src = Array.from({ length: 30 }, () => "");
    src[21] = "    return [bytes(1000) for _ in range(10)]";
    src[23] = "    return f()";
    src[24] = "\t x = g()   ";
    linecache.setSourceProvider((f) => (f === "probe.py" ? src.join("\n") : null));
    try {
      const tb = new Traceback(
        [
          ["probe.py", 22],
          ["probe.py", 24],
          ["probe.py", 25],
        ],
        3,
      );
      expect(tb.format()).toEqual([
        '  File "probe.py", line 25',
        "    x = g()",
        '  File "probe.py", line 24',
        "    return f()",
        '  File "probe.py", line 22',
        "    return [bytes(1000) for _ in range(10)]",
      ]);
    } finally {
      linecache.setSourceProvider(null);
    }
    // From the file system, like CPython's linecache.
    const file = join(tmp, "src.py");
    writeFileSync(file, "x = 1\r\n  y = 2\n");
    linecache.clearcache();
    expect(new Traceback([[file, 2]]).format()).toEqual([`  File "${file}", line 2`, "    y = 2"]);
    expect(new Traceback([[file, 3]]).format()).toEqual([`  File "${file}", line 3`]);
  });

  it("str repr, errors and edge cases behave as CPython's", () => {
    expect(pyStrRepr("it's")).toBe(`"it's"`);
    expect(pyStrRepr(`a"b'c`)).toBe(`'a"b\\'c'`);
    expect(() => new Traceback([]).toString()).toThrow(new PyIndexError("tuple index out of range"));
    expect(String(new PyValueError("x"))).toBe("ValueError: x");
    const tb = new Traceback([
      ["b", 2],
      ["a", 1],
    ]);
    expect(tb.length).toBe(2);
    expect(tb.at(-1).repr()).toBe("<Frame filename='b' lineno=2>");
    expect([...tb].map(String)).toEqual(["a:1", "b:2"]);
    expect(tb.includes(new Frame(["a", 1]))).toBe(true);
    expect(tb.equals(new Traceback([["b", 2], ["a", 1]], 5))).toBe(true);
  });
});

describe("sorting (reference §4.7) against CPython", () => {
  const snapNew = new Snapshot(CPYTHON.new.map(toRaw), 25);
  const snapOld = new Snapshot(CPYTHON.old.map(toRaw), 25);

  for (const [key, cum] of KEYS) {
    it(`statistics('${key}', cumulative=${cum}) gives CPython's lines in CPython's order`, () => {
      const expected = CPYTHON.stats[`${key}/${cum ? 1 : 0}`];
      const stats = snapNew.statistics(key, cum);
      expect(stats.map(String)).toEqual(expected.str);
      expect(stats.slice(0, expected.repr.length).map((s) => s.repr())).toEqual(expected.repr);
    });
    it(`compare_to(old, '${key}', cumulative=${cum}) gives CPython's lines in CPython's order`, () => {
      const expected = CPYTHON.stats[`diff:${key}/${cum ? 1 : 0}`];
      const diffs = snapNew.compare_to(snapOld, key, cum);
      expect(diffs.map(String)).toEqual(expected.str);
      expect(diffs.slice(0, expected.repr.length).map((s) => s.repr())).toEqual(expected.repr);
    });
  }

  it("Traceback order is Python's tuple order (oldest frame first, shorter prefix first, code points)", () => {
    const t = (...frames: RawFrame[]): Traceback => new Traceback(frames);
    expect(t(["a", 2]).compareTo(t(["a", 10]))).toBeLessThan(0);
    expect(t(["b", 1], ["a", 1]).compareTo(t(["a", 1]))).toBeGreaterThan(0); // prefix (a:1) is smaller
    expect(t(["b", 0]).compareTo(t(["a", 9]))).toBeGreaterThan(0);
    // U+FFFF < U+1F600 by code point, though UTF-16 '\uFFFF' > '\uD83D'.
    expect(compareStr("\uffff", "\u{1F600}")).toBeLessThan(0);
    expect("\uffff" < "\u{1F600}").toBe(false);
  });

  it("statistics errors carry CPython's texts", () => {
    const s = new Snapshot([], 1);
    expect(() => s.statistics("foo" as KeyType)).toThrow(new PyValueError("unknown key_type: 'foo'"));
    expect(() => s.statistics("foo" as KeyType, true)).toThrow(new PyValueError("unknown key_type: 'foo'"));
    expect(() => s.statistics(3 as unknown as KeyType)).toThrow(new PyValueError("unknown key_type: 3"));
    expect(() => s.statistics("traceback", true)).toThrow(new PyValueError("cumulative mode cannot by used with key type 'traceback'"));
    expect(() => s.compare_to(s, "traceback", true)).toThrow(PyValueError);
  });
});

describe("filters (reference §4.8)", () => {
  const traces = CPYTHON.new.map(toRaw);
  const snap = new Snapshot(traces, 25);
  const kept = (filters: BaseFilter[]): string => {
    const out = new Set(snap.filter_traces(filters).traces._traces);
    return traces.map((t) => (out.has(t) ? "1" : "0")).join("");
  };

  it("every single filter keeps exactly what CPython keeps (inclusive/exclusive × lineno × all_frames × domain)", () => {
    for (const [spec, mask] of CPYTHON.filters) expect([spec, kept([makeFilter(spec)])]).toEqual([spec, mask]);
  });

  it("filter combinations keep exactly what CPython keeps", () => {
    for (const [specs, mask] of CPYTHON.filter_combos) expect([specs, kept(specs.map(makeFilter))]).toEqual([specs, mask]);
  });

  it("truth table of one frame, written out", () => {
    const tr = (domain: number, ...frames: RawFrame[]): RawTrace => [domain, 1, frames, frames.length];
    const recent = tr(0, ["a.py", 1], ["b.py", 2]); // most recent frame a.py:1
    const older = tr(1, ["b.py", 2], ["a.py", 1]);
    const rows: [BaseFilter, boolean, boolean][] = [
      // filter, keeps `recent`, keeps `older`
      [new Filter(true, "a.py"), true, false],
      [new Filter(false, "a.py"), false, true],
      [new Filter(true, "a.py", null, true), true, true],
      [new Filter(false, "a.py", null, true), false, false],
      [new Filter(true, "a.py", 1), true, false],
      [new Filter(true, "a.py", 2), false, false],
      [new Filter(false, "a.py", 2), true, true],
      [new Filter(true, "a.py", 1, true), true, true],
      [new Filter(true, "a.py", null, false, 0), true, false],
      [new Filter(false, "a.py", null, false, 0), false, true],
      [new Filter(false, "b.py", null, false, 1), true, false],
      [new Filter(true, "a.pyc"), true, false],
      [new Filter(true, "a.py", null, false, 1), false, false],
      [new DomainFilter(true, 1), false, true],
      [new DomainFilter(false, 1), true, false],
    ];
    for (const [f, a, b] of rows) expect([f.repr(), f._match(recent), f._match(older)]).toEqual([f.repr(), a, b]);
  });

  it("the pattern is normalised (.pyc → .py) and read-only; DomainFilter.domain is read-only", () => {
    const f = new Filter(true, "lib/x.pyc");
    expect(f.filename_pattern).toBe("lib/x.py");
    expect(f._match([0, 1, [["lib/x.pyc", 3]], 1])).toBe(true);
    expect(() => {
      (f as unknown as { filename_pattern: string }).filename_pattern = "y";
    }).toThrow(new PyAttributeError("property 'filename_pattern' of 'Filter' object has no setter"));
    const d = new DomainFilter(true, 3);
    expect(() => {
      (d as unknown as { domain: number }).domain = 4;
    }).toThrow(new PyAttributeError("property 'domain' of 'DomainFilter' object has no setter"));
    f.lineno = 3;
    f.inclusive = false;
    expect(f._match([0, 1, [["lib/x.py", 3]], 1])).toBe(false);
    expect(f.repr()).toMatch(/^<tracemalloc\.Filter object at 0x[0-9a-f]+>$/);
  });

  it("filter_traces argument errors carry CPython's texts", () => {
    const s = new Snapshot([], 1);
    const bad = (x: unknown): (() => Snapshot) => () => s.filter_traces(x as BaseFilter[]);
    expect(bad(new Filter(true, "x"))).toThrow(new PyTypeError("filters must be a list of filters, not Filter"));
    expect(bad(3)).toThrow(new PyTypeError("filters must be a list of filters, not int"));
    expect(bad(null)).toThrow(new PyTypeError("filters must be a list of filters, not NoneType"));
    expect(() => new Snapshot([[0, 1, [["a", 1]], 1]], 1).filter_traces([3 as unknown as BaseFilter])).toThrow(
      new PyAttributeError("'int' object has no attribute 'inclusive'"),
    );
  });

  it("fnmatch agrees with CPython's fnmatch on every recorded pattern/name pair", () => {
    for (const [pat, name, res] of CPYTHON.fnmatch) expect([pat, name, fnmatch(name, pat)]).toEqual([pat, name, res === 1]);
  });

  it("fnmatch: literal patterns match only themselves; '*' matches everything; no blow-up on many stars", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "/", ".", "é", "\u{1F600}", "\n") }), fc.string({ unit: fc.constantFrom("a", "b", "/") }), (name, other) => {
        expect(fnmatch(name, name)).toBe(true);
        expect(fnmatch(other, name)).toBe(other === name);
        expect(fnmatch(name, "*")).toBe(true);
        expect(fnmatch(name, "?")).toBe([...name].length === 1);
      }),
    );
    const t0 = Date.now();
    expect(fnmatch("a".repeat(5000), "*a*a*a*a*a*a*a*a*b")).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe("snapshot invariants (reference §6) as properties", () => {
  it("Σ statistic sizes = Σ trace sizes and Σ counts = number of traces, for every non-cumulative key", () => {
    fc.assert(
      fc.property(tracesArb, (traces) => {
        const snap = new Snapshot(traces, 4);
        const total = sum(traces.map((t) => t[1]));
        for (const key of ["lineno", "filename", "traceback"] as const) {
          const stats = snap.statistics(key);
          expect(sum(stats.map((s) => s.size))).toBe(total);
          expect(sum(stats.map((s) => s.count))).toBe(traces.length);
        }
      }),
    );
  });

  it("cumulative ≥ non-cumulative per group; Σ cumulative = Σ size × frames", () => {
    fc.assert(
      fc.property(tracesArb, (traces) => {
        const snap = new Snapshot(traces, 4);
        for (const key of ["lineno", "filename"] as const) {
          const cum = new Map(snap.statistics(key, true).map((s) => [s.traceback.repr(), s]));
          for (const s of snap.statistics(key, false)) {
            const c = cum.get(s.traceback.repr())!;
            expect(c.size).toBeGreaterThanOrEqual(s.size);
            expect(c.count).toBeGreaterThanOrEqual(s.count);
          }
          expect(sum([...cum.values()].map((s) => s.size))).toBe(sum(traces.map((t) => t[1] * t[2].length)));
        }
      }),
    );
  });

  it("statistics and diffs are sorted descending by their CPython sort keys, with no ties", () => {
    fc.assert(
      fc.property(tracesArb, tracesArb, (a, b) => {
        const na = new Snapshot(a, 4);
        const nb = new Snapshot(b, 4);
        for (const [key, cum] of KEYS) {
          const stats = na.statistics(key, cum);
          for (let i = 1; i < stats.length; i++) {
            const [x, y] = [stats[i - 1], stats[i]];
            const c = x.size - y.size || x.count - y.count || x.traceback.compareTo(y.traceback);
            expect(c).toBeGreaterThan(0);
          }
          const diffs = na.compare_to(nb, key, cum);
          for (let i = 1; i < diffs.length; i++) {
            const [x, y] = [diffs[i - 1], diffs[i]];
            const c =
              Math.abs(x.size_diff) - Math.abs(y.size_diff) ||
              x.size - y.size ||
              Math.abs(x.count_diff) - Math.abs(y.count_diff) ||
              x.count - y.count ||
              x.traceback.compareTo(y.traceback);
            expect(c).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it("compare_to(self) has all diffs zero; size_diff sums to total(new) − total(old)", () => {
    fc.assert(
      fc.property(tracesArb, tracesArb, (a, b) => {
        const na = new Snapshot(a, 4);
        const nb = new Snapshot(b, 4);
        for (const [key, cum] of KEYS) {
          for (const d of na.compare_to(na, key, cum)) {
            expect(d.size_diff).toBe(0);
            expect(d.count_diff).toBe(0);
          }
          if (!cum) expect(sum(na.compare_to(nb, key).map((d) => d.size_diff))).toBe(sum(a.map((t) => t[1])) - sum(b.map((t) => t[1])));
        }
      }),
    );
  });

  it("filter_traces([]) keeps everything; an inclusive filter and its exclusive twin partition the traces", () => {
    fc.assert(
      fc.property(tracesArb, filterSpecArb, (traces, spec) => {
        const snap = new Snapshot(traces, 4);
        expect(snap.filter_traces([]).traces._traces).toEqual(traces);
        expect(snap.filter_traces([]).traces._traces).not.toBe(traces);
        const inc = new Set(snap.filter_traces([makeFilter(spec)]).traces._traces);
        const exc = new Set(snap.filter_traces([makeFilter(flip(spec))]).traces._traces);
        for (const t of traces) expect(inc.has(t) !== exc.has(t)).toBe(true);
        expect(snap.filter_traces([makeFilter(spec)]).traceback_limit).toBe(4);
      }),
    );
  });
});

describe("module functions over a core", () => {
  it("start/stop/take_snapshot/get_object_traceback behave as Lib/tracemalloc.py", () => {
    const core = new ModelCore();
    const tm = new TracemallocModule(core);
    expect(() => tm.take_snapshot()).toThrow(new PyRuntimeError("the tracemalloc module must be tracing memory allocations to take a snapshot"));
    expect(tm.get_traced_memory()).toEqual([0, 0]);
    expect(tm.get_tracemalloc_memory()).toBe(0);
    tm.start(3);
    tm.start(5); // already tracing: no change
    expect(tm.get_traceback_limit()).toBe(3);
    core.stack.push(["main.py", 1], ["lib.py", 7]);
    core.malloc(0x1000, 100);
    core.malloc(0x2000, 50);
    const snap = tm.take_snapshot();
    expect(snap.traceback_limit).toBe(3);
    expect(snap.statistics("lineno").map(String)).toEqual(["lib.py:7: size=150 B, count=2, average=75 B"]);
    expect(tm.get_object_traceback(0x1000)!.repr()).toBe("<Traceback (<Frame filename='main.py' lineno=1>, <Frame filename='lib.py' lineno=7>)>");
    expect(tm.get_object_traceback(0x3000)).toBeNull();
    expect(tm.get_traced_memory()).toEqual([150, 150]);
    tm.stop();
    expect(tm.is_tracing()).toBe(false);
    expect(new tm.Filter(true, "x.pyc").filename_pattern).toBe("x.py");
  });

  it("start(nframe) argument errors are CPython's", () => {
    const tm = new TracemallocModule(new ModelCore());
    for (const n of [0, -1, 65536]) expect(() => tm.start(n)).toThrow(new PyValueError("the number of frames must be in range [1; 65535]"));
    expect(() => tm.start(2 ** 31)).toThrow(new PyOverflowError("Python int too large to convert to C int"));
    expect(() => tm.start("x" as unknown as number)).toThrow(new PyTypeError("'str' object cannot be interpreted as an integer"));
    expect(() => tm.start(1.5)).toThrow(new PyTypeError("'float' object cannot be interpreted as an integer"));
    expect(() => tm.start(null as unknown as number)).toThrow(new PyTypeError("'NoneType' object cannot be interpreted as an integer"));
    expect(checkNframe(true)).toBe(1);
    expect(checkNframe(65535)).toBe(65535);
  });
});

describe("dump / load", () => {
  it("round trip preserves every trace exactly, shares identical tracebacks, keeps 3-field traces", () => {
    fc.assert(
      fc.property(
        tracesArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(1e6), fc.string({ unit: "grapheme" }), fc.integer({ min: -5, max: 1e6 }))),
        fc.integer({ min: 1, max: 65535 }),
        (traces, extra, limit) => {
          const all: RawTrace[] = [...traces, ...extra.map(([d, s, f, l]): RawTrace => [d, s, [[f, l]]])];
          const file = join(tmp, "rt.json");
          new Snapshot(all, limit).dump(file);
          const back = Snapshot.load(file);
          expect(back.traceback_limit).toBe(limit);
          expect(back.traces._traces).toEqual(all);
          expect(back.traces.equals(new Snapshot(all, limit).traces)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    const shared: RawFrames = [["a.py", 1]];
    const file = join(tmp, "shared.json");
    new Snapshot(
      [
        [0, 1, shared, 1],
        [0, 2, [["a.py", 1]], 1],
      ],
      1,
    ).dump(file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.format).toBe("poick-tracemalloc");
    expect(doc.version).toBe(1);
    expect(doc.tracebacks).toEqual([[["a.py", 1]]]);
    const back = Snapshot.load(file).traces._traces;
    expect(back[0][2]).toBe(back[1][2]);
  });

  it("a loaded snapshot gives the same statistics as the original", () => {
    const snap = new Snapshot(CPYTHON.new.map(toRaw), 25);
    const file = join(tmp, "fixture.json");
    snap.dump(file);
    const back = Snapshot.load(file);
    for (const [key, cum] of KEYS) expect(back.statistics(key, cum).map(String)).toEqual(snap.statistics(key, cum).map(String));
  });

  describe("load refuses damaged and foreign files with a clear error", () => {
    const good = (): string => {
      const file = join(tmp, "good.json");
      new Snapshot(CPYTHON.new.map(toRaw), 25).dump(file);
      return readFileSync(file, "utf8");
    };
    const refuse = (name: string, content: string | Buffer, reason: RegExp): void => {
      const file = join(tmp, name);
      writeFileSync(file, content);
      let err: unknown;
      try {
        Snapshot.load(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SnapshotFormatError);
      expect(err).toBeInstanceOf(PyValueError);
      expect((err as Error).message).toContain(`cannot load tracemalloc snapshot from '${file}': `);
      expect((err as Error).message).toMatch(reason);
    };

    it("truncated", () => refuse("trunc.json", good().slice(0, 200), /^.*damaged: not valid JSON .*truncated/));
    it("a digit changed (checksum)", () => {
      const text = good().replace(/"traces":\[\[(\d)/, (_m, d: string) => `"traces":[[${(Number(d) + 1) % 10}`);
      refuse("flip.json", text, /damaged: checksum mismatch/);
    });
    it("a filename edited (checksum)", () => refuse("edit.json", good().replace("a.py", "A.py"), /damaged: checksum mismatch/));
    it("consistent checksum but bad structure", () => {
      const doc = JSON.parse(good());
      doc.traces[0][2] = 999;
      doc.crc32 = crc32Hex(JSON.stringify([doc.traceback_limit, doc.tracebacks, doc.traces]));
      refuse("struct.json", JSON.stringify(doc), /damaged: traces\[0\] names traceback 999, which does not exist/);
      doc.traces[0][2] = 0;
      doc.traces[0][1] = -1;
      doc.crc32 = crc32Hex(JSON.stringify([doc.traceback_limit, doc.tracebacks, doc.traces]));
      refuse("neg.json", JSON.stringify(doc), /traces\[0\]: size -1 is not a non-negative integer/);
    });
    it("missing key", () => {
      const doc = JSON.parse(good());
      delete doc.crc32;
      refuse("nokey.json", JSON.stringify(doc), /damaged: missing "crc32"/);
    });
    it("foreign JSON", () => refuse("foreign.json", '{"hello": 1}', /not a poick tracemalloc dump \(no "format" field\)/));
    it("another format", () => refuse("other.json", '{"format": "pprof"}', /not a poick tracemalloc dump \(format is "pprof"\)/));
    it("not JSON at all", () => refuse("text.txt", "hello world", /not a poick tracemalloc dump \(not JSON\)/));
    it("a JSON array", () => refuse("arr.json", "[1,2]", /not a JSON object/));
    it("a CPython pickle", () => refuse("snap.pickle", Buffer.from([0x80, 0x05, 0x95, 0x00]), /looks like a Python pickle/));
    it("a newer version", () => refuse("v2.json", good().replace('"version":1', '"version":2'), /format version 2 is newer than this poick reads \(up to 1\)/));
    it("a bad version", () => refuse("v0.json", good().replace('"version":1', '"version":"1"'), /damaged: bad "version" "1"/));

    it("file-system errors are Python's OSError texts", () => {
      const missing = join(tmp, "nope.json");
      expect(() => Snapshot.load(missing)).toThrow(new PyOSError(2, "No such file or directory", missing, "FileNotFoundError"));
      expect(() => Snapshot.load(missing)).toThrow(`[Errno 2] No such file or directory: '${missing}'`);
      const dir = join(tmp, "adir");
      mkdirSync(dir, { recursive: true });
      expect(() => Snapshot.load(dir)).toThrow(`[Errno 21] Is a directory: '${dir}'`);
    });

    it("dump refuses what load would refuse", () => {
      expect(() => new Snapshot([[0, 1.5, [["a", 1]], 1]], 1).dump(join(tmp, "bad.json"))).toThrow(
        new PyValueError("cannot dump tracemalloc snapshot: traces[0]: size 1.5 is not a non-negative integer"),
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Recorded from real CPython. The generator (Python, run unchanged under CPython 3.14.2 in pyodide
// 314.0.7, 3.13.0 and 3.11.7; all three printed identical JSON) did, with random.Random(20250105):
//   - built `old` (30) and `new` (40) raw traces from a pool of 14 random tracebacks over the files
//     a.py, b.py, lib/c.py, lib/d.pyc, lib/d.py, <frozen runpy>, it's.py, é.py, x[1].py;
//   - stats[key/cum] = str() of Snapshot(new, 25).statistics(key, cum) and repr() of the first 3;
//     stats["diff:…"] = the same for compare_to(Snapshot(old, 25), key, cum);
//   - trace_text = [str(t), repr(t)] for the first 8 traces of `new`;
//   - filters = for every Filter(inclusive, pattern, lineno, all_frames, domain) over the patterns
//     a.py, lib/*, *.py, lib/d.pyc, <*>, x[[]1].py, *c*, ?.py and DomainFilter(inclusive, 0|2):
//     which traces of `new` filter_traces([f]) keeps ("1" per kept trace, in order);
//     filter_combos = the same for 30 random 2–3 filter lists;
//   - format_size = [x, _format_size(x, False), _format_size(x, True)]; printf = [x, "%.0f" % x,
//     "%.1f" % x, "%+.1f" % -x] for hand-picked and random sizes (ties, KiB..TiB, negatives);
//   - fnmatch = [pattern, name, fnmatch.fnmatch(name, pattern)] for random strings over
//     a b - ! ^ [ ] * ? \ z, plus hand-picked bracket edge cases;
//   - format = [limit, most_recent_first, Traceback(((d.py,4),(c.py,3),(b.py,2),(a.py,1)), 9).format(...)];
//   - reprs = the reprs/strs listed in the "Frame, Traceback and Trace" test, in that order.

interface CpythonFixture {
  python: string;
  old: FixtureTrace[];
  new: FixtureTrace[];
  stats: Record<string, { str: string[]; repr: string[] }>;
  trace_text: [string, string][];
  filters: [FilterSpec, string][];
  filter_combos: [FilterSpec[], string][];
  format_size: [number, string, string][];
  printf: [number, string, string, string][];
  fnmatch: [string, string, number][];
  format: [number | null, boolean, string[]][];
  reprs: string[];
}

const CPYTHON: CpythonFixture = {
  "python": "3.14.2",
  "old": [[0,0,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],3],[2,1,[["it's.py",3],["lib/d.pyc",1],["lib/d.py",5]],3],[3,1000,[["a.py",4]],2],[0,1000,[["lib/d.pyc",4],["b.py",0],["lib/d.pyc",5]],5],[0,0,[["x[1].py",5]],3],[3,1,[["lib/d.pyc",4],["b.py",0],["lib/d.pyc",5]],5],[1,42424,[["x[1].py",5]],2],[2,1000,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],3],[2,0,[["x[1].py",2],["b.py",1],["x[1].py",2],["lib/c.py",2]],6],[3,1,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],7],[3,7,[["a.py",1],["lib/d.py",2],["it's.py",4]],6],[1,1,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],4],[2,4096,[["b.py",3],["\u00e9.py",4]],5],[3,1,[["b.py",4],["lib/d.py",4]],4],[0,65536,[["a.py",4]],4],[2,7,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],4],[1,0,[["it's.py",5]],2],[2,100,[["x[1].py",5]],1],[3,1,[["x[1].py",2],["b.py",1],["x[1].py",2],["lib/c.py",2]],7],[0,40572,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],5],[0,3145728,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],5],[0,65536,[["it's.py",3],["lib/d.pyc",1],["lib/d.py",5]],3],[1,3145728,[["lib/c.py",0]],4],[2,10240,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],3],[3,7,[["b.py",4],["lib/d.py",4]],5],[2,7,[["x[1].py",5]],3],[3,7,[["it's.py",5]],3],[1,4096,[["it's.py",3],["lib/d.pyc",1],["lib/d.py",5]],6],[0,100,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],6],[2,10240,[["it's.py",3],["lib/d.pyc",1],["lib/d.py",5]],6]],
  "new": [[3,1000,[["x[1].py",2],["b.py",1],["x[1].py",2],["lib/c.py",2]],4],[2,45988,[["b.py",4],["lib/d.py",4]],5],[3,4096,[["x[1].py",5]],2],[3,42885,[["a.py",1],["lib/d.py",2],["it's.py",4]],5],[1,1000,[["a.py",1],["lib/d.py",2],["it's.py",4]],6],[0,1,[["b.py",4],["lib/d.py",4]],5],[2,65536,[["b.py",3],["\u00e9.py",4]],5],[3,1000,[["a.py",4]],1],[1,4096,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],4],[2,10240,[["lib/c.py",3]],4],[1,100,[["lib/c.py",0]],3],[0,21571,[["lib/c.py",0]],1],[3,3145728,[["a.py",1],["lib/d.py",2],["it's.py",4]],3],[3,100,[["lib/d.py",3],["\u00e9.py",1],["b.py",2]],4],[0,7,[["lib/c.py",3]],3],[0,10240,[["b.py",3],["\u00e9.py",4]],3],[2,3145728,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],7],[0,7,[["b.py",3],["\u00e9.py",4]],5],[3,10240,[["x[1].py",5]],2],[2,7,[["b.py",3],["\u00e9.py",4]],2],[3,16364,[["x[1].py",5]],2],[2,527,[["b.py",4],["lib/d.py",4]],4],[1,1000,[["lib/c.py",0]],1],[1,7,[["a.py",4]],2],[1,7,[["a.py",1],["lib/d.py",2],["it's.py",4]],6],[2,100,[["a.py",1],["lib/d.py",2],["it's.py",4]],6],[3,10240,[["b.py",4],["lib/d.py",4]],2],[3,1000,[["lib/d.pyc",4],["b.py",0],["lib/d.pyc",5]],4],[2,100,[["lib/c.py",3]],4],[3,10240,[["b.py",2],["a.py",5],["lib/d.pyc",5],["lib/d.pyc",2]],5],[0,17600,[["x[1].py",2],["b.py",1],["x[1].py",2],["lib/c.py",2]],5],[3,65536,[["b.py",4],["lib/d.py",4]],4],[1,100,[["b.py",3],["\u00e9.py",4]],5],[1,1000,[["a.py",1],["lib/d.py",2],["it's.py",4]],6],[1,0,[["lib/d.py",4],["\u00e9.py",3],["it's.py",4]],3],[0,3145728,[["b.py",4],["lib/d.py",4]],5],[2,7,[["it's.py",5]],2],[3,10240,[["x[1].py",2],["b.py",1],["x[1].py",2],["lib/c.py",2]],6],[0,4096,[["it's.py",5]],2],[2,100,[["lib/d.pyc",4],["b.py",0],["lib/d.pyc",5]],5]],
  "stats": {
    "lineno/0": {"str":["b.py:4: size=3191 KiB, count=6, average=532 KiB","a.py:1: size=3116 KiB, count=6, average=519 KiB","b.py:2: size=3082 KiB, count=2, average=1541 KiB","b.py:3: size=74.1 KiB, count=5, average=14.8 KiB","x[1].py:5: size=30.0 KiB, count=3, average=10233 B","x[1].py:2: size=28.2 KiB, count=3, average=9613 B","lib/c.py:0: size=22.1 KiB, count=3, average=7557 B","lib/c.py:3: size=10.1 KiB, count=3, average=3449 B","it's.py:5: size=4103 B, count=2, average=2052 B","lib/d.py:4: size=4096 B, count=2, average=2048 B","lib/d.pyc:4: size=1100 B, count=2, average=550 B","a.py:4: size=1007 B, count=2, average=504 B","lib/d.py:3: size=100 B, count=1, average=100 B"],"repr":["<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=4>,)> size=3268020 count=6>","<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=1>,)> size=3190720 count=6>","<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=2>,)> size=3155968 count=2>"]},
    "diff:lineno/0": {"str":["b.py:4: size=3191 KiB (+3191 KiB), count=6 (+4), average=532 KiB","a.py:1: size=3116 KiB (+3116 KiB), count=6 (+5), average=519 KiB","lib/c.py:0: size=22.1 KiB (-3050 KiB), count=3 (+2), average=7557 B","it's.py:3: size=0 B (-78.0 KiB), count=0 (-4)","b.py:3: size=74.1 KiB (+70.1 KiB), count=5 (+4), average=14.8 KiB","a.py:4: size=1007 B (-64.0 KiB), count=2 (+0), average=504 B","lib/d.py:4: size=4096 B (-46.6 KiB), count=2 (-2), average=2048 B","x[1].py:2: size=28.2 KiB (+28.2 KiB), count=3 (+1), average=9613 B","x[1].py:5: size=30.0 KiB (-11.6 KiB), count=3 (-1), average=10233 B","lib/c.py:3: size=10.1 KiB (+10.1 KiB), count=3 (+3), average=3449 B","b.py:2: size=3082 KiB (+10131 B), count=2 (-3), average=1541 KiB","it's.py:5: size=4103 B (+4096 B), count=2 (+0), average=2052 B","lib/d.py:3: size=100 B (+100 B), count=1 (+1), average=100 B","lib/d.pyc:4: size=1100 B (+99 B), count=2 (+0), average=550 B"],"repr":["<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=4>,)> size=3268020 (+3268012) count=6 (+4)>","<StatisticDiff traceback=<Traceback (<Frame filename='a.py' lineno=1>,)> size=3190720 (+3190713) count=6 (+5)>","<StatisticDiff traceback=<Traceback (<Frame filename='lib/c.py' lineno=0>,)> size=22671 (-3123057) count=3 (+2)>"]},
    "lineno/1": {"str":["lib/d.py:4: size=3195 KiB, count=8, average=399 KiB","b.py:4: size=3191 KiB, count=6, average=532 KiB","it's.py:4: size=3120 KiB, count=8, average=390 KiB","lib/d.py:2: size=3116 KiB, count=6, average=519 KiB","a.py:1: size=3116 KiB, count=6, average=519 KiB","lib/d.pyc:5: size=3083 KiB, count=4, average=771 KiB","b.py:2: size=3082 KiB, count=3, average=1027 KiB","lib/d.pyc:2: size=3082 KiB, count=2, average=1541 KiB","a.py:5: size=3082 KiB, count=2, average=1541 KiB","\u00e9.py:4: size=74.1 KiB, count=5, average=14.8 KiB","b.py:3: size=74.1 KiB, count=5, average=14.8 KiB","x[1].py:2: size=56.3 KiB, count=6, average=9613 B","x[1].py:5: size=30.0 KiB, count=3, average=10233 B","lib/c.py:2: size=28.2 KiB, count=3, average=9613 B","b.py:1: size=28.2 KiB, count=3, average=9613 B","lib/c.py:0: size=22.1 KiB, count=3, average=7557 B","lib/c.py:3: size=10.1 KiB, count=3, average=3449 B","it's.py:5: size=4103 B, count=2, average=2052 B","\u00e9.py:3: size=4096 B, count=2, average=2048 B","lib/d.pyc:4: size=1100 B, count=2, average=550 B","b.py:0: size=1100 B, count=2, average=550 B","a.py:4: size=1007 B, count=2, average=504 B","\u00e9.py:1: size=100 B, count=1, average=100 B","lib/d.py:3: size=100 B, count=1, average=100 B"],"repr":["<Statistic traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>,)> size=3272116 count=8>","<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=4>,)> size=3268020 count=6>","<Statistic traceback=<Traceback (<Frame filename=\"it's.py\" lineno=4>,)> size=3194816 count=8>"]},
    "diff:lineno/1": {"str":["b.py:4: size=3191 KiB (+3191 KiB), count=6 (+4), average=532 KiB","lib/d.py:4: size=3195 KiB (+3145 KiB), count=8 (+2), average=399 KiB","lib/d.py:2: size=3116 KiB (+3116 KiB), count=6 (+5), average=519 KiB","a.py:1: size=3116 KiB (+3116 KiB), count=6 (+5), average=519 KiB","it's.py:4: size=3120 KiB (+3069 KiB), count=8 (+3), average=390 KiB","lib/c.py:0: size=22.1 KiB (-3050 KiB), count=3 (+2), average=7557 B","lib/d.pyc:1: size=0 B (-78.0 KiB), count=0 (-4)","lib/d.py:5: size=0 B (-78.0 KiB), count=0 (-4)","it's.py:3: size=0 B (-78.0 KiB), count=0 (-4)","\u00e9.py:4: size=74.1 KiB (+70.1 KiB), count=5 (+4), average=14.8 KiB","b.py:3: size=74.1 KiB (+70.1 KiB), count=5 (+4), average=14.8 KiB","a.py:4: size=1007 B (-64.0 KiB), count=2 (+0), average=504 B","x[1].py:2: size=56.3 KiB (+56.3 KiB), count=6 (+2), average=9613 B","\u00e9.py:3: size=4096 B (-46.6 KiB), count=2 (-2), average=2048 B","lib/c.py:2: size=28.2 KiB (+28.2 KiB), count=3 (+1), average=9613 B","b.py:1: size=28.2 KiB (+28.2 KiB), count=3 (+1), average=9613 B","x[1].py:5: size=30.0 KiB (-11.6 KiB), count=3 (-1), average=10233 B","lib/c.py:3: size=10.1 KiB (+10.1 KiB), count=3 (+3), average=3449 B","b.py:2: size=3082 KiB (+10231 B), count=3 (-2), average=1027 KiB","lib/d.pyc:5: size=3083 KiB (+10230 B), count=4 (-3), average=771 KiB","lib/d.pyc:2: size=3082 KiB (+10131 B), count=2 (-3), average=1541 KiB","a.py:5: size=3082 KiB (+10131 B), count=2 (-3), average=1541 KiB","it's.py:5: size=4103 B (+4096 B), count=2 (+0), average=2052 B","\u00e9.py:1: size=100 B (+100 B), count=1 (+1), average=100 B","lib/d.py:3: size=100 B (+100 B), count=1 (+1), average=100 B","lib/d.pyc:4: size=1100 B (+99 B), count=2 (+0), average=550 B","b.py:0: size=1100 B (+99 B), count=2 (+0), average=550 B"],"repr":["<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=4>,)> size=3268020 (+3268012) count=6 (+4)>","<StatisticDiff traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>,)> size=3272116 (+3220296) count=8 (+2)>","<StatisticDiff traceback=<Traceback (<Frame filename='lib/d.py' lineno=2>,)> size=3190720 (+3190713) count=6 (+5)>"]},
    "filename/0": {"str":["b.py:0: size=6348 KiB, count=13, average=488 KiB","a.py:0: size=3117 KiB, count=8, average=390 KiB","x[1].py:0: size=58.1 KiB, count=6, average=9923 B","lib/c.py:0: size=32.2 KiB, count=6, average=5503 B","lib/d.py:0: size=4196 B, count=3, average=1399 B","it's.py:0: size=4103 B, count=2, average=2052 B","lib/d.pyc:0: size=1100 B, count=2, average=550 B"],"repr":["<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=0>,)> size=6499878 count=13>","<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=3191727 count=8>","<Statistic traceback=<Traceback (<Frame filename='x[1].py' lineno=0>,)> size=59540 count=6>"]},
    "diff:filename/0": {"str":["b.py:0: size=6348 KiB (+3271 KiB), count=13 (+5), average=488 KiB","a.py:0: size=3117 KiB (+3052 KiB), count=8 (+5), average=390 KiB","lib/c.py:0: size=32.2 KiB (-3040 KiB), count=6 (+5), average=5503 B","it's.py:0: size=4103 B (-74.0 KiB), count=2 (-4), average=2052 B","lib/d.py:0: size=4196 B (-46.5 KiB), count=3 (-1), average=1399 B","x[1].py:0: size=58.1 KiB (+16.6 KiB), count=6 (+0), average=9923 B","lib/d.pyc:0: size=1100 B (+99 B), count=2 (+0), average=550 B"],"repr":["<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=0>,)> size=6499878 (+3349937) count=13 (+5)>","<StatisticDiff traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=3191727 (+3125184) count=8 (+5)>","<StatisticDiff traceback=<Traceback (<Frame filename='lib/c.py' lineno=0>,)> size=33018 (-3112710) count=6 (+5)>"]},
    "filename/1": {"str":["b.py:0: size=6377 KiB, count=19, average=336 KiB","lib/d.py:0: size=6311 KiB, count=15, average=421 KiB","a.py:0: size=6199 KiB, count=10, average=620 KiB","lib/d.pyc:0: size=6166 KiB, count=8, average=771 KiB","it's.py:0: size=3124 KiB, count=10, average=312 KiB","x[1].py:0: size=86.3 KiB, count=9, average=9820 B","\u00e9.py:0: size=78.2 KiB, count=8, average=10011 B","lib/c.py:0: size=60.4 KiB, count=9, average=6873 B"],"repr":["<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=0>,)> size=6529918 count=19>","<Statistic traceback=<Traceback (<Frame filename='lib/d.py' lineno=0>,)> size=6462936 count=15>","<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=6347695 count=10>"]},
    "diff:filename/1": {"str":["lib/d.py:0: size=6311 KiB (+6183 KiB), count=15 (+4), average=421 KiB","b.py:0: size=6377 KiB (+3300 KiB), count=19 (+7), average=336 KiB","a.py:0: size=6199 KiB (+3062 KiB), count=10 (+2), average=620 KiB","lib/c.py:0: size=60.4 KiB (-3012 KiB), count=9 (+6), average=6873 B","it's.py:0: size=3124 KiB (+2995 KiB), count=10 (-1), average=312 KiB","lib/d.pyc:0: size=6166 KiB (-58.0 KiB), count=8 (-10), average=771 KiB","x[1].py:0: size=86.3 KiB (+44.8 KiB), count=9 (+1), average=9820 B","\u00e9.py:0: size=78.2 KiB (+23.6 KiB), count=8 (+3), average=10011 B"],"repr":["<StatisticDiff traceback=<Traceback (<Frame filename='lib/d.py' lineno=0>,)> size=6462936 (+6331236) count=15 (+4)>","<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=0>,)> size=6529918 (+3378975) count=19 (+7)>","<StatisticDiff traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=6347695 (+3135315) count=10 (+2)>"]},
    "traceback/0": {"str":["lib/d.py:4: size=3191 KiB, count=6, average=532 KiB","it's.py:4: size=3116 KiB, count=6, average=519 KiB","lib/d.pyc:2: size=3082 KiB, count=2, average=1541 KiB","\u00e9.py:4: size=74.1 KiB, count=5, average=14.8 KiB","x[1].py:5: size=30.0 KiB, count=3, average=10233 B","lib/c.py:2: size=28.2 KiB, count=3, average=9613 B","lib/c.py:0: size=22.1 KiB, count=3, average=7557 B","lib/c.py:3: size=10.1 KiB, count=3, average=3449 B","it's.py:5: size=4103 B, count=2, average=2052 B","it's.py:4: size=4096 B, count=2, average=2048 B","lib/d.pyc:5: size=1100 B, count=2, average=550 B","a.py:4: size=1007 B, count=2, average=504 B","b.py:2: size=100 B, count=1, average=100 B"],"repr":["<Statistic traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>, <Frame filename='b.py' lineno=4>)> size=3268020 count=6>","<Statistic traceback=<Traceback (<Frame filename=\"it's.py\" lineno=4>, <Frame filename='lib/d.py' lineno=2>, <Frame filename='a.py' lineno=1>)> size=3190720 count=6>","<Statistic traceback=<Traceback (<Frame filename='lib/d.pyc' lineno=2>, <Frame filename='lib/d.pyc' lineno=5>, <Frame filename='a.py' lineno=5>, <Frame filename='b.py' lineno=2>)> size=3155968 count=2>"]},
    "diff:traceback/0": {"str":["lib/d.py:4: size=3191 KiB (+3191 KiB), count=6 (+4), average=532 KiB","it's.py:4: size=3116 KiB (+3116 KiB), count=6 (+5), average=519 KiB","lib/c.py:0: size=22.1 KiB (-3050 KiB), count=3 (+2), average=7557 B","lib/d.py:5: size=0 B (-78.0 KiB), count=0 (-4)","\u00e9.py:4: size=74.1 KiB (+70.1 KiB), count=5 (+4), average=14.8 KiB","a.py:4: size=1007 B (-64.0 KiB), count=2 (+0), average=504 B","it's.py:4: size=4096 B (-46.6 KiB), count=2 (-2), average=2048 B","lib/c.py:2: size=28.2 KiB (+28.2 KiB), count=3 (+1), average=9613 B","x[1].py:5: size=30.0 KiB (-11.6 KiB), count=3 (-1), average=10233 B","lib/c.py:3: size=10.1 KiB (+10.1 KiB), count=3 (+3), average=3449 B","lib/d.pyc:2: size=3082 KiB (+10131 B), count=2 (-3), average=1541 KiB","it's.py:5: size=4103 B (+4096 B), count=2 (+0), average=2052 B","b.py:2: size=100 B (+100 B), count=1 (+1), average=100 B","lib/d.pyc:5: size=1100 B (+99 B), count=2 (+0), average=550 B"],"repr":["<StatisticDiff traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>, <Frame filename='b.py' lineno=4>)> size=3268020 (+3268012) count=6 (+4)>","<StatisticDiff traceback=<Traceback (<Frame filename=\"it's.py\" lineno=4>, <Frame filename='lib/d.py' lineno=2>, <Frame filename='a.py' lineno=1>)> size=3190720 (+3190713) count=6 (+5)>","<StatisticDiff traceback=<Traceback (<Frame filename='lib/c.py' lineno=0>,)> size=22671 (-3123057) count=3 (+2)>"]},
  },
  "trace_text": [
    ["lib/c.py:2: 1000 B","<Trace domain=3 size=1000 B, traceback=<Traceback (<Frame filename='lib/c.py' lineno=2>, <Frame filename='x[1].py' lineno=2>, <Frame filename='b.py' lineno=1>, <Frame filename='x[1].py' lineno=2>) total_nframe=4>>"],
    ["lib/d.py:4: 44.9 KiB","<Trace domain=2 size=44.9 KiB, traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>, <Frame filename='b.py' lineno=4>) total_nframe=5>>"],
    ["x[1].py:5: 4096 B","<Trace domain=3 size=4096 B, traceback=<Traceback (<Frame filename='x[1].py' lineno=5>,) total_nframe=2>>"],
    ["it's.py:4: 41.9 KiB","<Trace domain=3 size=41.9 KiB, traceback=<Traceback (<Frame filename=\"it's.py\" lineno=4>, <Frame filename='lib/d.py' lineno=2>, <Frame filename='a.py' lineno=1>) total_nframe=5>>"],
    ["it's.py:4: 1000 B","<Trace domain=1 size=1000 B, traceback=<Traceback (<Frame filename=\"it's.py\" lineno=4>, <Frame filename='lib/d.py' lineno=2>, <Frame filename='a.py' lineno=1>) total_nframe=6>>"],
    ["lib/d.py:4: 1 B","<Trace domain=0 size=1 B, traceback=<Traceback (<Frame filename='lib/d.py' lineno=4>, <Frame filename='b.py' lineno=4>) total_nframe=5>>"],
    ["\u00e9.py:4: 64.0 KiB","<Trace domain=2 size=64.0 KiB, traceback=<Traceback (<Frame filename='\u00e9.py' lineno=4>, <Frame filename='b.py' lineno=3>) total_nframe=5>>"],
    ["a.py:4: 1000 B","<Trace domain=3 size=1000 B, traceback=<Traceback (<Frame filename='a.py' lineno=4>,) total_nframe=1>>"],
  ],
  "filters": [
    [["F",true,"a.py",null,false,null],"0001100100001000000000011100000001000000"],
    [["F",true,"a.py",null,false,1],"0000100000000000000000011000000001000000"],
    [["F",true,"a.py",null,true,null],"0001100100001000100000011100010001000000"],
    [["F",true,"a.py",null,true,1],"0000100000000000000000011000000001000000"],
    [["F",true,"a.py",2,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"a.py",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"a.py",2,true,null],"0000000000000000000000000000000000000000"],
    [["F",true,"a.py",2,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"lib/*",null,false,null],"0000000011110110000000100001100000100001"],
    [["F",true,"lib/*",null,false,1],"0000000010100000000000100000000000100000"],
    [["F",true,"lib/*",null,true,null],"1101110011111110100001101111111101110101"],
    [["F",true,"lib/*",null,true,1],"0000100010100000000000101000000001100000"],
    [["F",true,"lib/*",2,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"lib/*",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"lib/*",2,true,null],"1001100000001000100000001100011001000100"],
    [["F",true,"lib/*",2,true,1],"0000100000000000000000001000000001000000"],
    [["F",true,"*.py",null,false,null],"1111111111111111111111111111111111111111"],
    [["F",true,"*.py",null,false,1],"0000100010100000000000111000000011100000"],
    [["F",true,"*.py",null,true,null],"1111111111111111111111111111111111111111"],
    [["F",true,"*.py",null,true,1],"0000100010100000000000111000000011100000"],
    [["F",true,"*.py",2,false,null],"1000000000000000100000000000011000000100"],
    [["F",true,"*.py",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"*.py",2,true,null],"1001100000001100100000001100011001000100"],
    [["F",true,"*.py",2,true,1],"0000100000000000000000001000000001000000"],
    [["F",true,"lib/d.pyc",null,false,null],"0000000010000100000000000001000000100001"],
    [["F",true,"lib/d.pyc",null,false,1],"0000000010000000000000000000000000100000"],
    [["F",true,"lib/d.pyc",null,true,null],"0101110010001100100001001111010101110001"],
    [["F",true,"lib/d.pyc",null,true,1],"0000100010000000000000001000000001100000"],
    [["F",true,"lib/d.pyc",2,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"lib/d.pyc",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"lib/d.pyc",2,true,null],"0001100000001000100000001100010001000000"],
    [["F",true,"lib/d.pyc",2,true,1],"0000100000000000000000001000000001000000"],
    [["F",true,"<*>",null,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",null,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",null,true,null],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",null,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",2,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",2,true,null],"0000000000000000000000000000000000000000"],
    [["F",true,"<*>",2,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"x[[]1].py",null,false,null],"1010000000000000001010000000001000000100"],
    [["F",true,"x[[]1].py",null,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"x[[]1].py",null,true,null],"1010000000000000001010000000001000000100"],
    [["F",true,"x[[]1].py",null,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"x[[]1].py",2,false,null],"1000000000000000000000000000001000000100"],
    [["F",true,"x[[]1].py",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"x[[]1].py",2,true,null],"1000000000000000000000000000001000000100"],
    [["F",true,"x[[]1].py",2,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"*c*",null,false,null],"0000000001110010000000100000100000000000"],
    [["F",true,"*c*",null,false,1],"0000000000100000000000100000000000000000"],
    [["F",true,"*c*",null,true,null],"1000000001110010000000100000101000000100"],
    [["F",true,"*c*",null,true,1],"0000000000100000000000100000000000000000"],
    [["F",true,"*c*",2,false,null],"0000000000000000000000000000000000000000"],
    [["F",true,"*c*",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"*c*",2,true,null],"1000000000000000000000000000001000000100"],
    [["F",true,"*c*",2,true,1],"0000000000000000000000000000000000000000"],
    [["F",true,"?.py",null,false,null],"0101111100001001110101011110010111010000"],
    [["F",true,"?.py",null,false,1],"0000100000000000000000011000000011000000"],
    [["F",true,"?.py",null,true,null],"1101111110001101110101011111011111110101"],
    [["F",true,"?.py",null,true,1],"0000100010000000000000011000000011100000"],
    [["F",true,"?.py",2,false,null],"0000000000000000100000000000010000000000"],
    [["F",true,"?.py",2,false,1],"0000000000000000000000000000000000000000"],
    [["F",true,"?.py",2,true,null],"0000000000000100100000000000010000000000"],
    [["F",true,"?.py",2,true,1],"0000000000000000000000000000000000000000"],
    [["D",true,0],"0000010000010011010000000000001000010010"],
    [["D",true,2],"0100001001000000100101000100100000001001"],
    [["F",false,"a.py",null,false,null],"1110011011110111111111100011111110111111"],
    [["F",false,"a.py",null,false,1],"1111011111111111111111100111111110111111"],
    [["F",false,"a.py",null,true,null],"1110011011110111011111100011101110111111"],
    [["F",false,"a.py",null,true,1],"1111011111111111111111100111111110111111"],
    [["F",false,"a.py",2,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"a.py",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"a.py",2,true,null],"1111111111111111111111111111111111111111"],
    [["F",false,"a.py",2,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"lib/*",null,false,null],"1111111100001001111111011110011111011110"],
    [["F",false,"lib/*",null,false,1],"1111111101011111111111011111111111011111"],
    [["F",false,"lib/*",null,true,null],"0010001100000001011110010000000010001010"],
    [["F",false,"lib/*",null,true,1],"1111011101011111111111010111111110011111"],
    [["F",false,"lib/*",2,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"lib/*",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"lib/*",2,true,null],"0110011111110111011111110011100110111011"],
    [["F",false,"lib/*",2,true,1],"1111011111111111111111110111111110111111"],
    [["F",false,"*.py",null,false,null],"0000000000000000000000000000000000000000"],
    [["F",false,"*.py",null,false,1],"1111011101011111111111000111111100011111"],
    [["F",false,"*.py",null,true,null],"0000000000000000000000000000000000000000"],
    [["F",false,"*.py",null,true,1],"1111011101011111111111000111111100011111"],
    [["F",false,"*.py",2,false,null],"0111111111111111011111111111100111111011"],
    [["F",false,"*.py",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"*.py",2,true,null],"0110011111110011011111110011100110111011"],
    [["F",false,"*.py",2,true,1],"1111011111111111111111110111111110111111"],
    [["F",false,"lib/d.pyc",null,false,null],"1111111101111011111111111110111111011110"],
    [["F",false,"lib/d.pyc",null,false,1],"1111111101111111111111111111111111011111"],
    [["F",false,"lib/d.pyc",null,true,null],"1010001101110011011110110000101010001110"],
    [["F",false,"lib/d.pyc",null,true,1],"1111011101111111111111110111111110011111"],
    [["F",false,"lib/d.pyc",2,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"lib/d.pyc",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"lib/d.pyc",2,true,null],"1110011111110111011111110011101110111111"],
    [["F",false,"lib/d.pyc",2,true,1],"1111011111111111111111110111111110111111"],
    [["F",false,"<*>",null,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",null,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",null,true,null],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",null,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",2,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",2,true,null],"1111111111111111111111111111111111111111"],
    [["F",false,"<*>",2,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"x[[]1].py",null,false,null],"0101111111111111110101111111110111111011"],
    [["F",false,"x[[]1].py",null,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"x[[]1].py",null,true,null],"0101111111111111110101111111110111111011"],
    [["F",false,"x[[]1].py",null,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"x[[]1].py",2,false,null],"0111111111111111111111111111110111111011"],
    [["F",false,"x[[]1].py",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"x[[]1].py",2,true,null],"0111111111111111111111111111110111111011"],
    [["F",false,"x[[]1].py",2,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"*c*",null,false,null],"1111111110001101111111011111011111111111"],
    [["F",false,"*c*",null,false,1],"1111111111011111111111011111111111111111"],
    [["F",false,"*c*",null,true,null],"0111111110001101111111011111010111111011"],
    [["F",false,"*c*",null,true,1],"1111111111011111111111011111111111111111"],
    [["F",false,"*c*",2,false,null],"1111111111111111111111111111111111111111"],
    [["F",false,"*c*",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"*c*",2,true,null],"0111111111111111111111111111110111111011"],
    [["F",false,"*c*",2,true,1],"1111111111111111111111111111111111111111"],
    [["F",false,"?.py",null,false,null],"1010000011110110001010100001101000101111"],
    [["F",false,"?.py",null,false,1],"1111011111111111111111100111111100111111"],
    [["F",false,"?.py",null,true,null],"0010000001110010001010100000100000001010"],
    [["F",false,"?.py",null,true,1],"1111011101111111111111100111111100011111"],
    [["F",false,"?.py",2,false,null],"1111111111111111011111111111101111111111"],
    [["F",false,"?.py",2,false,1],"1111111111111111111111111111111111111111"],
    [["F",false,"?.py",2,true,null],"1111111111111011011111111111101111111111"],
    [["F",false,"?.py",2,true,1],"1111111111111111111111111111111111111111"],
    [["D",false,0],"1111101111101100101111111111110111101101"],
    [["D",false,2],"1011110110111111011010111011011111110110"],
  ],
  "filter_combos": [
    [[["F",true,"*.py",null,true,1],["F",false,"lib/d.pyc",2,true,1]],"0000000010100000000000110000000010100000"],
    [[["F",true,"<*>",2,false,null],["D",false,2]],"0000000000000000000000000000000000000000"],
    [[["F",false,"*c*",null,false,1],["D",true,0],["F",true,"<*>",2,false,1]],"0000010000010011010000000000001000010010"],
    [[["F",true,"lib/*",null,false,null],["F",true,"a.py",2,true,null]],"0000000011110110000000100001100000100001"],
    [[["F",false,"lib/*",null,true,null],["F",false,"lib/*",null,false,1],["F",true,"lib/d.pyc",2,false,1]],"0000000000000000000000000000000000000000"],
    [[["F",true,"?.py",2,false,null],["F",true,"?.py",null,false,null]],"0101111100001001110101011110010111010000"],
    [[["F",false,"lib/d.pyc",2,false,null],["F",false,"lib/d.pyc",null,false,1]],"1111111101111111111111111111111111011111"],
    [[["F",true,"lib/*",null,true,null],["F",true,"*.py",null,false,null]],"1111111111111111111111111111111111111111"],
    [[["F",true,"*c*",null,true,null],["F",true,"lib/*",null,true,1],["F",false,"*.py",2,true,null]],"0000000011110010000000100000100000100000"],
    [[["F",true,"<*>",null,false,1],["F",true,"x[[]1].py",null,false,null]],"1010000000000000001010000000001000000100"],
    [[["F",false,"x[[]1].py",2,true,1],["F",false,"?.py",null,true,null],["F",false,"*.py",2,false,1]],"0010000001110010001010100000100000001010"],
    [[["F",false,"x[[]1].py",null,false,1],["F",true,"*.py",2,true,null],["F",true,"a.py",null,false,1]],"1001100000001100100000011100011001000100"],
    [[["F",true,"?.py",null,true,null],["F",true,"lib/*",2,false,null],["F",true,"*c*",2,false,1]],"1101111110001101110101011111011111110101"],
    [[["F",false,"*.py",2,true,null],["F",false,"lib/d.pyc",2,true,1],["F",true,"lib/d.pyc",null,true,1]],"0000000010000000000000000000000000100000"],
    [[["F",true,"a.py",null,true,1],["F",true,"*.py",null,true,null]],"1111111111111111111111111111111111111111"],
    [[["F",false,"a.py",2,true,1],["F",true,"?.py",2,true,null],["F",true,"a.py",null,false,null]],"0001100100001100100000011100010001000000"],
    [[["F",true,"*c*",null,true,null],["F",false,"x[[]1].py",null,true,1]],"1000000001110010000000100000101000000100"],
    [[["F",true,"<*>",2,true,null],["F",true,"x[[]1].py",2,true,null],["F",false,"x[[]1].py",null,true,1]],"1000000000000000000000000000001000000100"],
    [[["D",false,2],["F",true,"*.py",null,true,1],["F",false,"x[[]1].py",2,true,1]],"0000100010100000000000111000000011100000"],
    [[["F",false,"lib/d.pyc",2,true,null],["F",true,"?.py",null,true,1],["F",true,"*.py",null,false,1]],"0000000010100000000000110000000010100000"],
    [[["F",false,"lib/*",null,true,null],["F",true,"<*>",null,false,null],["F",true,"?.py",null,true,1]],"0000000000000000000000010000000010000000"],
    [[["F",true,"<*>",null,true,1],["F",false,"a.py",2,true,1],["F",false,"*.py",2,false,1]],"0000000000000000000000000000000000000000"],
    [[["F",false,"lib/*",2,true,1],["F",true,"*.py",null,false,null],["F",true,"<*>",null,false,1]],"1111011111111111111111110111111110111111"],
    [[["F",true,"lib/*",null,true,1],["D",false,0]],"0000100010100000000000101000000001100000"],
    [[["F",true,"a.py",2,false,1],["F",true,"lib/*",2,false,null]],"0000000000000000000000000000000000000000"],
    [[["F",true,"?.py",2,false,null],["F",true,"<*>",null,true,null],["F",true,"lib/*",2,true,1]],"0000100000000000100000001000010001000000"],
    [[["F",false,"*c*",null,true,1],["F",true,"lib/d.pyc",2,false,null]],"0000000000000000000000000000000000000000"],
    [[["F",false,"*.py",null,false,1],["F",true,"x[[]1].py",2,false,1]],"0000000000000000000000000000000000000000"],
    [[["D",true,0],["F",false,"lib/*",2,true,1]],"0000010000010011010000000000001000010010"],
    [[["F",false,"lib/*",null,false,1],["F",true,"?.py",null,true,1]],"0000100000000000000000011000000011000000"],
  ],
  "format_size": [
    [0,"0 B","+0 B"],
    [1,"1 B","+1 B"],
    [99,"99 B","+99 B"],
    [100,"100 B","+100 B"],
    [1023,"1023 B","+1023 B"],
    [1024,"1024 B","+1024 B"],
    [10239,"10239 B","+10239 B"],
    [10240,"10.0 KiB","+10.0 KiB"],
    [10241,"10.0 KiB","+10.0 KiB"],
    [102400,"100 KiB","+100 KiB"],
    [102399,"100.0 KiB","+100.0 KiB"],
    [5242880,"5120 KiB","+5120 KiB"],
    [3221225472,"3072 MiB","+3072 MiB"],
    [22517998136852480,"20480 TiB","+20480 TiB"],
    [-1,"-1 B","-1 B"],
    [-5,"-5 B","-5 B"],
    [-10240,"-10.0 KiB","-10.0 KiB"],
    [-20480,"-20.0 KiB","-20.0 KiB"],
    [0.5,"0 B","+0 B"],
    [1.5,"2 B","+2 B"],
    [2.5,"2 B","+2 B"],
    [1022.5,"1022 B","+1022 B"],
    [10239.5,"10240 B","+10240 B"],
    [10496.0,"10.2 KiB","+10.2 KiB"],
    [76800.0,"75.0 KiB","+75.0 KiB"],
    [102348.8,"100.0 KiB","+100.0 KiB"],
    [102359.04,"100.0 KiB","+100.0 KiB"],
    [2158.142857142857,"2158 B","+2158 B"],
    [930.3636363636364,"930 B","+930 B"],
    [1085.0,"1085 B","+1085 B"],
    [-0.4,"-0 B","-0 B"],
    [12345678901234.5,"11.2 TiB","+11.2 TiB"],
    [883200.8476879974,"863 KiB","+863 KiB"],
    [1378201.6566994581,"1346 KiB","+1346 KiB"],
    [31767.25,"31.0 KiB","+31.0 KiB"],
    [667458.0678251343,"652 KiB","+652 KiB"],
    [1479337.8421553567,"1445 KiB","+1445 KiB"],
    [855.25,"855 B","+855 B"],
    [-934320449,"-891 MiB","-891 MiB"],
    [546632.8115258073,"534 KiB","+534 KiB"],
    [-988325089,"-943 MiB","-943 MiB"],
    [3416378815.6210938,"3258 MiB","+3258 MiB"],
    [34456.25,"33.6 KiB","+33.6 KiB"],
    [38293.75,"37.4 KiB","+37.4 KiB"],
    [-768088204,"-733 MiB","-733 MiB"],
    [3593363235052.875,"3347 GiB","+3347 GiB"],
    [39504.5,"38.6 KiB","+38.6 KiB"],
    [1284318995274.5,"1196 GiB","+1196 GiB"],
    [656232.9570381613,"641 KiB","+641 KiB"],
    [32598.5,"31.8 KiB","+31.8 KiB"],
    [851875.2703703333,"832 KiB","+832 KiB"],
    [1425448.1895228196,"1392 KiB","+1392 KiB"],
    [43226.75,"42.2 KiB","+42.2 KiB"],
    [54185.96942606113,"52.9 KiB","+52.9 KiB"],
    [1468056.1758312248,"1434 KiB","+1434 KiB"],
    [553544.1943995394,"541 KiB","+541 KiB"],
    [-179870615,"-172 MiB","-172 MiB"],
    [-410357222,"-391 MiB","-391 MiB"],
    [1359602.5727051154,"1328 KiB","+1328 KiB"],
    [3330818899851.5,"3102 GiB","+3102 GiB"],
    [110264.39103608743,"108 KiB","+108 KiB"],
    [1030274.6266671324,"1006 KiB","+1006 KiB"],
    [-323533537,"-309 MiB","-309 MiB"],
    [31459619762.229492,"29.3 GiB","+29.3 GiB"],
    [10518.25,"10.3 KiB","+10.3 KiB"],
    [324165.95808011194,"317 KiB","+317 KiB"],
    [48656.25,"47.5 KiB","+47.5 KiB"],
    [8289599172931.0,"7720 GiB","+7720 GiB"],
    [12231863650.636719,"11.4 GiB","+11.4 GiB"],
    [9823209312032.0,"9149 GiB","+9149 GiB"],
    [11570132693.939453,"10.8 GiB","+10.8 GiB"],
    [47088.25,"46.0 KiB","+46.0 KiB"],
    [893.25,"893 B","+893 B"],
    [-718994048,"-686 MiB","-686 MiB"],
    [1481842.7633672187,"1447 KiB","+1447 KiB"],
    [16149.25,"15.8 KiB","+15.8 KiB"],
    [-414285324,"-395 MiB","-395 MiB"],
    [360630.1836241086,"352 KiB","+352 KiB"],
    [1426197.9776379627,"1393 KiB","+1393 KiB"],
    [887072.5551039766,"866 KiB","+866 KiB"],
    [529582650256.5714,"493 GiB","+493 GiB"],
    [28290587990261.0,"25.7 TiB","+25.7 TiB"],
    [-88853015,"-84.7 MiB","-84.7 MiB"],
    [8648.0,"8648 B","+8648 B"],
    [40423.5,"39.5 KiB","+39.5 KiB"],
    [1667595.1239776239,"1629 KiB","+1629 KiB"],
    [-598669102,"-571 MiB","-571 MiB"],
    [-201093993,"-192 MiB","-192 MiB"],
    [2459800620366.25,"2291 GiB","+2291 GiB"],
    [-169016950,"-161 MiB","-161 MiB"],
  ],
  "printf": [
    [0,"0","0.0","+0.0"],
    [1,"1","1.0","-1.0"],
    [99,"99","99.0","-99.0"],
    [100,"100","100.0","-100.0"],
    [1023,"1023","1023.0","-1023.0"],
    [1024,"1024","1024.0","-1024.0"],
    [10239,"10239","10239.0","-10239.0"],
    [10240,"10240","10240.0","-10240.0"],
    [10241,"10241","10241.0","-10241.0"],
    [102400,"102400","102400.0","-102400.0"],
    [102399,"102399","102399.0","-102399.0"],
    [5242880,"5242880","5242880.0","-5242880.0"],
    [3221225472,"3221225472","3221225472.0","-3221225472.0"],
    [22517998136852480,"22517998136852480","22517998136852480.0","-22517998136852480.0"],
    [-1,"-1","-1.0","+1.0"],
    [-5,"-5","-5.0","+5.0"],
    [-10240,"-10240","-10240.0","+10240.0"],
    [-20480,"-20480","-20480.0","+20480.0"],
    [0.5,"0","0.5","-0.5"],
    [1.5,"2","1.5","-1.5"],
    [2.5,"2","2.5","-2.5"],
    [1022.5,"1022","1022.5","-1022.5"],
    [10239.5,"10240","10239.5","-10239.5"],
    [10496.0,"10496","10496.0","-10496.0"],
    [76800.0,"76800","76800.0","-76800.0"],
    [102348.8,"102349","102348.8","-102348.8"],
    [102359.04,"102359","102359.0","-102359.0"],
    [2158.142857142857,"2158","2158.1","-2158.1"],
    [930.3636363636364,"930","930.4","-930.4"],
    [1085.0,"1085","1085.0","-1085.0"],
    [-0.4,"-0","-0.4","+0.4"],
    [12345678901234.5,"12345678901234","12345678901234.5","-12345678901234.5"],
    [883200.8476879974,"883201","883200.8","-883200.8"],
    [1378201.6566994581,"1378202","1378201.7","-1378201.7"],
    [31767.25,"31767","31767.2","-31767.2"],
    [667458.0678251343,"667458","667458.1","-667458.1"],
    [1479337.8421553567,"1479338","1479337.8","-1479337.8"],
    [855.25,"855","855.2","-855.2"],
    [-934320449,"-934320449","-934320449.0","+934320449.0"],
    [546632.8115258073,"546633","546632.8","-546632.8"],
    [-988325089,"-988325089","-988325089.0","+988325089.0"],
    [3416378815.6210938,"3416378816","3416378815.6","-3416378815.6"],
    [34456.25,"34456","34456.2","-34456.2"],
    [38293.75,"38294","38293.8","-38293.8"],
    [-768088204,"-768088204","-768088204.0","+768088204.0"],
    [3593363235052.875,"3593363235053","3593363235052.9","-3593363235052.9"],
    [39504.5,"39504","39504.5","-39504.5"],
    [1284318995274.5,"1284318995274","1284318995274.5","-1284318995274.5"],
    [656232.9570381613,"656233","656233.0","-656233.0"],
    [32598.5,"32598","32598.5","-32598.5"],
    [851875.2703703333,"851875","851875.3","-851875.3"],
    [1425448.1895228196,"1425448","1425448.2","-1425448.2"],
    [43226.75,"43227","43226.8","-43226.8"],
    [54185.96942606113,"54186","54186.0","-54186.0"],
    [1468056.1758312248,"1468056","1468056.2","-1468056.2"],
    [553544.1943995394,"553544","553544.2","-553544.2"],
    [-179870615,"-179870615","-179870615.0","+179870615.0"],
    [-410357222,"-410357222","-410357222.0","+410357222.0"],
    [1359602.5727051154,"1359603","1359602.6","-1359602.6"],
    [3330818899851.5,"3330818899852","3330818899851.5","-3330818899851.5"],
    [110264.39103608743,"110264","110264.4","-110264.4"],
    [1030274.6266671324,"1030275","1030274.6","-1030274.6"],
    [-323533537,"-323533537","-323533537.0","+323533537.0"],
    [31459619762.229492,"31459619762","31459619762.2","-31459619762.2"],
    [10518.25,"10518","10518.2","-10518.2"],
    [324165.95808011194,"324166","324166.0","-324166.0"],
    [48656.25,"48656","48656.2","-48656.2"],
    [8289599172931.0,"8289599172931","8289599172931.0","-8289599172931.0"],
    [12231863650.636719,"12231863651","12231863650.6","-12231863650.6"],
    [9823209312032.0,"9823209312032","9823209312032.0","-9823209312032.0"],
    [11570132693.939453,"11570132694","11570132693.9","-11570132693.9"],
    [47088.25,"47088","47088.2","-47088.2"],
    [893.25,"893","893.2","-893.2"],
    [-718994048,"-718994048","-718994048.0","+718994048.0"],
    [1481842.7633672187,"1481843","1481842.8","-1481842.8"],
    [16149.25,"16149","16149.2","-16149.2"],
    [-414285324,"-414285324","-414285324.0","+414285324.0"],
    [360630.1836241086,"360630","360630.2","-360630.2"],
    [1426197.9776379627,"1426198","1426198.0","-1426198.0"],
    [887072.5551039766,"887073","887072.6","-887072.6"],
    [529582650256.5714,"529582650257","529582650256.6","-529582650256.6"],
    [28290587990261.0,"28290587990261","28290587990261.0","-28290587990261.0"],
    [-88853015,"-88853015","-88853015.0","+88853015.0"],
    [8648.0,"8648","8648.0","-8648.0"],
    [40423.5,"40424","40423.5","-40423.5"],
    [1667595.1239776239,"1667595","1667595.1","-1667595.1"],
    [-598669102,"-598669102","-598669102.0","+598669102.0"],
    [-201093993,"-201093993","-201093993.0","+201093993.0"],
    [2459800620366.25,"2459800620366","2459800620366.2","-2459800620366.2"],
    [-169016950,"-169016950","-169016950.0","+169016950.0"],
  ],
  "fnmatch": [
    ["","",1],
    ["!a?\\","",0],
    ["\\zb","?\\",0],
    ["-z","?a^",0],
    ["]b","!",0],
    ["^","?",0],
    ["-","^",0],
    ["\\bz","z!][b",0],
    ["!-","]*",0],
    ["zb","!?*",0],
    ["zab\\?]","\\*!za",0],
    ["!^*[^z-","\\-",0],
    ["-","*!\\",0],
    ["z[*?^b","?^bz",0],
    ["]z\\![\\","z!^^",0],
    ["","zb-a*",0],
    ["^","*z?",0],
    ["-","",0],
    ["?-*[\\az","\\",0],
    ["!","]",0],
    ["-a","za\\!",0],
    ["z*\\","",0],
    ["[","b\\]??",0],
    ["a]","-z*^",0],
    ["[*?[[b","!?!",0],
    ["aa","bzb\\\\",0],
    ["]^*[!","!]\\",0],
    ["^zzbz^","*",0],
    ["^!","",0],
    ["\\^z","]",0],
    ["*","[",1],
    ["b\\!b","",0],
    ["^-?z[","",0],
    ["-^","bza^-",0],
    ["^]-","!?[bz",0],
    ["z]\\][ba","?-",0],
    ["b","*![?",0],
    ["zz*","",0],
    ["*a\\a!","?a]",0],
    ["ba","",0],
    ["-![?*[","!-",0],
    ["-?b\\","",0],
    ["\\[?a","]",0],
    ["[","a[bb",0],
    ["?","",0],
    ["?-","]z]*z",0],
    ["*","**z",1],
    ["]?^?bb?","a^[]?",0],
    ["*[?[","!",0],
    ["]\\[^!","-[[",0],
    ["!z\\!]","\\[",0],
    ["b-*b-!","\\b",0],
    ["!-?","\\[a^b",0],
    ["z^","?!",0],
    ["?b?zz?","[\\",0],
    ["b\\?","---a^",0],
    ["^-?^z","\\!",0],
    ["bz^?za","z\\^a",0],
    ["??-ba?","-",0],
    ["","b[?-",0],
    ["","[[??",0],
    ["*za","]!*?",0],
    ["","!",0],
    ["^a]^bb","?[^",0],
    ["","!b[]^",0],
    ["","b?-b*",0],
    ["]*b","^^",0],
    ["?a?-","",0],
    ["!aa!b","\\*!!",0],
    ["!*?]!zz","]aa]b",0],
    ["*a-*z-]","!!!b-",0],
    ["-aa","*^a*",0],
    ["]az","**a\\[",0],
    ["][[\\-","-b]^",0],
    ["b[[aa?*","",0],
    ["a*-\\z]?","[?b?z",0],
    ["z[*z**[","b",0],
    ["[]","!",0],
    ["-\\?b!^","",0],
    ["!\\^\\^^]","\\",0],
    ["[?!","",0],
    ["!baaz","\\",0],
    ["\\*^a","a\\\\]",0],
    ["]z]","\\![-",0],
    ["a?","z]",0],
    ["^\\","",0],
    ["]b\\a","",0],
    ["]]*][","",0],
    ["!?","]^b*-",0],
    ["","\\*\\",0],
    ["\\\\\\aaa!","z[b",0],
    ["\\","",0],
    ["\\!!z","aa]",0],
    ["","?b",0],
    ["!]","[?",0],
    ["-*-][]*","*\\",0],
    ["","?",0],
    ["[","*]?-",0],
    ["!!--]","*??*a",0],
    ["-az!]^","z![",0],
    ["-\\a*\\[\\","[",0],
    ["][-","?--!",0],
    ["^","[bz-b",0],
    ["a?^","[*\\",0],
    ["*!!]b^","a![!\\",0],
    ["[-","",0],
    ["z\\*","a[",0],
    ["-a*zz\\a","[!z",0],
    ["*","b-[z[",1],
    ["?","!*",0],
    ["z\\[^*[","z",0],
    ["a","",0],
    ["","a*",0],
    ["-[a^?","\\-z!",0],
    ["\\","\\]",0],
    ["b-^^\\!b","",0],
    ["!\\?","^^",0],
    ["*a!*[^-","-]*\\",0],
    ["^^","?",0],
    ["","?bz\\]",0],
    ["*b^","?a",0],
    ["-z*","z]",0],
    ["*[","]]-",0],
    ["!*a!a","",0],
    ["[!\\","b]",0],
    ["]b-^!z","a*]-",0],
    ["?b]][bz","\\\\z",0],
    ["]^z","?^?",0],
    ["\\^\\","!b",0],
    ["-z]","^-b*^",0],
    ["]a\\a","?*",0],
    ["a","a",1],
    ["!\\b]--a","zaba",0],
    ["]-","a",0],
    ["zb[","!-\\!]",0],
    ["b","z!",0],
    ["-[-^bz","",0],
    ["\\","aza-?",0],
    ["z!-*\\^","]",0],
    ["*","]a!\\!",1],
    ["z","",0],
    ["b[","b!",0],
    ["-","[",0],
    ["zb","\\!",0],
    ["-b","a?z]]",0],
    ["a\\?!!*","-\\[^",0],
    ["[!bb-*\\","b",0],
    ["","^*[",0],
    ["","^*^",0],
    ["!^?^-","\\",0],
    ["zb-","*!!z",0],
    ["-[b[a!","*b-",0],
    ["*?[*\\]","[\\-",0],
    ["z-!]","",0],
    ["\\]?","",0],
    ["!!]-]^b","!\\\\",0],
    ["]a?--","",0],
    ["^!^?zb^","?-b",0],
    ["*\\z**","az^",0],
    ["","bb^!a",0],
    ["][","^!b",0],
    ["]^[^a","\\[-[]",0],
    ["*b-^b\\","[*!-[",0],
    ["*b[","b\\[]",0],
    ["^*a![*","[^\\z-",0],
    ["","z-b\\b",0],
    ["--[ba!","",0],
    ["*","-",1],
    ["","[b",0],
    ["!\\?b","-",0],
    ["z","?^*",0],
    ["?^","a",0],
    ["![]!z^*","[!\\*",0],
    ["\\*!!\\!","?",0],
    ["zz","aza^-",0],
    ["?!!bz","^?",0],
    ["]]]]","",0],
    ["!\\\\","^*\\]^",0],
    ["*][[]","[",0],
    ["-^\\","]",0],
    ["^","-a[*",0],
    ["[","ab",0],
    ["\\z","z[z-*",0],
    ["b*z[","*[][",0],
    ["*\\!","^[a!^",0],
    ["b\\^?b","z",0],
    ["??*[","\\?**",0],
    ["]a^","[",0],
    ["","]z",0],
    ["b\\]","",0],
    ["\\z!a-","[az",0],
    ["ab!-*","^?",0],
    ["^-[","-b*\\",0],
    ["]azz*","zb-",0],
    ["*!*z","",0],
    ["b[a\\^^]","[",0],
    ["[z^*z","",0],
    ["","[!?",0],
    ["\\-^\\b\\?","!",0],
    ["-","[a",0],
    ["!b","",0],
    ["\\-[-?]*","*",0],
    ["*","",1],
    ["a][!-z","]",0],
    ["^a^*","^*",0],
    ["?!","!",0],
    ["]![a?","\\z\\**",0],
    ["za*b\\^z","-\\a",0],
    ["","*",0],
    ["","!\\",0],
    ["^z\\?^","z--",0],
    ["","[*^",0],
    ["a[","!",0],
    ["^^\\","b-\\*b",0],
    ["[","",0],
    ["[","a",0],
    ["^^!b","*b\\",0],
    ["","^?*za",0],
    ["][[^!","-",0],
    ["?","?-!b",0],
    ["","]!]b",0],
    ["]","[a\\",0],
    ["^-\\!^^","",0],
    ["","[b?a",0],
    ["?[z","[]",0],
    ["zz?","",0],
    ["","",1],
    ["*^-a*","^[za",0],
    ["b\\?zb?-","^",0],
    ["b]z\\-\\","!!^*-",0],
    ["","",1],
    ["???","a",0],
    ["z\\^[^","b!^",0],
    ["!-\\?","",0],
    ["a","*a",0],
    ["?[!z[?z","",0],
    ["\\","-",0],
    ["--]b]","^",0],
    ["!^","z[?",0],
    ["-!]","!?",0],
    ["-[?","z[",0],
    ["","-]",0],
    ["^","^?",0],
    ["-","b",0],
    ["aa]","*",0],
    ["^\\\\ba?","",0],
    ["z^?","",0],
    ["-!","*]?b!",0],
    ["*a^!\\\\?","",0],
    ["[-[!a\\[","[[?b",0],
    ["[-*","",0],
    ["^?a!","a-\\",0],
    ["","[b",0],
    ["*z*\\*b-","bb",0],
    ["","^\\",0],
    ["","b]]",0],
    ["]","",0],
    ["!aaz\\","!",0],
    ["","z-^?^",0],
    ["[[","[z",0],
    ["b\\a*","",0],
    ["-[bz","*b*!",0],
    ["*^","?",0],
    ["*^a?z]-","*z",0],
    ["baaa","\\-",0],
    ["]a^*","",0],
    ["]zz]*a\\","]\\",0],
    ["bz-\\^*\\","]*",0],
    ["z","![",0],
    ["]!?","b",0],
    ["^a","b[",0],
    ["?-\\!\\a","]zz",0],
    ["?zz","z[",0],
    ["]b","?*b]!",0],
    ["z[[-a","^a",0],
    ["!^","]?]?",0],
    ["\\^","\\^-^",0],
    ["*z-z","*a^^",0],
    ["^*[?-","?[z\\",0],
    ["\\-","\\-*\\",0],
    ["","??a",0],
    ["]!]b][","z]?z",0],
    ["!?*[*\\!","!",0],
    ["z","*zb\\",0],
    ["\\","",0],
    ["?*b^]?","[!",0],
    ["\\]za]z!","",0],
    ["","*",0],
    ["z^\\[*","a",0],
    ["-zz","-",0],
    ["z?![b","za!ba",0],
    ["z","?",0],
    ["!\\^aa","z*?^",0],
    ["[?bb\\!","^\\^?",0],
    ["!","b*^",0],
    ["za","b^-",0],
    ["^z","^\\*",0],
    ["[z\\b-b","[!b-*",0],
    ["*","^^\\\\-",1],
    ["*![b]","^z",0],
    ["[z-a]","a",0],
    ["[!z-a]","q",1],
    ["[a-]","-",1],
    ["[]]","]",1],
    ["[!]]","a",1],
    ["[b-ac-d]","c",1],
    ["[a-b-c]","-",1],
    ["*.py","x\n.py",1],
    ["[^a]","^",1],
    ["[\\]","\\",1],
    ["[","[",1],
    ["a[","a[",1],
  ],
  "format": [
    [null,false,["  File \"a.py\", line 1","  File \"b.py\", line 2","  File \"c.py\", line 3","  File \"d.py\", line 4"]],
    [null,true,["  File \"d.py\", line 4","  File \"c.py\", line 3","  File \"b.py\", line 2","  File \"a.py\", line 1"]],
    [0,false,[]],
    [0,true,[]],
    [1,false,["  File \"d.py\", line 4"]],
    [1,true,["  File \"d.py\", line 4"]],
    [2,false,["  File \"c.py\", line 3","  File \"d.py\", line 4"]],
    [2,true,["  File \"d.py\", line 4","  File \"c.py\", line 3"]],
    [4,false,["  File \"a.py\", line 1","  File \"b.py\", line 2","  File \"c.py\", line 3","  File \"d.py\", line 4"]],
    [4,true,["  File \"d.py\", line 4","  File \"c.py\", line 3","  File \"b.py\", line 2","  File \"a.py\", line 1"]],
    [9,false,["  File \"a.py\", line 1","  File \"b.py\", line 2","  File \"c.py\", line 3","  File \"d.py\", line 4"]],
    [9,true,["  File \"d.py\", line 4","  File \"c.py\", line 3","  File \"b.py\", line 2","  File \"a.py\", line 1"]],
    [-1,false,["  File \"a.py\", line 1","  File \"b.py\", line 2","  File \"c.py\", line 3"]],
    [-1,true,["  File \"c.py\", line 3","  File \"b.py\", line 2","  File \"a.py\", line 1"]],
    [-3,false,["  File \"a.py\", line 1"]],
    [-3,true,["  File \"a.py\", line 1"]],
    [-4,false,[]],
    [-4,true,[]],
    [-9,false,[]],
    [-9,true,[]],
  ],
  "reprs": ["<Traceback (<Frame filename='a.py' lineno=1>, <Frame filename='b.py' lineno=2>, <Frame filename='c.py' lineno=3>, <Frame filename='d.py' lineno=4>) total_nframe=9>","a.py:1","<Traceback (<Frame filename='a' lineno=1>,)>","<Traceback ()>","<Traceback (<Frame filename='a' lineno=1>,) total_nframe=1>","<Frame filename='it\\'s \"q\" \\x00 \u00e9 \\u2028 \ud83d\ude00 \\x7f \\x85 \\xad' lineno=3>","<Frame filename=\"it's\" lineno=0>","a:0","<Traces len=40>","<Trace domain=0 size=1033 B, traceback=<Traceback (<Frame filename='probe.py' lineno=24>,) total_nframe=1>>","probe.py:24: 1033 B","<Trace domain=5 size=456 B, traceback=<Traceback (<Frame filename='<frozen runpy>' lineno=98>, <Frame filename='<frozen runpy>' lineno=88>, <Frame filename='probe.py' lineno=95>) total_nframe=7>>"],
};
