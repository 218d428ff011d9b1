// Worker entry of the bad-input sweep: tsx does not register its hooks inside worker threads on
// Node 20, so register them here (as workers/kernel.worker.source.mjs does), then run the sweep.
import { register } from 'tsx/esm/api';

register();
const { runSweep } = await import('./sweep-run.ts');
await runSweep();
