/** Command-line parsing for `node dist/bench/run.js [--quick] [--filter <substring>] [--out <dir>]`. */

export interface CliOptions {
  quick: boolean;
  filter: string | null;
  /** Results folder; null means bench/results. */
  outDir: string | null;
  help: boolean;
}

export const USAGE = `usage: node dist/bench/run.js [--quick] [--filter <substring>] [--out <dir>]
  --quick              minimal benchmark.js timing (smoke test; numbers are noisy)
  --filter <substring> run only rows whose "workload/allocator" contains it (e.g. raw, random/,
                       mixed/mempool); the references their ratios need run as well
  --out <dir>          write the JSON results there instead of bench/results`;

export class CliError extends Error {
  override name = "CliError";
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { quick: false, filter: null, outDir: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new CliError(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--filter") o.filter = value();
    else if (a.startsWith("--filter=")) o.filter = a.slice("--filter=".length);
    else if (a === "--out") o.outDir = value();
    else if (a === "--help" || a === "-h") o.help = true;
    else throw new CliError(`unknown argument ${a}`);
  }
  return o;
}
