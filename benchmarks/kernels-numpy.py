"""numpy/OpenBLAS peers of the kernels benchmark (benchmarks/kernels.bench.ts runs this).

Prints one JSON object: the median time in ms of each case over `repeats` runs after a warm-up,
with the thread count OpenBLAS reports. Threads are set by the caller (OPENBLAS_NUM_THREADS).
Cases: f64 GEMM 1024x784 . 784x256; the Adam step on 1M float32 parameters written as a numpy user
would (in place, float32 arrays); ThresholdSearch.init's product W @ X.T (m = 2^14, d = 784, n = 64).
"""
import json
import sys
import time

import numpy as np


def median_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    rng = np.random.default_rng(1)
    out = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info  # optional
        out["blas"] = [{k: i.get(k) for k in ("internal_api", "num_threads", "version")} for i in threadpool_info()]
    except Exception:
        pass

    A = rng.standard_normal((1024, 784))
    B = rng.standard_normal((784, 256))
    out["gemm_f64_ms"] = median_ms(lambda: A @ B, repeats)

    n = 1 << 20
    p = rng.standard_normal(n).astype(np.float32)
    g = rng.standard_normal(n).astype(np.float32)
    m = np.zeros(n, np.float32)
    v = np.zeros(n, np.float32)
    lr, b1, b2, eps = np.float32(1e-3), np.float32(0.9), np.float32(0.999), np.float32(1e-8)
    state = {"t": 0}

    def adam():
        state["t"] += 1
        t = state["t"]
        np.multiply(m, b1, out=m)
        m[:] += (1 - b1) * g
        np.multiply(v, b2, out=v)
        v[:] += (1 - b2) * g * g
        c1 = np.float32(1 / (1 - 0.9 ** t))
        c2 = np.float32(1 / (1 - 0.999 ** t))
        p[:] -= lr * (m * c1) / (np.sqrt(v * c2) + eps)

    out["adam_f32_ms"] = median_ms(adam, repeats * 3)

    W = rng.standard_normal((1 << 14, 784))
    X = rng.standard_normal((64, 784))
    out["leaves_f64_ms"] = median_ms(lambda: W @ X.T, repeats)
    print(json.dumps(out))


main()
