import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('kronecker-digits --quick runs end to end into a scratch folder: results, SVG, checks of its own bookkeeping', () => {
  const out = mkdtempSync(join(os.tmpdir(), 'kd-quick-'));
  const saved = join(root, 'benchmarks/results/kronecker-digits.json');
  const savedBefore = existsSync(saved) ? statSync(saved).mtimeMs : undefined;
  try {
    execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', 'benchmarks/run.ts', 'kronecker-digits', '--quick', '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    const r = JSON.parse(readFileSync(join(out, 'kronecker-digits.json'), 'utf8'));
    assert.equal(r.quick, true);
    for (const run of [...r.kron, ...r.raw]) {
      assert.ok(run.checkpoints.length >= 2);
      for (const c of run.checkpoints) assert.ok(c.testAccuracy >= 0 && c.testAccuracy <= 1 && c.trainLoss >= 0);
      assert.ok(run.peakRssBytes > 0 && run.medianStepCpuMs > 0);
    }
    // KroneckerSGD learns on real digits: held-out parity above chance after the quick run's 40 steps.
    assert.ok(r.kron.every((k: any) => k.checkpoints.at(-1).testAccuracy > 0.6), JSON.stringify(r.kron.map((k: any) => k.checkpoints.at(-1))));
    // The held-out leaves kept from each step's implicit update reproduce the trainer's own outputs.
    for (const k of r.kron) assert.ok(k.probeError < 1e-9, `probe error ${k.probeError}`);
    // DenseSGD on the explicit pairwise features takes the same iterates.
    for (const p of r.pairwise) assert.ok(p.trajectoryRelDiff < 1e-9, `trajectory ${p.trajectoryRelDiff}`);
    assert.equal(r.growth.length, 2);
    assert.match(readFileSync(join(out, 'kronecker-digits.svg'), 'utf8'), /<polyline[^>]*stroke-dasharray/);
    assert.match(readFileSync(join(out, 'kronecker-digits.md'), 'utf8'), /\| KroneckerSGD m=64 \| 2401 \|/);
    // --quick leaves benchmarks/results alone.
    assert.equal(existsSync(saved) ? statSync(saved).mtimeMs : undefined, savedBefore);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
