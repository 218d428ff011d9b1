// The worker entry when sublinear runs from its TypeScript source (under tsx). tsx 4.x does not
// register its hooks inside worker threads on Node 20 (only from 22.22 on), even though the thread
// inherits `--import tsx` through execArgv; so register them here, then load the real entry.
// The built package never uses this file: dist/workers/kernel.worker.js is plain JavaScript.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./kernel.worker.ts');
export default runTask;
