#!/bin/bash
# Packs everything benchmarks/cuda-gpu.ts and benchmarks/cuda-pool.ts need on a GPU machine that has no
# npm and no network (how the H200 results in benchmarks/results/cuda-*.json were produced):
# this machine's node binary (xz), koffi, piscina, the built package, the PTX and the .cu sources.
# Usage: benchmarks/cuda-device-pack.sh DEST   (from the repository root; DEST must be git-ignored)
# Then, on the GPU machine: OUT=<results dir> bash DEST/run.sh
set -euo pipefail
DEST=${1:?usage: benchmarks/cuda-device-pack.sh DEST}
npm run build:cuda
rm -rf dist && npx tsc -p tsconfig.build.json
mkdir -p "$DEST/ptx" "$DEST/node_modules/@koromix" "$DEST/node_modules/sublinear"
[ -s "$DEST/node.xz" ] || xz -T2 -c "$(command -v node)" > "$DEST/node.xz"
cp -r node_modules/koffi node_modules/piscina "$DEST/node_modules/"
cp -r node_modules/@koromix/koffi-linux-x64 "$DEST/node_modules/@koromix/"
[ -d node_modules/@napi-rs ] && cp -r node_modules/@napi-rs "$DEST/node_modules/"
rm -rf "$DEST/node_modules/koffi/doc" "$DEST/node_modules/koffi/vendor"
cp package.json "$DEST/node_modules/sublinear/" && cp -r dist "$DEST/node_modules/sublinear/"
find "$DEST/node_modules/sublinear" \( -name '*.map' -o -name '*.d.ts' \) -delete
cp lib/cuda/ptx/*.ptx lib/cuda/kernels/*.cu "$DEST/ptx/"
echo '{ "name": "gpu-run", "private": true, "type": "module" }' > "$DEST/package.json"
npx esbuild benchmarks/cuda-gpu.ts --bundle --platform=node --format=esm --target=node20 --external:koffi --outfile="$DEST/cuda-gpu.mjs"
npx esbuild benchmarks/cuda-pool.ts --platform=node --format=esm --target=node20 --outfile="$DEST/cuda-pool.mjs"
cp benchmarks/cuda-device-run.sh "$DEST/run.sh"
cp benchmarks/cuda-pool-check.mjs "$DEST/"
du -sh "$DEST"
