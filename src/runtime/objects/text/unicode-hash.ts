/**
 * String and bytes hashing (Python/pyhash.c, Python/bootstrap_hash.c, CPython 3.14, 64-bit):
 * SipHash-1-3 keyed by the runtime's 24-byte hash secret (_Py_HashSecret_t).
 *
 *   hash secret block (in the heap, the runtime's text state; see unicode-state.ts)
 *     +0   secret[24]       _Py_HashSecret.uc; SipHash uses k0 = LE u64 of bytes 0-7, k1 = 8-15
 *     +24  use_hash_seed    u32 (PyConfig.use_hash_seed)
 *     +28  hash_seed        u32 (PyConfig.hash_seed)
 *
 *   key derivation (_Py_HashRandomization_Init):
 *     use_hash_seed and hash_seed = 0  → the secret is all zeros (hash randomization disabled)
 *     use_hash_seed and hash_seed = N  → lcg_urandom(N): x = x * 214013 + 2531011 (mod 2^32),
 *                                        byte i = (x >> 16) & 0xff, for the 24 bytes
 *     otherwise                        → 24 random bytes (CPython: the OS's urandom)
 *
 *   Py_HashBuffer(p, len): 0 for len 0 (hides the secret), else siphash13(k0, k1, p, len), and a
 *   result of -1 becomes -2. Py_HASH_CUTOFF is 0 in CPython 3.14 builds (the small-string DJBX33A
 *   path is compiled out), so every non-empty buffer goes through SipHash.
 *   str hashes the raw data in its kind (1, 2 or 4 little-endian bytes per character): 'é' and
 *   b'\xe9' hash alike, 'Ā' hashes the bytes 00 01.
 *
 * The JavaScript side keeps k0/k1 as four 32-bit numbers, derived from the heap block when the
 * hasher is created (the block is written once at start-up and never changes).
 */

import type { Heap } from "../../../alloc/heap.js";

export const HASH_SECRET_SIZE = 24;
export const HS_USE_HASH_SEED = 24;
export const HS_HASH_SEED = 28;
export const HASH_STATE_SIZE = 32;

/** PYTHONHASHSEED's upper bound (MAX_HASH_SEED). */
export const MAX_HASH_SEED = 4294967295;

export interface HashSeedConfig {
  /** PyConfig.use_hash_seed. */
  use_hash_seed: boolean;
  /** PyConfig.hash_seed (0..4294967295). */
  hash_seed: number;
}

/** lcg_urandom: the secret bytes CPython derives from PYTHONHASHSEED=N (N > 0). */
export function lcgSecret(seed: number, size = HASH_SECRET_SIZE): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 214013) + 2531011) >>> 0;
    out[i] = (x >>> 16) & 0xff;
  }
  return out;
}

/** _Py_HashRandomization_Init: fill the secret block at `addr` and record the configuration. */
export function initHashSecret(heap: Heap, addr: number, config: HashSeedConfig): void {
  let secret: Uint8Array;
  if (config.use_hash_seed) secret = config.hash_seed === 0 ? new Uint8Array(HASH_SECRET_SIZE) : lcgSecret(config.hash_seed);
  else {
    secret = new Uint8Array(HASH_SECRET_SIZE);
    globalThis.crypto.getRandomValues(secret);
  }
  heap.u8.set(secret, addr);
  heap.u32[(addr + HS_USE_HASH_SEED) >>> 2] = config.use_hash_seed ? 1 : 0;
  heap.u32[(addr + HS_HASH_SEED) >>> 2] = config.use_hash_seed ? config.hash_seed >>> 0 : 0;
}

/**
 * SipHash-1-3 over bytes in the heap or in a Uint8Array, 64-bit arithmetic on 32-bit halves.
 * One instance per runtime (it holds the key and the four state words of the computation).
 */
export class SipHasher {
  private readonly k0lo: number;
  private readonly k0hi: number;
  private readonly k1lo: number;
  private readonly k1hi: number;
  // v0..v3 as (hi, lo) pairs, kept in fields so round() needs no allocation.
  private v0h = 0;
  private v0l = 0;
  private v1h = 0;
  private v1l = 0;
  private v2h = 0;
  private v2l = 0;
  private v3h = 0;
  private v3l = 0;

  /** Read k0/k1 from the secret block at `secretAddr` (little-endian). */
  constructor(heap: Heap, secretAddr: number) {
    const u8 = heap.u8;
    const le32 = (o: number) => (u8[o] | (u8[o + 1] << 8) | (u8[o + 2] << 16) | (u8[o + 3] << 24)) >>> 0;
    this.k0lo = le32(secretAddr);
    this.k0hi = le32(secretAddr + 4);
    this.k1lo = le32(secretAddr + 8);
    this.k1hi = le32(secretAddr + 12);
  }

  /** Py_HashBuffer over `len` bytes of `u8` from `start`: 0 for none, never -1. */
  hashBuffer(u8: Uint8Array, start: number, len: number): bigint {
    if (len === 0) return 0n;
    const h = this.siphash13(u8, start, len);
    return h === -1n ? -2n : h;
  }

