/**
 * The tracemalloc section of a debug-hook report (_PyMem_DumpTraceback), byte for byte:
 *
 *   Memory block allocated at (most recent call first):
 *     File "<filename>", line <lineno>        one line per stored frame, most recent first
 *   <empty line>
 *
 * Filenames are written as _Py_DumpASCII writes them: printable ASCII as is, other characters
 * backslash-escaped (\xhh, \uhhhh, \Uhhhhhhhh), at most 500 characters then "...".
 */

import type { RawFrames } from "../traceback.js";

/** _Py_DumpASCII's MAX_STRING_LENGTH. */
const MAX_STRING_LENGTH = 500;

export function formatBlockTraceback(frames: RawFrames): string {
  let s = "Memory block allocated at (most recent call first):\n";
  for (const [filename, lineno] of frames) s += `  File "${dumpAscii(filename)}", line ${lineno}\n`;
  return s + "\n";
}

/** _Py_DumpASCII: backslashreplace to ASCII, truncated to 500 characters (code points). */
export function dumpAscii(text: string): string {
  let out = "";
  let n = 0;
  for (const ch of text) {
    if (n++ === MAX_STRING_LENGTH) return out + "...";
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c <= 0xff) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c <= 0xffff) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out;
}
