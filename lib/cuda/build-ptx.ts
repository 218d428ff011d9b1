/** `npm run build:cuda`: compiles lib/cuda/kernels/*.cu to lib/cuda/ptx/*.ptx with nvcc. */
import { buildAllPtx, PTX_ARCH } from './ptx.js';

for (const file of buildAllPtx()) console.log(`built ${file} (${PTX_ARCH})`);
