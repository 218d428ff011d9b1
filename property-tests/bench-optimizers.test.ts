import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('optimizers benchmark, --quick', () => {
  test('runs every phase (grid at full length, extra seeds, report, SVG) for all seven optimizers into the folder given by --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'optimizers-quick-'));
    try {
      const log = execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', 'benchmarks/run.ts', 'optimizers', '--quick', '--out', out], { encoding: 'utf8', timeout: 120_000 });
      assert.match(log, new RegExp(`writing to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const results = JSON.parse(readFileSync(join(out, 'optimizers.json'), 'utf8'));
      const names = ['sgd+momentum', 'adam', 'rmsprop', 'sonew band 1', 'sonew band 4', 'shampoo', 'galore(adam)'];
      assert.deepEqual(Object.keys(results.protocol.grids), names);
      assert.ok(results.finished, 'the run finished');
      for (const name of names) {
        const grid = results.grid.filter((r: { optimizer: string }) => r.optimizer === name);
        assert.equal(grid.length, results.protocol.grids[name].length, `${name}: one run per grid point`);
        for (const r of grid) assert.equal(r.steps, results.protocol.steps, `${name} lr ${r.lr}: the grid runs at the full length`);
        const best = grid.reduce((a: { trainLoss: number }, b: { trainLoss: number }) => (b.trainLoss < a.trainLoss ? b : a));
        const seeds = results.seeds.filter((r: { optimizer: string }) => r.optimizer === name);
        assert.deepEqual(seeds.map((r: { seed: number }) => r.seed), results.protocol.seeds.slice(1), `${name}: the other seeds`);
        for (const r of seeds) assert.equal(r.lr, best.lr, `${name}: seeds run at the chosen rate`);
        for (const r of [...grid, ...seeds]) if (!r.diverged) assert.ok(r.trainLoss < results.initialHeldOut * 1.5 && r.heldOutLoss > 0);
      }
      const md = readFileSync(join(out, 'optimizers.md'), 'utf8');
      for (const name of names) assert.match(md, new RegExp(`\\| ${name.replace(/[()+]/g, '\\$&')} \\|`));
      const svg = readFileSync(join(out, 'optimizers.svg'), 'utf8');
      assert.equal((svg.match(/<polygon/g) ?? []).length, 2 * names.length, 'a min–max band per optimizer in both panels');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
