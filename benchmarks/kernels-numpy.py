"""numpy/OpenBLAS peers of the kernels benchmark (benchmarks/kernels.bench.ts runs this).

Prints one JSON object: the median wall time (<case>_ms) and the median process CPU time
(<case>_cpu_ms, all threads together) in ms of each case over `repeats` runs after a warm-up. Threads are set by the caller (OPENBLAS_NUM_THREADS).
Cases: f64 GEMM 1024x784 . 784x256; the Adam step on 1M float32 parameters written as a numpy user
would (in place, float32 arrays); ThresholdSearch.init's product W @ X.T (m = 2^14, d = 784, n = 64); kronMatVec's F @ X @ G.T
(two 256x256 factors); numpy.linalg.lstsq on a 2^16 x 64 problem.
"""
import json
import sys
import time

import numpy as np


def median_ms(fn, repeats, cpu=False):
    """Median ms per call: wall time, or process CPU time (all threads) with cpu=True."""
    clock = time.process_time if cpu else time.perf_counter
    fn()
    times = []
    for _ in range(repeats):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def measure(out, name, fn, repeats):
    out[name + "_ms"] = median_ms(fn, repeats)
    out[name + "_cpu_ms"] = median_ms(fn, repeats, cpu=True)


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
    measure(out, "gemm_f64", lambda: A @ B, repeats)

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

    measure(out, "adam_f32", adam, repeats * 3)

    W = rng.standard_normal((1 << 14, 784))
    X = rng.standard_normal((64, 784))
    measure(out, "leaves_f64", lambda: W @ X.T, repeats)

    F = rng.standard_normal((256, 256))
    G = rng.standard_normal((256, 256))
    Xk = rng.standard_normal((256, 256))
    measure(out, "kron_f64", lambda: F @ Xk @ G.T, repeats * 3)

    As = rng.standard_normal((1 << 16, 64))
    bs = rng.standard_normal(1 << 16)
    measure(out, "lstsq_f64", lambda: np.linalg.lstsq(As, bs, rcond=None), max(3, repeats // 2))
    print(json.dumps(out))


main()
