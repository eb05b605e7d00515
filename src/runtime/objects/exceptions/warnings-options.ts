/**
 * The -W / PYTHONWARNINGS option syntax (Lib/warnings.py _processoptions / _setoption, CPython
 * 3.14): "action:message:category:module:lineno", every field optional and stripped.
 *
 *   action     a prefix of default, always, all, ignore, module, once, error ("" = default);
 *              else "invalid action: 'x'"
 *   message    matched literally at the start of the text, case-insensitively (re.escape + re.I)
 *   category   a built-in exception name ("" = Warning; "builtins.X" too); another module:
 *              "invalid module name: 'm'" (poick has no import system, so even modules CPython
 *              could import); not an exception name: "unknown warning category: 'X'" (CPython
 *              says this for unknown names; for other builtins such as 'print' it fails with
 *              TypeError); not a Warning subclass: "invalid warning category: 'X'"
 *   module     matched literally and whole (re.escape(module) + r'\Z')
 *   lineno     a non-negative int ("" = 0); else "invalid lineno 'x'" (not an int) or
 *              "invalid lineno -1" (an int out of range)
 *   more than five fields: "too many fields (max 5): 'a:b:c:d:e:f'"
 *
 * A bad option is reported as "Invalid -W option ignored: <reason>" on stderr and skipped; the
 * rest still apply. Config order (PyConfig config_init_warnoptions): the dev-mode "default" first,
 * then PYTHONWARNINGS (comma-separated), then `warnoptions`; each is inserted in front of the
 * filters, so the last one wins. Pure parsing here; warnings.ts applies the result.
 */

export const ACTIONS = ["default", "always", "all", "ignore", "module", "once", "error"] as const;
export type WarningAction = (typeof ACTIONS)[number];

export interface ParsedOption {
  action: WarningAction;
  /** A regular expression source (escaped text) or null. */
  message: string | null;
  /** The category's built-in name (resolved by the caller), "" for Warning. */
  category: string;
  module: string | null;
  lineno: number;
}

export class OptionError extends Error {}

/** Python's repr() of a str for the messages (quotes chosen as repr does). */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return q + out + q;
}

/** re.escape: every character Python 3.7+ escapes gets a backslash. */
export function reEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => "\\" + c);
}

/** _getaction. */
function getAction(action: string): WarningAction {
  if (action === "") return "default";
  for (const a of ACTIONS) if (a.startsWith(action)) return a;
  throw new OptionError(`invalid action: ${pyRepr(action)}`);
}

/** _setoption's parsing (the category is checked by the caller, which knows the types). */
export function parseWarnOption(arg: string): ParsedOption {
  const parts = arg.split(":");
  if (parts.length > 5) throw new OptionError(`too many fields (max 5): ${pyRepr(arg)}`);
  while (parts.length < 5) parts.push("");
  const [actionText, messageText, category, moduleText, linenoText] = parts.map((p) => p.replace(/^[\s\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\s\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, ""));
  const action = getAction(actionText);
  let lineno = 0;
  if (linenoText !== "") {
    // int(): optional sign, digits with single underscores between them
    if (!/^[+-]?[0-9](_?[0-9])*$/.test(linenoText)) throw new OptionError(`invalid lineno ${pyRepr(linenoText)}`);
    // int() succeeded: the message shows the int (a negative one, or one past a C ssize_t)
    const value = BigInt(linenoText.replace(/_/g, ""));
    if (value < 0n || value > 2n ** 63n - 1n) throw new OptionError(`invalid lineno ${value}`);
    lineno = Number(value);
  }
  return {
    action,
    message: messageText === "" ? null : reEscape(messageText),
    category,
    module: moduleText === "" ? null : reEscape(moduleText) + "\\Z",
    lineno,
  };
}

/** The options in the order they are applied (each goes in front of the filters). */
export function collectWarnOptions(opts: { warnoptions?: readonly string[]; devMode: boolean; env: Record<string, string | undefined>; useEnvironment: boolean }): string[] {
  const out: string[] = [];
  if (opts.devMode) out.push("default");
  const envValue = opts.useEnvironment ? opts.env.PYTHONWARNINGS : undefined;
  if (envValue !== undefined && envValue !== "") for (const part of envValue.split(",")) if (part !== "") out.push(part);
  out.push(...(opts.warnoptions ?? []));
  return out;
}
