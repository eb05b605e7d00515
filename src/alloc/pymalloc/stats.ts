/**
 * pymalloc statistics: the figures sys._debugmallocstats() prints (as a typed object), the report
 * text itself, byte for byte as CPython's _PyObject_DebugMallocStats writes it, and
 * sys.getallocatedblocks().
 *
 * Figures come from a walk over the arena table: every slot with address != 0 is an arena; within it
 * every carved pool (first pool-aligned address up to pool_address) with count > 0 is counted under
 * its class (empty pools are skipped: they are the "unused pools" with the never-carved ones). The six
 * byte lines always add up to narenas × ARENA_SIZE:
 *   allocated blocks + available blocks (incl. virgin) + unused pools × POOL_SIZE
 *   + pool headers (48 per counted pool) + quantization (tail waste per counted pool)
 *   + arena alignment (one POOL_SIZE per arena whose base is not pool-aligned).
 *
 * Text format: class rows "%5u %6u %11zu %15zu %13zu"; other lines are printone(): the label padded
 * with spaces to 35 columns, "=", then the value with thousands commas right-justified in 21 columns.
 */

import { HeapCorruptionError } from "../errors.js";
import { formatAddress, type Heap } from "../heap.js";
import {
  AO_ADDRESS_W,
  AO_NFREEPOOLS_W,
  AO_POOL_ADDRESS_W,
  ARENA_OBJECT_SIZE,
  ARENA_SIZE,
  NB_SMALL_SIZE_CLASSES,
  POOL_COUNT_W,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOL_SIZE_MASK,
  POOL_SZIDX_W,
  SMALL_REQUEST_THRESHOLD,
  indexToSize,
  numBlocks,
  quantizationWaste,
} from "./layout.js";
import { MAP_BOT_BYTES, MAP_MID_BYTES, MAP_TOP_BYTES, ST, readField, readRawAllocatedBlocks } from "./state.js";

export interface PymallocClassStats {
  szidx: number;
  /** Block size in bytes. */
  size: number;
  /** "num pools": pools of this class with at least one block in use (used + full). */
  numPools: number;
  /** "blocks in use": Σ count over those pools. */
  blocksInUse: number;
  /** "avail blocks": Σ (NUMBLOCKS − count) over those pools, never-used blocks included. */
  availBlocks: number;
}

export interface PymallocStats {
  /** 512. */
  smallRequestThreshold: number;
  /** 32. */
  numSizeClasses: number;
  /** One entry per class, index = szidx; the report prints only those with numPools > 0. */
  classes: PymallocClassStats[];
  /** "# arenas allocated total": ntimes_arena_allocated. */
  arenasAllocatedTotal: number;
  /** "# arenas reclaimed": total − current. */
  arenasReclaimed: number;
  /** "# arenas highwater mark": narenas_highwater. */
  arenasHighwater: number;
  /** "# arenas allocated current": arena slots with address != 0. */
  arenasAllocatedCurrent: number;
  /** "N arenas * 1048576 bytes/arena". */
  arenaBytes: number;
  /** "# bytes in allocated blocks". */
  bytesInAllocatedBlocks: number;
  /** "# bytes in available blocks". */
  bytesInAvailableBlocks: number;
  /** N of "N unused pools * 16384 bytes": Σ nfreepools (empty cached + never carved). */
  unusedPools: number;
  unusedPoolBytes: number;
  bytesLostToPoolHeaders: number;
  bytesLostToQuantization: number;
  bytesLostToArenaAlignment: number;
  /** Sum of the six byte lines; equals arenaBytes. */
  total: number;
  arenaMapMidNodes: number;
  arenaMapBotNodes: number;
  bytesLostToArenaMapRoot: number;
  bytesLostToArenaMapMid: number;
  bytesLostToArenaMapBot: number;
  arenaMapTotal: number;
  /** Not printed: blocks pymalloc passed to RAW (size 0 and > 512) that are still live. */
  rawAllocatedBlocks: number;
  /** Not printed: sys.getallocatedblocks(). */
  allocatedBlocks: number;
}

