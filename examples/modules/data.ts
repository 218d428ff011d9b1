/** sublinear/data: seeded splits and synthetic sets work anywhere; loadMnist reads files, so it needs Node. */
import { gaussianData, loadMnist, normalizeRows, trainTestSplit } from 'sublinear/data';

export function run(): string[] {
  const images = gaussianData(20, 4, 3);
  const labels = Int32Array.from({ length: 20 }, (_, i) => i % 3);
  const { train, test } = trainTestSplit({ images, labels }, { testFraction: 0.25, seed: 2 });
  const unit = normalizeRows(test.images);
  const norm0 = Math.hypot(...unit.data.subarray(0, 4));
  let mnist: string;
  try {
    mnist = `${loadMnist({ count: 10 }).images.rows} digits`;
  } catch (e) {
    mnist = (e as Error).message;
  }
  return [`split: ${train.images.rows} + ${test.images.rows}, first test label ${test.labels[0]}`, `unit row norm: ${norm0.toFixed(12)}`, `loadMnist: ${mnist}`];
}
