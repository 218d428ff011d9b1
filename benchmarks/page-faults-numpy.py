"""numpy side of benchmarks/page-faults.ts: ms per MiB to copy an array into freshly allocated memory
(np.empty, then a[:] = src, the array dropped after) and into one array reused every time, at 8 MiB
(the size of ThresholdSearch.init's W @ X.T output) and 104 MiB (the size of its weights). numpy
asks the kernel for transparent huge pages on large arrays (madvise(MADV_HUGEPAGE)) by default; the
"fresh, 4 KiB pages" case turns that off (numpy's _set_madvise_hugepage) to show what it saves.

Prints one JSON object {"<mib> MiB fresh": ms_per_mib, "<mib> MiB reused": ms_per_mib, ...}: medians
of process CPU time over `repeats` calls (argument 1, default 9) after a warm-up.
"""
import json
import sys
import time

import numpy as np


def median_cpu_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        times.append((time.process_time() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    out = {"numpy": np.__version__}
    core = getattr(np, "_core", None) or getattr(np, "core", None)
    set_hugepage = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if set_hugepage is not None:
        out["madvise_hugepage"] = set_hugepage(True)
        set_hugepage(out["madvise_hugepage"])
    for mib in (8, 104):
        src = np.ones(mib * (1 << 20) // 8)
        keep = np.empty_like(src)

        def fresh():
            a = np.empty_like(src)
            a[:] = src
            return a[0]

        def reused():
            keep[:] = src
            return keep[0]

        out[f"{mib} MiB fresh"] = median_cpu_ms(fresh, repeats) / mib
        out[f"{mib} MiB reused"] = median_cpu_ms(reused, repeats) / mib
        if set_hugepage is not None:
            before = set_hugepage(False)
            out[f"{mib} MiB fresh, 4 KiB pages"] = median_cpu_ms(fresh, repeats) / mib
            set_hugepage(before)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
