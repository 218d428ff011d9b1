// AssemblyScript source of the wasm backend's sparse-sketch kernels (see ../sparse-sketch.ts): S·A
// scattered into a float64 accumulator and Sᵀ·Y gathered, for S given as `nnz` (row, value) pairs
// per column (rows: i32, values: f64). Rows are compact (`width` entries apart). Each update is
// out ← out + v·a in float64 (f64x2 mul then add, no FMA), as the js reference computes it, so the
// results are its bits.

// ---------------------------------------------------------------- S·A: acc (f64) += v · A row

@inline
function scatterRow64(width: i32, v: f64, a: usize, o: usize): void {
  const vv = f64x2.splat(v);
  let c = 0;
  for (; c + 3 < width; c += 4) {
    const k = <usize>c << 3;
    v128.store(o + k, f64x2.add(v128.load(o + k), f64x2.mul(vv, v128.load(a + k))));
    v128.store(o + k, f64x2.add(v128.load(o + k, 16), f64x2.mul(vv, v128.load(a + k, 16))), 16);
  }
  for (; c + 1 < width; c += 2) {
    const k = <usize>c << 3;
    v128.store(o + k, f64x2.add(v128.load(o + k), f64x2.mul(vv, v128.load(a + k))));
  }
  if (c < width) { const k = <usize>c << 3; store<f64>(o + k, load<f64>(o + k) + v * load<f64>(a + k)); }
}

@inline
function scatterRow32(width: i32, v: f64, a: usize, o: usize): void {
  const vv = f64x2.splat(v);
  let c = 0;
  for (; c + 1 < width; c += 2) {
    const k = <usize>c << 3;
    v128.store(o + k, f64x2.add(v128.load(o + k), f64x2.mul(vv, f64x2.promote_low_f32x4(v128.load64_zero(a + (<usize>c << 2))))));
  }
  if (c < width) { const k = <usize>c << 3; store<f64>(o + k, load<f64>(o + k) + v * <f64>load<f32>(a + (<usize>c << 2))); }
}

/** acc (compact s × width, f64) += S · A (compact n × width, f64). */
export function sketchScatter64(n: i32, nnz: i32, width: i32, rows: usize, values: usize, a: usize, acc: usize): void {
  const rowBytes = <usize>width << 3;
  let p: usize = 0;
  for (let j = 0; j < n; j++) {
    const src = a + <usize>j * rowBytes;
    for (let t = 0; t < nnz; t++, p++) {
      scatterRow64(width, load<f64>(values + (p << 3)), src, acc + <usize>load<i32>(rows + (p << 2)) * rowBytes);
    }
  }
}

/** acc (compact s × width, f64) += S · A (compact n × width, f32, promoted). */
export function sketchScatter32(n: i32, nnz: i32, width: i32, rows: usize, values: usize, a: usize, acc: usize): void {
  const rowBytes = <usize>width << 3, srcBytes = <usize>width << 2;
  let p: usize = 0;
  for (let j = 0; j < n; j++) {
    const src = a + <usize>j * srcBytes;
    for (let t = 0; t < nnz; t++, p++) {
      scatterRow32(width, load<f64>(values + (p << 3)), src, acc + <usize>load<i32>(rows + (p << 2)) * rowBytes);
    }
  }
}

// ---------------------------------------------------------------- Sᵀ·Y: out row j = Σ_t v · Y row r

/** out (compact n × width) = Sᵀ · Y (compact s × width), f64; `acc` holds width f64s of scratch. */
export function sketchGather64(n: i32, nnz: i32, width: i32, rows: usize, values: usize, y: usize, out: usize): void {
  const rowBytes = <usize>width << 3;
  let p: usize = 0;
  for (let j = 0; j < n; j++) {
    const o = out + <usize>j * rowBytes;
    memory.fill(o, 0, rowBytes);
    for (let t = 0; t < nnz; t++, p++) {
      scatterRow64(width, load<f64>(values + (p << 3)), y + <usize>load<i32>(rows + (p << 2)) * rowBytes, o);
    }
  }
}

/** out (compact n × width, f32) = Sᵀ · Y (compact s × width, f32), each sum in f64 in `acc` (width f64s), rounded once. */
export function sketchGather32(n: i32, nnz: i32, width: i32, rows: usize, values: usize, y: usize, out: usize, acc: usize): void {
  const srcBytes = <usize>width << 2, accBytes = <usize>width << 3;
  let p: usize = 0;
  for (let j = 0; j < n; j++) {
    memory.fill(acc, 0, accBytes);
    for (let t = 0; t < nnz; t++, p++) {
      scatterRow32(width, load<f64>(values + (p << 3)), y + <usize>load<i32>(rows + (p << 2)) * srcBytes, acc);
    }
    const o = out + <usize>j * srcBytes;
    let c = 0;
    for (; c + 1 < width; c += 2) v128.store64_lane(o + (<usize>c << 2), f32x4.demote_f64x2_zero(v128.load(acc + (<usize>c << 3))), 0);
    if (c < width) store<f32>(o + (<usize>c << 2), <f32>load<f64>(acc + (<usize>c << 3)));
  }
}
