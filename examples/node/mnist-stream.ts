/**
 * The README's quick start: real MNIST digits (the optional `mnist` package), sparse Gauss–Newton on
 * their parity, as a stream with metrics and a terminal progress bar (drawn only on a terminal).
 *
 *   node --conditions=sublinear-source --import tsx examples/node/mnist-stream.ts
 */
import { loadMnist } from 'sublinear/data';
import { SparseGaussNewton } from 'sublinear/nn';
import { fromTrainer, metrics, progressBar } from 'sublinear/streams';

const { images, labels } = loadMnist({ count: 32, seed: 1 });
const parity = Float64Array.from(labels, (digit) => (digit % 2 === 0 ? 1 : -1));
const trainer = new SparseGaussNewton(images, parity, { width: 4096, seed: 1 });

fromTrainer(trainer, { steps: 5 })
  .pipe(metrics(), progressBar({ total: 5, label: 'sparse GN' }))
  .subscribe({
    next: (e) => console.log(`step ${e.step}: loss ${e.loss.toExponential(3)}, ${e.diagnostics?.activeMean?.toFixed(0)} active neurons, ‖g‖ ${e.metrics.gradientNorm.toExponential(3)}`),
    complete: () => console.log('done'),
  });
