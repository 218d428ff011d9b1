/**
 * The main job's command line: parsed with node's util.parseArgs (strict: unknown flags, missing
 * values and stray arguments are errors) and validated up front — positive counts, choices, the
 * trainers' documented width limit, the SVG's folder — so a bad command line never starts training.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The default worker threads: the cores this process may use, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export const USAGE = `usage: sublinear-train [options]        (or: npm start -- [options])

Trains a two-layer shifted-ReLU network (m hidden neurons) to predict the parity of n real MNIST
digits (+1 even, −1 odd) with sparse Gauss–Newton, then with the dense baseline, and compares them.

  -m, --width N        hidden neurons m, ≥ 2 (default 65536; at most min(2^24, 2^28/n), and
                       2^28/784 = 342392 while the dense baseline runs: W is m × 784)
  -n, --inputs N       training digits n, 1…4096 (default 256)
  -s, --steps N        sparse Gauss–Newton steps, ≥ 1 (default 8)
      --dense-steps N  dense baseline steps, ≥ 0 (default 3; 0 skips the baseline)
  -t, --trainer T      sparse | dense | both (default both)
      --solver S       cholesky | sketch: how the n × n system is solved (default cholesky)
      --index I        auto | tree | scan: threshold search for the sparse trainer (default auto)
  -b, --backend B      auto | js | cuda: where the sparse trainer computes its initial leaves
                       ⟨w_r, x_i⟩, the O(m n d) part of building it (default auto: the GPU when
                       cudaStatus() finds one, else JavaScript on this thread)
      --threads N      worker threads for the builds and steps, 1…64 (default: this machine's
                       cores, up to 8; 1 runs everything on the main thread); results do not change
      --seed N         seed of the digits' selection and the initial weights, 0…2^31 (default 1)
      --svg PATH       where to write the loss curves; its folder must exist (default loss-curves.svg)
      --json           machine-readable: one JSON line per step and a summary line on stdout
  -q, --quiet          no progress bar and no per-step lines, only the summary
  -h, --help           this text

Progress goes to stderr (a bar on a terminal, nothing otherwise); results go to stdout.
Exit status: 0 done, 1 failed while training, 2 bad command line.`;

export interface MainOptions {
  width: number; inputs: number; steps: number; denseSteps: number;
  trainer: 'sparse' | 'dense' | 'both'; solver: 'cholesky' | 'sketch'; index: 'auto' | 'tree' | 'scan';
  backend: 'auto' | 'js' | 'cuda'; threads: number; seed: number; svg: string; json: boolean; quiet: boolean;
}

/** The trainers' width limit for n inputs of dimension d (dense: the baseline holds W, m × d). */
export type WidthLimit = (inputs: number, options: { dim: number; dense: boolean }) => number;

class UsageError extends Error {}

function integer(name: string, text: string, min: number, max: number, why = ''): number {
  const v = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}]${why}, got '${text}'`);
  return v;
}
function choice<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

/**
 * The options of a command line, or the message that explains why it is refused (then print it
 * with USAGE and exit 2).
 */
export function parseCommandLine(argv: string[], widthLimit: WidthLimit, dim = 784): { options: MainOptions } | { help: true } | { error: string } {
  try {
    const { values: o } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        width: { type: 'string', short: 'm', default: '65536' },
        inputs: { type: 'string', short: 'n', default: '256' },
        steps: { type: 'string', short: 's', default: '8' },
        'dense-steps': { type: 'string', default: '3' },
        trainer: { type: 'string', short: 't', default: 'both' },
        solver: { type: 'string', default: 'cholesky' },
        index: { type: 'string', default: 'auto' },
        backend: { type: 'string', short: 'b', default: 'auto' },
        threads: { type: 'string', default: String(defaultThreads()) },
        seed: { type: 'string', default: '1' },
        svg: { type: 'string', default: 'loss-curves.svg' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (o.help) return { help: true };
    const inputs = integer('inputs', o.inputs!, 1, 4096);
    const steps = integer('steps', o.steps!, 1, 10_000);
    const denseSteps = integer('dense-steps', o['dense-steps']!, 0, 10_000);
    const trainer = choice('trainer', o.trainer!, ['sparse', 'dense', 'both'] as const);
    const dense = trainer !== 'sparse' && denseSteps > 0;
    const limit = widthLimit(inputs, { dim, dense });
    const width = integer('width', o.width!, 2, limit, ` (the trainers' limit for n = ${inputs}${dense ? ` with the dense baseline, W m × ${dim}` : ''})`);
    const svg = o.svg!;
    const folder = dirname(resolve(svg));
    if (svg === '' || !existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--svg ${svg}: the folder ${folder} does not exist`);
    return {
      options: {
        width, inputs, steps, denseSteps, trainer, svg,
        solver: choice('solver', o.solver!, ['cholesky', 'sketch'] as const),
        index: choice('index', o.index!, ['auto', 'tree', 'scan'] as const),
        backend: choice('backend', o.backend!, ['auto', 'js', 'cuda'] as const),
        threads: integer('threads', o.threads!, 1, 64),
        seed: integer('seed', o.seed!, 0, 2 ** 31),
        json: o.json!, quiet: o.quiet!,
      },
    };
  } catch (error) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*: unknown option, missing value, stray argument.
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))) return { error: (error as Error).message };
    throw error;
  }
}
