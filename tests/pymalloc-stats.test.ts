/**
 * The sys._debugmallocstats() pymalloc report: exact text for an empty allocator (captured from
 * CPython 3.13's PYTHONMALLOCSTATS first dump) and for two scripted workloads whose every figure is
 * derived by hand below from the layout rules; "Total" = narenas × 1 MiB; PYTHONMALLOCSTATS-style
 * printing before each new arena; sys.getallocatedblocks().
 */

import { describe, expect, test } from "vitest";
import { StringSink } from "../src/alloc/sink.js";
import { debugAllocatorStatsLine, printone } from "../src/alloc/pymalloc/stats.js";
import { makeWorld } from "./helpers/pymalloc-world.js";

/** Observed: `PYTHONMALLOCSTATS=1 python3.13 -c pass`, first dump (before the first arena). */
const EMPTY = `Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------

# arenas allocated total           =                    0
# arenas reclaimed                 =                    0
# arenas highwater mark            =                    0
# arenas allocated current         =                    0
0 arenas * 1048576 bytes/arena     =                    0

# bytes in allocated blocks        =                    0
# bytes in available blocks        =                    0
0 unused pools * 16384 bytes       =                    0
# bytes lost to pool headers       =                    0
# bytes lost to quantization       =                    0
# bytes lost to arena alignment    =                    0
Total                              =                    0

arena map counts
# arena map mid nodes              =                    0
# arena map bot nodes              =                    0

# bytes lost to arena map root     =              262,144
# bytes lost to arena map mid      =                    0
# bytes lost to arena map bot      =                    0
Total                              =              262,144
`;

