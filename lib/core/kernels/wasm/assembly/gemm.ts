// AssemblyScript source of the wasm backend's GEMM (compiled by `npm run build:wasm`; not TypeScript
// for tsc, so this folder is excluded from tsconfig.json).
//
// C (m × n, row stride ldc) (+)= A · B with A(i, p) at a[i·sai + p·sap] and B(p, j) at b[p·sbp + j·sbj]:
// the strides express NN, NT and TN alike. Pointers are byte addresses in this module's memory,
// strides are in elements. Blocking as in GotoBLAS/XNNPACK: for each block of NC columns and KC
// steps of k, B is packed into panels of NR columns (zero-padded), then a register-blocked
// micro-kernel holds an MR × NR tile of C in v128 registers across the k loop; remainder rows use a
// one-row kernel, a partial last panel goes through a scratch tile.
//
// Every entry of C is one running sum over p = 0 … k−1 in order, started from C (accumulate) or
// from 0, each step s ← s + a·b rounded in the storage precision (mul then add: no FMA). So every
// path here, and any split of the work, gives the same bits.

const MR: i32 = 4;
const KC: i32 = 256;
const NR32: i32 = 8;
const NC32: i32 = 256;
const NR64: i32 = 4;
const NC64: i32 = 128;

// ---------------------------------------------------------------- float32: 4 × 8 tile, f32x4

