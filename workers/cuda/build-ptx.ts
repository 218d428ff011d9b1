/** `npm run build:cuda`: compiles workers/cuda/kernels/*.cu to workers/cuda/ptx/*.ptx with nvcc. */
import { buildAllPtx, PTX_ARCH } from './ptx.js';

for (const file of buildAllPtx()) console.log(`built ${file} (${PTX_ARCH})`);
