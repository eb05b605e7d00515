/**
 * `fnmatch.fnmatch(name, pattern)` on POSIX (normcase is the identity), as tracemalloc's Filter uses.
 *
 * Patterns: `*` any run, `?` one character, `[seq]` / `[!seq]` sets with ranges; no escaping.
 * The bracket rules are CPython's `fnmatch.translate`, reproduced token by token: a `]` right after
 * `[` or `[!` is literal; an unclosed `[` is a literal `[`; a leading `^` is literal; a range whose
 * ends are reversed (`z-a`) is removed, merging its neighbours; a trailing `-` is literal; `[z-a]`
 * never matches and `[!z-a]` matches any character. Characters are code points and `*`/`?` match
 * newlines too (CPython compiles with DOTALL).
 *
 * Matching uses the linear-space wildcard algorithm (backtrack only to the last `*`), which is exact
 * because every other token consumes exactly one character; it cannot blow up like a backtracking
 * regular expression would on patterns such as `*a*a*a*b`.
 */

type Token =
  | { kind: "star" }
  | { kind: "any" }
  | { kind: "never" }
  | { kind: "lit"; ch: string }
  | { kind: "set"; negated: boolean; singles: Set<string>; ranges: [number, number][] };

const STAR: Token = { kind: "star" };
const ANY: Token = { kind: "any" };
const NEVER: Token = { kind: "never" };

const compiled = new Map<string, Token[]>();
const CACHE_LIMIT = 4096;

export function fnmatch(name: string, pattern: string): boolean {
  let tokens = compiled.get(pattern);
  if (tokens === undefined) {
    tokens = compile(pattern);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(pattern, tokens);
  }
  return matchTokens(tokens, Array.from(name));
}

/** Marker between two chunks of a bracket expression: the hyphen of a range. */
const RANGE = Symbol("range");

function compile(pattern: string): Token[] {
  const p = Array.from(pattern);
  const n = p.length;
  const out: Token[] = [];
  let i = 0;
  while (i < n) {
    const c = p[i++];
    if (c === "*") {
      if (out.length === 0 || out[out.length - 1] !== STAR) out.push(STAR);
    } else if (c === "?") {
      out.push(ANY);
    } else if (c === "[") {
      let j = i;
      if (j < n && p[j] === "!") j++;
      if (j < n && p[j] === "]") j++;
      while (j < n && p[j] !== "]") j++;
      if (j >= n) {
        out.push({ kind: "lit", ch: "[" });
        continue;
      }
      out.push(bracket(p, i, j));
      i = j + 1;
    } else {
      out.push({ kind: "lit", ch: c });
    }
  }
  return out;
}

/** The set between p[i] (after '[') and p[j] (the closing ']'), following fnmatch.translate. */
function bracket(p: string[], i: number, j: number): Token {
  let chunks: string[][];
  const stuff = p.slice(i, j);
  if (!stuff.includes("-")) {
    chunks = [stuff];
  } else {
    chunks = [];
    let k = p[i] === "!" ? i + 2 : i + 1;
    for (;;) {
      k = indexOf(p, "-", k, j);
      if (k < 0) break;
      chunks.push(p.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const chunk = p.slice(i, j);
    if (chunk.length > 0) chunks.push(chunk);
    else chunks[chunks.length - 1].push("-");
    // Remove empty ranges (reversed ends), right to left, merging the neighbours.
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const prev = chunks[k2 - 1];
      if (cp(prev[prev.length - 1]) > cp(chunks[k2][0])) {
        chunks[k2 - 1] = prev.slice(0, -1).concat(chunks[k2].slice(1));
        chunks.splice(k2, 1);
      }
    }
  }
  // The regular-expression text CPython would build: chunk characters are literal, chunk joins are
  // range hyphens.
  const seq: (string | typeof RANGE)[] = [];
  chunks.forEach((ch, idx) => {
    if (idx > 0) seq.push(RANGE);
    seq.push(...ch);
  });
  if (seq.length === 0) return NEVER;
  if (seq.length === 1 && seq[0] === "!") return ANY;
  const negated = seq[0] === "!";
  const singles = new Set<string>();
  const ranges: [number, number][] = [];
  let k = negated ? 1 : 0;
  while (k < seq.length) {
    const a = seq[k];
    if (a === RANGE) {
      singles.add("-");
      k++;
      continue;
    }
    const b = seq[k + 2];
    if (seq[k + 1] === RANGE && typeof b === "string") {
      ranges.push([cp(a), cp(b)]);
      k += 3;
    } else {
      singles.add(a);
      k++;
    }
  }
  return { kind: "set", negated, singles, ranges };
}

function indexOf(p: string[], ch: string, from: number, to: number): number {
  for (let k = from; k < to; k++) if (p[k] === ch) return k;
  return -1;
}

function cp(ch: string): number {
  return ch.codePointAt(0)!;
}

function matchOne(t: Token, ch: string): boolean {
  switch (t.kind) {
    case "any":
      return true;
    case "lit":
      return t.ch === ch;
    case "set": {
      let hit = t.singles.has(ch);
      if (!hit) {
        const c = cp(ch);
        for (const [lo, hi] of t.ranges) {
          if (c >= lo && c <= hi) {
            hit = true;
            break;
          }
        }
      }
      return hit !== t.negated;
    }
    default:
      return false;
  }
}

function matchTokens(tokens: Token[], text: string[]): boolean {
  let ti = 0;
  let pi = 0;
  let starP = -1;
  let starT = 0;
  while (ti < text.length) {
    if (pi < tokens.length && tokens[pi] !== STAR && matchOne(tokens[pi], text[ti])) {
      ti++;
      pi++;
    } else if (pi < tokens.length && tokens[pi] === STAR) {
      starP = pi++;
      starT = ti;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < tokens.length && tokens[pi] === STAR) pi++;
  return pi === tokens.length;
}
