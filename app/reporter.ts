/**
 * The main job's output: human lines or JSON lines on stdout, a progress bar on stderr (only on a
 * terminal, and never with --quiet). The bar's line is cleared before any stdout line is printed,
 * so a terminal that shows both never mixes a log line into the bar.
 */
import type { ProgressTarget } from '../streams/index.js';

interface Stream { write(text: string): unknown; isTTY?: boolean }

export class Reporter {
  private barVisible = false;

  constructor(private readonly mode: { json: boolean; quiet: boolean }, private readonly out: Stream = process.stdout, private readonly err: Stream = process.stderr) {}

  /** A human line (per step, build chatter): not with --json or --quiet. */
  line(text: string): void {
    if (this.mode.json || this.mode.quiet) return;
    this.write(text);
  }

  /** A summary line: always, except with --json. */
  summary(text: string): void {
    if (!this.mode.json) this.write(text);
  }

  /** One JSON object on one line: only with --json. */
  json(value: Record<string, unknown>): void {
    if (this.mode.json) this.write(JSON.stringify(value));
  }

  /** Draws `text` as the progress line on stderr (a terminal only; not with --quiet). */
  progress(text: string): void {
    if (this.mode.quiet || !this.err.isTTY) return;
    this.err.write(`\r${text}\u001b[K`);
    this.barVisible = true;
  }

  /** Clears the progress line, if one is drawn. */
  clearProgress(): void {
    if (!this.barVisible) return;
    this.err.write('\r\u001b[K');
    this.barVisible = false;
  }

  /** A target for sublinear/streams' progressBar that keeps track of the drawn line. */
  progressTarget(): ProgressTarget {
    return {
      isTTY: !this.mode.quiet && this.err.isTTY === true,
      write: (text: string) => { this.err.write(text); this.barVisible = !/^\r\u001b\[K$/.test(text); },
    };
  }

  private write(text: string): void {
    this.clearProgress();
    this.out.write(text + '\n');
  }
}
