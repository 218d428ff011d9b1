/** `sublinear/cuda`: the CUDA backend lives in workers/cuda (it loads inside the worker threads). */
export * from '../../workers/cuda/index.js';
