import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstValueFrom, from, toArray } from 'rxjs';
import { Rng } from 'sublinear/core';
import { powerSgd, type GradientEvent, type PowerSgdMatrix } from 'sublinear/streams';
import { assertClose, propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

/** Matrices laid out one after another with `gap` pass-through entries (a bias) after each. */
function layout(shapes: [number, number][], gap: number): { matrices: PowerSgdMatrix[]; length: number } {
  let offset = 0;
  const matrices = shapes.map(([rows, cols]) => { const m = { offset, rows, cols }; offset += rows * cols + gap; return m; });
  return { matrices, length: offset };
}

function events(rng: Rng, length: number, count: number): GradientEvent<Float64Array>[] {
  return Array.from({ length: count }, (_, step) => ({ step, loss: 1, gradient: rng.fillGaussian(new Float64Array(length)) }));
}

const run = <E extends GradientEvent>(input: E[], op: ReturnType<typeof powerSgd<E>>) => firstValueFrom(from(input).pipe(op, toArray()));
const shapes = fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 3 });

describe('powerSgd', () => {
  test('with rank = min(rows, cols) every compressed gradient reproduces the true gradient', async () => {
    await fc.assert(fc.asyncProperty(shapes, fc.integer({ min: 0, max: 3 }), fc.nat(), async (sh, gap, seed) => {
      const { matrices, length } = layout(sh, gap), input = events(new Rng(seed), length, 4);
      const out = await run(input, powerSgd({ rank: 7, matrices, seed }));
      out.forEach((e, i) => {
        assertClose(e.gradient, input[i].gradient, 1e-10, 0, `event ${i}`);
        assert.ok(e.diagnostics!.powerSgdRelativeError < 1e-10);
      });
    }), params({ numRuns: 60 }));
  });

  test('error feedback: the sum of the compressed gradients plus the final residual equals the sum of the true gradients', async () => {
    await fc.assert(fc.asyncProperty(shapes, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.nat(), async (sh, gap, rank, warmupSteps, seed) => {
      const { matrices, length } = layout(sh, gap), input = events(new Rng(seed), length, 8);
      const out = await run(input, powerSgd({ rank, matrices, warmupSteps, seed }));
      const sent = new Float64Array(length), truth = new Float64Array(length);
      out.forEach((e, i) => { for (let k = 0; k < length; k++) { sent[k] += e.gradient[k]; truth[k] += input[i].gradient[k]; } });
      const last = out[out.length - 1].residual;
      assertClose(sent.map((v, k) => v + last[k]), truth, 1e-12, 0, 'Σ compressed + residual');
    }), params({ numRuns: 60 }));
  });

  test('a gradient of exactly rank r comes through unchanged; diagnostics give the compression ratio and ‖M − PQᵀ‖/‖M‖', async () => {
    const rng = new Rng(4), rows = 6, cols = 9, r = 2;
    const U = rng.fillGaussian(new Float64Array(rows * r)), V = rng.fillGaussian(new Float64Array(cols * r));
    const g = new Float64Array(rows * cols + 3);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) for (let q = 0; q < r; q++) g[i * cols + j] += U[i * r + q] * V[j * r + q];
    g.set([5, 6, 7], rows * cols);
    const [e] = await run([{ step: 0, loss: 0, gradient: g }], powerSgd({ rank: r, matrices: [{ offset: 0, rows, cols }] }));
    assertClose(e.gradient, g, 1e-10);
    assert.equal(e.diagnostics!.powerSgdCompression, (rows * cols + 3) / (r * (rows + cols) + 3));
    const noisy = g.map((v, i) => v + (i < rows * cols ? 0.3 * Math.sin(i) : 0));
    const [f] = await run([{ step: 0, loss: 0, gradient: noisy }], powerSgd({ rank: 1, matrices: [{ offset: 0, rows, cols }] }));
    let err = 0, norm = 0;
    for (let i = 0; i < rows * cols; i++) { err += (noisy[i] - f.gradient[i]) ** 2; norm += noisy[i] ** 2; }
    assert.ok(Math.abs(f.diagnostics!.powerSgdRelativeError - Math.sqrt(err / norm)) < 1e-12);
    assert.ok(f.diagnostics!.powerSgdRelativeError > 0.01);
    assert.deepEqual(Array.from(f.gradient.subarray(rows * cols)), [5, 6, 7], 'entries outside the matrices pass through');
  });

  test('warm-up events pass through with a zero residual; each subscription has its own residual and Q; float32 stays float32', async () => {
    const matrices = [{ offset: 0, rows: 3, cols: 4 }], input = events(new Rng(8), 12, 5);
    const op = powerSgd({ rank: 1, matrices, warmupSteps: 2, seed: 3 });
    const a = await run(input, op), b = await run(input, op);
    for (let i = 0; i < 2; i++) { assert.deepEqual(a[i].gradient, input[i].gradient); assert.ok(a[i].residual.every((v) => v === 0)); }
    assert.ok(a[2].diagnostics!.powerSgdRelativeError > 0);
    a.forEach((e, i) => assert.deepEqual(e.gradient, b[i].gradient, 'a second subscription starts afresh'));
    const f32 = input.map((e) => ({ ...e, gradient: Float32Array.from(e.gradient) }));
    const c = await firstValueFrom(from(f32).pipe(powerSgd({ rank: 1, matrices }), toArray()));
    assert.ok(c[4].gradient instanceof Float32Array);
  });

  test('bad options are TypeErrors or RangeErrors naming the option; a short or non-finite gradient errors the stream', async () => {
    const m = [{ offset: 0, rows: 2, cols: 2 }];
    assert.throws(() => powerSgd({ rank: 0, matrices: m }), { name: 'RangeError', message: /powerSgd: invalid argument. options.rank must be an integer ≥ 1. Value: 0./ });
    assert.throws(() => powerSgd({ rank: '1' as unknown as number, matrices: m }), { name: 'TypeError', message: /options.rank must be an integer/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: m, warmupSteps: -1 }), { name: 'RangeError', message: /options.warmupSteps/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: m, seed: 0.5 }), { name: 'RangeError', message: /options.seed/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: 'all' as unknown as PowerSgdMatrix[] }), { name: 'TypeError', message: /options.matrices must be an array/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: [{ offset: 0, rows: 0, cols: 2 }] }), { name: 'RangeError', message: /options.matrices\[0\].rows must be an integer ≥ 1/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: [...m, { offset: 3, rows: 1, cols: 1 }] }), { name: 'RangeError', message: /options.matrices must be non-overlapping matrices/ });
    assert.throws(() => powerSgd({ rank: 1, matrices: m, warmup: 3 } as unknown as { rank: number; matrices: PowerSgdMatrix[] }), { name: 'RangeError', message: /powerSgd: invalid argument. options.warmup must be one of the known options/ });
    assert.throws(() => powerSgd(null as unknown as { rank: number; matrices: PowerSgdMatrix[] }), TypeError);
    const op = powerSgd({ rank: 1, matrices: m });
    await assert.rejects(run([{ step: 0, loss: 0, gradient: new Float64Array(3) }], op), { name: 'RangeError', message: /event.gradient.length must be at least 4/ });
    await assert.rejects(run([{ step: 0, loss: 0, gradient: Float64Array.of(1, NaN, 0, 0) }], op), { name: 'RangeError', message: /event.gradient\[1\] must be a finite number/ });
  });
});