@inline
function tile32(kc: i32, a: usize, sai: usize, sap: usize, bp: usize, c: usize, ldc: usize, load: bool): void {
  const a1 = a + sai, a2 = a1 + sai, a3 = a2 + sai;
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = f32x4.splat(0), x01 = f32x4.splat(0), x10 = f32x4.splat(0), x11 = f32x4.splat(0);
  let x20 = f32x4.splat(0), x21 = f32x4.splat(0), x30 = f32x4.splat(0), x31 = f32x4.splat(0);
  if (load) {
    x00 = v128.load(c); x01 = v128.load(c, 16); x10 = v128.load(c1); x11 = v128.load(c1, 16);
    x20 = v128.load(c2); x21 = v128.load(c2, 16); x30 = v128.load(c3); x31 = v128.load(c3, 16);
  }
  let o: usize = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let s = v128.load32_splat(a + o);
    x00 = f32x4.add(x00, f32x4.mul(s, b0)); x01 = f32x4.add(x01, f32x4.mul(s, b1));
    s = v128.load32_splat(a1 + o);
    x10 = f32x4.add(x10, f32x4.mul(s, b0)); x11 = f32x4.add(x11, f32x4.mul(s, b1));
    s = v128.load32_splat(a2 + o);
    x20 = f32x4.add(x20, f32x4.mul(s, b0)); x21 = f32x4.add(x21, f32x4.mul(s, b1));
    s = v128.load32_splat(a3 + o);
    x30 = f32x4.add(x30, f32x4.mul(s, b0)); x31 = f32x4.add(x31, f32x4.mul(s, b1));
    o += sap; bp += 32;
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

@inline
function row32(kc: i32, a: usize, sap: usize, bp: usize, c: usize, load: bool): void {
  let x0 = f32x4.splat(0), x1 = f32x4.splat(0);
  if (load) { x0 = v128.load(c); x1 = v128.load(c, 16); }
  for (let p = 0; p < kc; p++) {
    const s = v128.load32_splat(a);
    x0 = f32x4.add(x0, f32x4.mul(s, v128.load(bp))); x1 = f32x4.add(x1, f32x4.mul(s, v128.load(bp, 16)));
    a += sap; bp += 32;
  }
  v128.store(c, x0); v128.store(c, x1, 16);
}

// ---------------------------------------------------------------- float64: 4 × 4 tile, f64x2

@inline
function tile64(kc: i32, a: usize, sai: usize, sap: usize, bp: usize, c: usize, ldc: usize, load: bool): void {
  const a1 = a + sai, a2 = a1 + sai, a3 = a2 + sai;
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = f64x2.splat(0), x01 = f64x2.splat(0), x10 = f64x2.splat(0), x11 = f64x2.splat(0);
  let x20 = f64x2.splat(0), x21 = f64x2.splat(0), x30 = f64x2.splat(0), x31 = f64x2.splat(0);
  if (load) {
    x00 = v128.load(c); x01 = v128.load(c, 16); x10 = v128.load(c1); x11 = v128.load(c1, 16);
    x20 = v128.load(c2); x21 = v128.load(c2, 16); x30 = v128.load(c3); x31 = v128.load(c3, 16);
  }
  let o: usize = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let s = v128.load64_splat(a + o);
    x00 = f64x2.add(x00, f64x2.mul(s, b0)); x01 = f64x2.add(x01, f64x2.mul(s, b1));
    s = v128.load64_splat(a1 + o);
    x10 = f64x2.add(x10, f64x2.mul(s, b0)); x11 = f64x2.add(x11, f64x2.mul(s, b1));
    s = v128.load64_splat(a2 + o);
    x20 = f64x2.add(x20, f64x2.mul(s, b0)); x21 = f64x2.add(x21, f64x2.mul(s, b1));
    s = v128.load64_splat(a3 + o);
    x30 = f64x2.add(x30, f64x2.mul(s, b0)); x31 = f64x2.add(x31, f64x2.mul(s, b1));
    o += sap; bp += 32;
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

@inline
function row64(kc: i32, a: usize, sap: usize, bp: usize, c: usize, load: bool): void {
  let x0 = f64x2.splat(0), x1 = f64x2.splat(0);
  if (load) { x0 = v128.load(c); x1 = v128.load(c, 16); }
  for (let p = 0; p < kc; p++) {
    const s = v128.load64_splat(a);
    x0 = f64x2.add(x0, f64x2.mul(s, v128.load(bp))); x1 = f64x2.add(x1, f64x2.mul(s, v128.load(bp, 16)));
    a += sap; bp += 32;
  }
  v128.store(c, x0); v128.store(c, x1, 16);
}

// ---------------------------------------------------------------- the driver, generic in T

/** Packs B(p0 + p, j0 + jj) for p < kc, jj < nc into panels of NR columns, zeros past nc. */
@inline
function packB<T>(kc: i32, nc: i32, b: usize, sbp: i32, sbj: i32, p0: i32, j0: i32, dst: usize): void {
  const NR: i32 = sizeof<T>() == 4 ? NR32 : NR64;
  const size = <usize>sizeof<T>();
  for (let jp = 0; jp < nc; jp += NR) {
    const panel = dst + <usize>(jp * kc) * size;
    const cols = min(NR, nc - jp);
    for (let jj = 0; jj < NR; jj++) {
      let out = panel + <usize>jj * size;
      if (jj < cols) {
        let src = b + (<usize>(p0 * sbp) + <usize>((j0 + jp + jj) * sbj)) * size;
        const step = <usize>sbp * size;
        for (let p = 0; p < kc; p++) { store<T>(out, load<T>(src)); src += step; out += <usize>NR * size; }
      } else {
        for (let p = 0; p < kc; p++) { store<T>(out, <T>0); out += <usize>NR * size; }
      }
    }
  }
}

@inline
function tile<T>(kc: i32, a: usize, sai: usize, sap: usize, bp: usize, c: usize, ldc: usize, load: bool): void {
  if (sizeof<T>() == 4) tile32(kc, a, sai, sap, bp, c, ldc, load);
  else tile64(kc, a, sai, sap, bp, c, ldc, load);
}

@inline
function row<T>(kc: i32, a: usize, sap: usize, bp: usize, c: usize, load: bool): void {
  if (sizeof<T>() == 4) row32(kc, a, sap, bp, c, load);
  else row64(kc, a, sap, bp, c, load);
}

/** One row of a partial panel (cols < NR) through the scratch row. */
@inline
function rowPartial<T>(kc: i32, a: usize, sap: usize, bp: usize, c: usize, cols: i32, fromC: bool, scratch: usize): void {
  const size = <usize>sizeof<T>();
  if (fromC) for (let j = 0; j < cols; j++) store<T>(scratch + <usize>j * size, load<T>(c + <usize>j * size));
  row<T>(kc, a, sap, bp, scratch, fromC);
  for (let j = 0; j < cols; j++) store<T>(c + <usize>j * size, load<T>(scratch + <usize>j * size));
}

function gemm<T>(
  m: i32, n: i32, k: i32, a: usize, sai: i32, sap: i32, b: usize, sbp: i32, sbj: i32,
  c: usize, ldc: i32, accumulate: bool, pack: usize,
): void {
  const NR: i32 = sizeof<T>() == 4 ? NR32 : NR64;
  const NC: i32 = sizeof<T>() == 4 ? NC32 : NC64;
  const size = <usize>sizeof<T>();
  const scratch = pack + <usize>(KC * (NC + NR)) * size;
  const saiB = <usize>sai * size, sapB = <usize>sap * size, ldcB = <usize>ldc * size;
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcB, 0, <usize>n * size);
    return;
  }
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      packB<T>(kc, nc, b, sbp, sbj, p0, j0, pack);
      const load = accumulate || p0 > 0;
      for (let i0 = 0; i0 < m; i0 += MR) {
        const rows = min(MR, m - i0);
        const ai = a + (<usize>i0 * <usize>sai + <usize>p0 * <usize>sap) * size;
        for (let jp = 0; jp < nc; jp += NR) {
          const bp = pack + <usize>(jp * kc) * size;
          const cols = min(NR, nc - jp);
          const ci = c + <usize>i0 * ldcB + <usize>(j0 + jp) * size;
          if (cols == NR) {
            if (rows == MR) tile<T>(kc, ai, saiB, sapB, bp, ci, ldcB, load);
            else for (let r = 0; r < rows; r++) row<T>(kc, ai + <usize>r * saiB, sapB, bp, ci + <usize>r * ldcB, load);
          } else {
            for (let r = 0; r < rows; r++) rowPartial<T>(kc, ai + <usize>r * saiB, sapB, bp, ci + <usize>r * ldcB, cols, load, scratch);
          }
        }
      }
    }
  }
}

/** Bytes of packing scratch that gemm32/gemm64 need at `pack`. */
export function gemmScratchBytes(dtypeBytes: i32): i32 {
  return dtypeBytes == 4 ? KC * (NC32 + NR32) * 4 + NR32 * 4 : KC * (NC64 + NR64) * 8 + NR64 * 8;
}

export function gemm32(m: i32, n: i32, k: i32, a: usize, sai: i32, sap: i32, b: usize, sbp: i32, sbj: i32, c: usize, ldc: i32, accumulate: i32, pack: usize): void {
  gemm<f32>(m, n, k, a, sai, sap, b, sbp, sbj, c, ldc, accumulate != 0, pack);
}

export function gemm64(m: i32, n: i32, k: i32, a: usize, sai: i32, sap: i32, b: usize, sbp: i32, sbj: i32, c: usize, ldc: i32, accumulate: i32, pack: usize): void {
  gemm<f64>(m, n, k, a, sai, sap, b, sbp, sbj, c, ldc, accumulate != 0, pack);
}