  /** siphash13(k0, k1, src, len) as a signed 64-bit value. */
  siphash13(u8: Uint8Array, start: number, len: number): bigint {
    this.v0l = (this.k0lo ^ 0x70736575) >>> 0;
    this.v0h = (this.k0hi ^ 0x736f6d65) >>> 0;
    this.v1l = (this.k1lo ^ 0x6e646f6d) >>> 0;
    this.v1h = (this.k1hi ^ 0x646f7261) >>> 0;
    this.v2l = (this.k0lo ^ 0x6e657261) >>> 0;
    this.v2h = (this.k0hi ^ 0x6c796765) >>> 0;
    this.v3l = (this.k1lo ^ 0x79746573) >>> 0;
    this.v3h = (this.k1hi ^ 0x74656462) >>> 0;
    let i = start;
    const end = start + len;
    for (; i + 8 <= end; i += 8) {
      const ml = (u8[i] | (u8[i + 1] << 8) | (u8[i + 2] << 16) | (u8[i + 3] << 24)) >>> 0;
      const mh = (u8[i + 4] | (u8[i + 5] << 8) | (u8[i + 6] << 16) | (u8[i + 7] << 24)) >>> 0;
      this.v3l = (this.v3l ^ ml) >>> 0;
      this.v3h = (this.v3h ^ mh) >>> 0;
      this.round();
      this.v0l = (this.v0l ^ ml) >>> 0;
      this.v0h = (this.v0h ^ mh) >>> 0;
    }
    // Last block: the remaining 0-7 bytes, with the length (mod 256) in the top byte.
    let tl = 0;
    let th = 0;
    for (let j = 0; i + j < end; j++) {
      if (j < 4) tl |= u8[i + j] << (8 * j);
      else th |= u8[i + j] << (8 * (j - 4));
    }
    tl >>>= 0;
    th = (th | ((len & 0xff) << 24)) >>> 0;
    this.v3l = (this.v3l ^ tl) >>> 0;
    this.v3h = (this.v3h ^ th) >>> 0;
    this.round();
    this.v0l = (this.v0l ^ tl) >>> 0;
    this.v0h = (this.v0h ^ th) >>> 0;
    this.v2l = (this.v2l ^ 0xff) >>> 0;
    this.round();
    this.round();
    this.round();
    const lo = (this.v0l ^ this.v1l ^ this.v2l ^ this.v3l) >>> 0;
    const hi = (this.v0h ^ this.v1h ^ this.v2h ^ this.v3h) >>> 0;
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  }

  /**
   * SINGLE_ROUND: HALF_ROUND(v0,v1,v2,v3,13,16); HALF_ROUND(v2,v1,v0,v3,17,21), where
   * HALF_ROUND(a,b,c,d,s,t) is a += b; c += d; b = rotl(b,s) ^ a; d = rotl(d,t) ^ c; a = rotl(a,32).
   */
  private round(): void {
    let l: number;
    let h: number;
    // a = v0, b = v1, c = v2, d = v3, s = 13, t = 16
    l = (this.v0l + this.v1l) >>> 0;
    this.v0h = (this.v0h + this.v1h + (l < this.v0l ? 1 : 0)) >>> 0;
    this.v0l = l;
    l = (this.v2l + this.v3l) >>> 0;
    this.v2h = (this.v2h + this.v3h + (l < this.v2l ? 1 : 0)) >>> 0;
    this.v2l = l;
    h = ((this.v1h << 13) | (this.v1l >>> 19)) >>> 0;
    l = ((this.v1l << 13) | (this.v1h >>> 19)) >>> 0;
    this.v1h = (h ^ this.v0h) >>> 0;
    this.v1l = (l ^ this.v0l) >>> 0;
    h = ((this.v3h << 16) | (this.v3l >>> 16)) >>> 0;
    l = ((this.v3l << 16) | (this.v3h >>> 16)) >>> 0;
    this.v3h = (h ^ this.v2h) >>> 0;
    this.v3l = (l ^ this.v2l) >>> 0;
    h = this.v0h;
    this.v0h = this.v0l;
    this.v0l = h;
    // a = v2, b = v1, c = v0, d = v3, s = 17, t = 21
    l = (this.v2l + this.v1l) >>> 0;
    this.v2h = (this.v2h + this.v1h + (l < this.v2l ? 1 : 0)) >>> 0;
    this.v2l = l;
    l = (this.v0l + this.v3l) >>> 0;
    this.v0h = (this.v0h + this.v3h + (l < this.v0l ? 1 : 0)) >>> 0;
    this.v0l = l;
    h = ((this.v1h << 17) | (this.v1l >>> 15)) >>> 0;
    l = ((this.v1l << 17) | (this.v1h >>> 15)) >>> 0;
    this.v1h = (h ^ this.v2h) >>> 0;
    this.v1l = (l ^ this.v2l) >>> 0;
    h = ((this.v3h << 21) | (this.v3l >>> 11)) >>> 0;
    l = ((this.v3l << 21) | (this.v3h >>> 11)) >>> 0;
    this.v3h = (h ^ this.v0h) >>> 0;
    this.v3l = (l ^ this.v0l) >>> 0;
    h = this.v2h;
    this.v2h = this.v2l;
    this.v2l = h;
  }
}
