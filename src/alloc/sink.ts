/**
 * Where text that CPython writes to stdout/stderr goes: reports, statistics, debug output.
 * A runtime's config can name any object with `write(text)`, so callers capture it.
 */

export interface TextSink {
  write(text: string): unknown;
}

export const processStdout: TextSink = { write: (text: string) => process.stdout.write(text) };
export const processStderr: TextSink = { write: (text: string) => process.stderr.write(text) };

/** A sink that keeps everything written to it, for tests and for returning reports as strings. */
export class StringSink implements TextSink {
  text = "";
  write(text: string): void {
    this.text += text;
  }
}