/** Walk the arena table and gather every figure of the report. */
export function computeStats(heap: Heap, state: number): PymallocStats {
  const u32 = heap.u32;
  const classes: PymallocClassStats[] = [];
  for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) classes.push({ szidx: i, size: indexToSize(i), numPools: 0, blocksInUse: 0, availBlocks: 0 });
  const arenas = readField(u32, state, ST.arenas);
  const maxarenas = readField(u32, state, ST.maxarenas);
  let narenas = 0;
  let numfreepools = 0;
  let arenaAlignment = 0;
  for (let i = 0; i < maxarenas; i++) {
    const aw = (arenas + i * ARENA_OBJECT_SIZE) >>> 2;
    let base = u32[aw + AO_ADDRESS_W];
    if (base === 0) continue;
    narenas++;
    numfreepools += u32[aw + AO_NFREEPOOLS_W];
    if ((base & POOL_SIZE_MASK) !== 0) {
      arenaAlignment += POOL_SIZE;
      base = (base & ~POOL_SIZE_MASK) + POOL_SIZE;
    }
    const poolAddress = u32[aw + AO_POOL_ADDRESS_W];
    for (let pool = base; pool < poolAddress && pool < base + ARENA_SIZE; pool += POOL_SIZE) {
      const pw = pool >>> 2;
      const count = u32[pw + POOL_COUNT_W];
      if (count === 0) continue;
      const sz = u32[pw + POOL_SZIDX_W];
      if (sz >= NB_SMALL_SIZE_CLASSES) {
        throw new HeapCorruptionError("pymalloc", `pool ${formatAddress(pool)} of arena ${i} has ${count} blocks in use but szidx ${sz}`);
      }
      const c = classes[sz];
      c.numPools++;
      c.blocksInUse += count;
      c.availBlocks += numBlocks(sz) - count;
    }
  }
  let allocatedBytes = 0;
  let availableBytes = 0;
  let poolHeaderBytes = 0;
  let quantization = 0;
  let poolBlocks = 0;
  for (const c of classes) {
    allocatedBytes += c.blocksInUse * c.size;
    availableBytes += c.availBlocks * c.size;
    poolHeaderBytes += c.numPools * POOL_OVERHEAD;
    quantization += c.numPools * quantizationWaste(c.szidx);
    poolBlocks += c.blocksInUse;
  }
  const ntimes = readField(u32, state, ST.ntimes_arena_allocated);
  const mid = u32[(state + ST.arena_map_mid_count) >>> 2];
  const bot = u32[(state + ST.arena_map_bot_count) >>> 2];
  const unusedPoolBytes = numfreepools * POOL_SIZE;
  const raw = readRawAllocatedBlocks(heap.i32, state);
  return {
    smallRequestThreshold: SMALL_REQUEST_THRESHOLD,
    numSizeClasses: NB_SMALL_SIZE_CLASSES,
    classes,
    arenasAllocatedTotal: ntimes,
    arenasReclaimed: ntimes - narenas,
    arenasHighwater: readField(u32, state, ST.narenas_highwater),
    arenasAllocatedCurrent: narenas,
    arenaBytes: narenas * ARENA_SIZE,
    bytesInAllocatedBlocks: allocatedBytes,
    bytesInAvailableBlocks: availableBytes,
    unusedPools: numfreepools,
    unusedPoolBytes,
    bytesLostToPoolHeaders: poolHeaderBytes,
    bytesLostToQuantization: quantization,
    bytesLostToArenaAlignment: arenaAlignment,
    total: allocatedBytes + availableBytes + unusedPoolBytes + poolHeaderBytes + quantization + arenaAlignment,
    arenaMapMidNodes: mid,
    arenaMapBotNodes: bot,
    bytesLostToArenaMapRoot: MAP_TOP_BYTES,
    bytesLostToArenaMapMid: mid * MAP_MID_BYTES,
    bytesLostToArenaMapBot: bot * MAP_BOT_BYTES,
    arenaMapTotal: MAP_TOP_BYTES + mid * MAP_MID_BYTES + bot * MAP_BOT_BYTES,
    rawAllocatedBlocks: raw,
    allocatedBlocks: raw + poolBlocks,
  };
}

