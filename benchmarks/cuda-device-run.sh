#!/bin/bash
# Runs on a GPU machine inside the folder made by benchmarks/cuda-device-pack.sh: unpacks node, records the
# GPU state and the inner-product kernel's registers and SASS mix, then runs cuda-gpu.mjs and cuda-pool.mjs; results go to $OUT.
cd "$(dirname "$0")"
unxz -c node.xz > /tmp/node && chmod +x /tmp/node
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,clocks.mem,temperature.gpu,power.draw --format=csv | tee "$OUT/nvidia-smi.txt"
/tmp/node --version
(nvcc -cubin -arch=sm_90 -O3 -std=c++17 -Xptxas -v ptx/inner_product.cu -o /tmp/ip.cubin 2>&1 | grep -E "registers|spill" ; cuobjdump --dump-sass /tmp/ip.cubin | grep -oE "(LDS|STS|LDG|FFMA|DFMA)[.A-Z0-9]*" | sort | uniq -c) > "$OUT/sass.txt" 2>&1
cat "$OUT/sass.txt"
export SUBLINEAR_CUDA_PTX_DIR="$PWD/ptx"
/tmp/node cuda-gpu.mjs 2>&1 | tee "$OUT/stdout.log"
nvidia-smi --query-gpu=clocks.sm,temperature.gpu,power.draw --format=csv | tee -a "$OUT/nvidia-smi.txt"
OUT="$OUT" /tmp/node cuda-pool.mjs 2>&1 | tee "$OUT/pool-stdout.log"
cp cuda-pool.json "$OUT/" 2>/dev/null; true