describe("formatStats", () => {
  test("an empty allocator prints exactly what CPython prints", () => {
    const { pm } = makeWorld();
    expect(pm.formatStats()).toBe(EMPTY);
  });

  test("printone and the free-list line format", () => {
    expect(printone("# arenas allocated total", 4)).toBe("# arenas allocated total           =                    4\n");
    expect(printone("Total", 4194304)).toBe("Total                              =            4,194,304\n");
    expect(printone("x", 999)).toBe("x                                  =                  999\n");
    expect(printone("x", 1000)).toBe("x                                  =                1,000\n");
    // A label of 35 characters or more is not cut and gets no padding.
    expect(printone("a".repeat(40), 1)).toBe("a".repeat(40) + "=                    1\n");
    // Observed on 3.11: "            8 free PyDictObjects * 48 bytes each =                  384"
    expect(debugAllocatorStatsLine("free PyDictObject", 8, 48)).toBe("            8 free PyDictObjects * 48 bytes each =                  384\n");
  });

  test("workload 1: one aligned arena, three classes, two RAW blocks", () => {
    const { pm } = makeWorld({ arenas: "ideal" });
    for (let k = 0; k < 3; k++) pm.malloc(1); // class 0 (16 B)
    for (let k = 0; k < 40; k++) pm.malloc(500); // class 31 (512 B): 31 fill pool 1, 9 in pool 2
    pm.malloc(100); // class 6 (112 B)
    pm.malloc(0); // RAW
    pm.malloc(1000); // RAW
    // Rows (only classes with pools in use):
    //   class 0:  1 pool,  3 in use, 1021 - 3 = 1018 avail
    //   class 6:  1 pool,  1 in use, 145 - 1 = 144 avail
    //   class 31: 2 pools, 40 in use, 2·31 - 40 = 22 avail
    // Arenas: 1 allocated, none reclaimed, highwater 1, current 1 → 1,048,576 bytes.
    // allocated bytes = 3·16 + 1·112 + 40·512          = 20,640
    // available bytes = 1018·16 + 144·112 + 22·512     = 16,288 + 16,128 + 11,264 = 43,680
    // unused pools    = 64 - 4 carved = 60             → 983,040
    // pool headers    = 4 pools · 48                   = 192
    // quantization    = 1·0 + 1·96 + 2·464             = 1,024
    // alignment       = 0 (1 MiB-aligned arena)
    // Total           = 20,640 + 43,680 + 983,040 + 192 + 1,024 = 1,048,576
    // Arena map: the root (static), one mid and one bottom node (every address is below 2^31).
    expect(pm.formatStats()).toBe(`Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    0     16           1               3          1018
    6    112           1               1           144
   31    512           2              40            22

# arenas allocated total           =                    1
# arenas reclaimed                 =                    0
# arenas highwater mark            =                    1
# arenas allocated current         =                    1
1 arenas * 1048576 bytes/arena     =            1,048,576

# bytes in allocated blocks        =               20,640
# bytes in available blocks        =               43,680
60 unused pools * 16384 bytes      =              983,040
# bytes lost to pool headers       =                  192
# bytes lost to quantization       =                1,024
# bytes lost to arena alignment    =                    0
Total                              =            1,048,576

arena map counts
# arena map mid nodes              =                    1
# arena map bot nodes              =                    1

# bytes lost to arena map root     =              262,144
# bytes lost to arena map mid      =              262,144
# bytes lost to arena map bot      =              131,072
Total                              =              655,360
`);
    const s = pm.stats();
    expect([s.rawAllocatedBlocks, s.allocatedBlocks, pm.allocatedBlocks()]).toEqual([2, 46, 46]);
  });

  test("workload 2: unaligned arenas, one reclaimed, an empty pool and a partly used one", () => {
    const { pm } = makeWorld({ arenas: "offset4k" });
    // Arenas sit 4 KiB past a 1 MiB boundary: 63 pools each, 16 KiB lost to alignment each.
    const blocks: number[] = [];
    for (let k = 0; k < 2 * 63 * 31 + 1; k++) blocks.push(pm.malloc(512)); // A, B full; C: 1 block
    // Empty B. Its pools return one by one; when its 63rd comes back, B's next in usable_arenas is C
    // (62 free pools), so B is released: 3 allocated in total, 1 reclaimed, highwater 3.
    for (let k = 63 * 31; k < 2 * 63 * 31; k++) pm.free(blocks[k]);
    // One block back in A: A stays without free pools (the pool is "used", not empty).
    pm.free(blocks[0]);
    // Class 31 rows: A has 62 full pools + one with 30 blocks; C has one pool with 1 block.
    //   num pools = 64, in use = 62·31 + 30 + 1 = 1953, avail = 64·31 - 1953 = 31
    // allocated bytes = 1953·512 = 999,936; available = 31·512 = 15,872
    // unused pools    = A 0 + C 62 = 62                 → 1,015,808
    // pool headers    = 64·48 = 3,072; quantization = 64·464 = 29,696
    // alignment       = 2 unaligned arenas · 16,384 = 32,768
    // Total           = 999,936 + 15,872 + 1,015,808 + 3,072 + 29,696 + 32,768 = 2,097,152 (2 arenas)
    expect(pm.formatStats()).toBe(`Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
   31    512          64            1953            31

# arenas allocated total           =                    3
# arenas reclaimed                 =                    1
# arenas highwater mark            =                    3
# arenas allocated current         =                    2
2 arenas * 1048576 bytes/arena     =            2,097,152

# bytes in allocated blocks        =              999,936
# bytes in available blocks        =               15,872
62 unused pools * 16384 bytes      =            1,015,808
# bytes lost to pool headers       =                3,072
# bytes lost to quantization       =               29,696
# bytes lost to arena alignment    =               32,768
Total                              =            2,097,152

arena map counts
# arena map mid nodes              =                    1
# arena map bot nodes              =                    1

# bytes lost to arena map root     =              262,144
# bytes lost to arena map mid      =              262,144
# bytes lost to arena map bot      =              131,072
Total                              =              655,360
`);
    pm.check();
  });

  test("Total equals narenas × 1 MiB through a mixed workload", () => {
    for (const arenas of ["os", "ideal", "offset4k"] as const) {
      const { pm } = makeWorld({ arenas });
      const live: number[] = [];
      let seed = 12345;
      const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
      for (let step = 0; step < 20000; step++) {
        if (live.length === 0 || rnd(100) < 55) live.push(pm.malloc(1 + rnd(512)));
        else pm.free(live.splice(rnd(live.length), 1)[0]);
        if (step % 2500 === 0) {
          const s = pm.stats();
          expect(s.total).toBe(s.arenasAllocatedCurrent * 1048576);
          expect(s.arenaBytes).toBe(s.total);
          const report = pm.formatStats();
          const totals = [...report.matchAll(/^Total +=\s+([\d,]+)$/gm)].map((m) => Number(m[1].replace(/,/g, "")));
          expect(totals[0]).toBe(s.arenasAllocatedCurrent * 1048576);
          expect(s.allocatedBlocks).toBe(live.length);
        }
      }
      pm.check();
    }
  });
});

describe("PYTHONMALLOCSTATS", () => {
  test("prints the report before each new arena; the first dump shows 0 arenas", () => {
    const sink = new StringSink();
    const { pm } = makeWorld({ arenas: "ideal", mallocStats: true, stderr: sink });
    pm.malloc(0); // RAW: no arena needed, nothing printed
    expect(sink.text).toBe("");
    pm.malloc(16);
    expect(sink.text).toBe(EMPTY);
    for (let k = 0; k < 64 * 31; k++) pm.malloc(512); // fills arena 1 (one pool already used by class 0)
    const dumps = sink.text.split("Small block threshold").length - 1;
    expect(dumps).toBe(2);
    const second = "Small block threshold" + sink.text.split("Small block threshold")[2];
    expect(second).toContain("# arenas allocated current         =                    1\n");
    expect(second).toContain("   31    512          63            1953             0\n"); // arena 1 was full
  });

  test("nothing is printed when mallocStats is off", () => {
    const sink = new StringSink();
    const { pm } = makeWorld({ stderr: sink });
    pm.malloc(16);
    expect(sink.text).toBe("");
  });
});