/** The pymalloc section of sys._debugmallocstats(), line for line as CPython prints it. */
export function formatStats(s: PymallocStats): string {
  let out = `Small block threshold = ${s.smallRequestThreshold}, in ${s.numSizeClasses} size classes.\n`;
  out += "\n";
  out += "class   size   num pools   blocks in use  avail blocks\n";
  out += "-----   ----   ---------   -------------  ------------\n";
  for (const c of s.classes) {
    if (c.numPools === 0) continue;
    out += `${pad(c.szidx, 5)} ${pad(c.size, 6)} ${pad(c.numPools, 11)} ${pad(c.blocksInUse, 15)} ${pad(c.availBlocks, 13)}\n`;
  }
  out += "\n";
  out += printone("# arenas allocated total", s.arenasAllocatedTotal);
  out += printone("# arenas reclaimed", s.arenasReclaimed);
  out += printone("# arenas highwater mark", s.arenasHighwater);
  out += printone("# arenas allocated current", s.arenasAllocatedCurrent);
  out += printone(`${s.arenasAllocatedCurrent} arenas * ${ARENA_SIZE} bytes/arena`, s.arenaBytes);
  out += "\n";
  out += printone("# bytes in allocated blocks", s.bytesInAllocatedBlocks);
  out += printone("# bytes in available blocks", s.bytesInAvailableBlocks);
  out += printone(`${s.unusedPools} unused pools * ${POOL_SIZE} bytes`, s.unusedPoolBytes);
  out += printone("# bytes lost to pool headers", s.bytesLostToPoolHeaders);
  out += printone("# bytes lost to quantization", s.bytesLostToQuantization);
  out += printone("# bytes lost to arena alignment", s.bytesLostToArenaAlignment);
  out += printone("Total", s.total);
  out += "\narena map counts\n";
  out += printone("# arena map mid nodes", s.arenaMapMidNodes);
  out += printone("# arena map bot nodes", s.arenaMapBotNodes);
  out += "\n";
  out += printone("# bytes lost to arena map root", s.bytesLostToArenaMapRoot);
  out += printone("# bytes lost to arena map mid", s.bytesLostToArenaMapMid);
  out += printone("# bytes lost to arena map bot", s.bytesLostToArenaMapBot);
  out += printone("Total", s.arenaMapTotal);
  return out;
}

/**
 * CPython's printone(): `msg` padded with spaces to 35 columns (never cut), "=", then `value` with
 * thousands commas right-justified in 21 columns, and a newline.
 */
export function printone(msg: string, value: number): string {
  return msg.padEnd(35, " ") + "=" + withCommas(value).padStart(21, " ") + "\n";
}

/**
 * One free-list line as _PyDebugAllocatorStats prints it ("%d %ss * %zd bytes each" right-justified
 * to 48 columns, a space, then printone's "=" and value), for the free-list section of the report.
 */
export function debugAllocatorStatsLine(blockName: string, numBlocks: number, sizeofBlock: number): string {
  const label = `${numBlocks} ${blockName}s * ${sizeofBlock} bytes each`.padStart(48, " ") + " ";
  return printone(label, numBlocks * sizeofBlock);
}

/** sys.getallocatedblocks() under pymalloc (_Py_GetAllocatedBlocks). */
export function allocatedBlocks(heap: Heap, state: number): number {
  const u32 = heap.u32;
  let n = readRawAllocatedBlocks(heap.i32, state);
  const arenas = readField(u32, state, ST.arenas);
  const maxarenas = readField(u32, state, ST.maxarenas);
  for (let i = 0; i < maxarenas; i++) {
    const aw = (arenas + i * ARENA_OBJECT_SIZE) >>> 2;
    const address = u32[aw + AO_ADDRESS_W];
    if (address === 0) continue;
    const first = Math.ceil(address / POOL_SIZE) * POOL_SIZE;
    const end = Math.min(u32[aw + AO_POOL_ADDRESS_W], address + ARENA_SIZE);
    for (let pool = first; pool < end; pool += POOL_SIZE) n += u32[(pool >>> 2) + POOL_COUNT_W];
  }
  return n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, " ");
}

function withCommas(v: number): string {
  const s = String(v);
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ",";
    out += s[i];
  }
  return out;
}
