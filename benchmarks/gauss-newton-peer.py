"""numpy/OpenBLAS peer of the trainers benchmark: the dense Gauss-Newton step of the two-layer
shifted-ReLU network in 15 lines, and the build a numpy user would do (draw W0, form W X^T).

Usage: python3 gauss-newton-peer.py X.f64 n d m steps seed
X.f64 holds the n x d unit inputs (float64, row-major), then the n targets. Prints one JSON line:
build and per-step wall and process-CPU seconds (process CPU counts every OpenBLAS thread).
"""
import json, sys, time
import numpy as np

path, n, d, m, steps, seed = sys.argv[1], *map(int, sys.argv[2:7])
raw = np.fromfile(path, dtype=np.float64)
X, y = raw[: n * d].reshape(n, d), raw[n * d : n * d + n]
b = np.sqrt(0.48 * np.log(m))

def clock():
    return time.perf_counter(), time.process_time()

w0, c0 = clock()
rng = np.random.default_rng(seed)
W = rng.standard_normal((m, d))          # W0: m x d
Z = W @ X.T                              # the initial inner products (what the sparse trainer's build computes)
w1, c1 = clock()
a = rng.choice([-1.0, 1.0], size=m)
G = X @ X.T
times = []
for _ in range(steps):
    s0, p0 = clock()
    Z = W @ X.T                                   # m x n
    M = Z >= b
    f = (a[:, None] * (Z - b) * M).sum(0) / np.sqrt(m)
    H = G * (M.T.astype(np.float64) @ M) / m      # J J^T
    g = np.linalg.solve(H, f - y)
    W += ((a[:, None] * M) * g[None, :] * (-1 / np.sqrt(m))) @ X
    s1, p1 = clock()
    times.append((s1 - s0, p1 - p0, float(0.5 * np.sum((f - y) ** 2))))
print(json.dumps({
    "buildWallS": w1 - w0, "buildCpuS": c1 - c0,
    "stepWallS": [t[0] for t in times], "stepCpuS": [t[1] for t in times], "loss": [t[2] for t in times],
    "numpy": np.__version__, "threads": __import__("os").cpu_count(),
}))
