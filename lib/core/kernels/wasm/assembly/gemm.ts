// AssemblyScript source of the wasm backend's GEMM micro-kernels (compiled by `npm run build:wasm`;
// not TypeScript for tsc, so this folder is excluded from tsconfig.json). The loops over blocks are
// driven from JavaScript (../gemm.ts).
//
// C (m × n, row stride ldc) (+)= A · B with A(i, p) at a[i·sai + p·sap] and B(p, j) at b[p·sbp + j·sbj]:
// the strides express NN, NT and TN alike. Pointers are byte addresses in this module's memory,
// strides are in elements. Blocking as in GotoBLAS/XNNPACK: for each block of NC columns and KC
// steps of k, B is packed into panels of NR columns (zero-padded), then a register-blocked
// micro-kernel holds an MR × NR tile of C in v128 registers across the k loop (float64 reads the
// tile's MR rows of A from a copy packed once per row tile, as GotoBLAS packs A); remainder rows use a
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

// The same 4 × 4 tile on A packed for the tile (ap[p·4 + q] = A(i0 + q, p)): one pointer, immediate
// offsets, no per-row address arithmetic in the loop; the same operations in the same order.
@inline
function tile64p(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, load: bool): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = f64x2.splat(0), x01 = f64x2.splat(0), x10 = f64x2.splat(0), x11 = f64x2.splat(0);
  let x20 = f64x2.splat(0), x21 = f64x2.splat(0), x30 = f64x2.splat(0), x31 = f64x2.splat(0);
  if (load) {
    x00 = v128.load(c); x01 = v128.load(c, 16); x10 = v128.load(c1); x11 = v128.load(c1, 16);
    x20 = v128.load(c2); x21 = v128.load(c2, 16); x30 = v128.load(c3); x31 = v128.load(c3, 16);
  }
  const end = bp + (<usize>kc << 5);
  while (bp < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let s = v128.load64_splat(ap);
    x00 = f64x2.add(x00, f64x2.mul(s, b0)); x01 = f64x2.add(x01, f64x2.mul(s, b1));
    s = v128.load64_splat(ap, 8);
    x10 = f64x2.add(x10, f64x2.mul(s, b0)); x11 = f64x2.add(x11, f64x2.mul(s, b1));
    s = v128.load64_splat(ap, 16);
    x20 = f64x2.add(x20, f64x2.mul(s, b0)); x21 = f64x2.add(x21, f64x2.mul(s, b1));
    s = v128.load64_splat(ap, 24);
    x30 = f64x2.add(x30, f64x2.mul(s, b0)); x31 = f64x2.add(x31, f64x2.mul(s, b1));
    ap += 32; bp += 32;
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

/** Packs A(i0 + q, p) for q < 4, p < kc (a points at A(i0, p0)) into dst[p·4 + q]. */
@inline
function packA64(kc: i32, a: usize, saiB: usize, sapB: usize, dst: usize): void {
  const a1 = a + saiB, a2 = a1 + saiB, a3 = a2 + saiB;
  let o: usize = 0;
  for (let p = 0; p < kc; p++) {
    store<f64>(dst, load<f64>(a + o)); store<f64>(dst, load<f64>(a1 + o), 8);
    store<f64>(dst, load<f64>(a2 + o), 16); store<f64>(dst, load<f64>(a3 + o), 24);
    o += sapB; dst += 32;
  }
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

/**
 * Rows [0, rows) of C's column block: every MR × NR tile over the packed panels at `pack` (nc columns,
 * kc steps). `a` points at A(i0, p0), `c` at C(i0, j0).
 */
function sweep<T>(rows: i32, nc: i32, kc: i32, a: usize, sai: i32, sap: i32, pack: usize, c: usize, ldc: i32, load: bool, scratch: usize): void {
  const NR: i32 = sizeof<T>() == 4 ? NR32 : NR64;
  const size = <usize>sizeof<T>();
  const saiB = <usize>sai * size, sapB = <usize>sap * size, ldcB = <usize>ldc * size;
  const packedA = scratch + <usize>NR * size; // float64: the tile's rows of A, packed once for all panels
  for (let i0 = 0; i0 < rows; i0 += MR) {
    const r = min(MR, rows - i0);
    const ai = a + <usize>i0 * saiB;
    if (sizeof<T>() == 8 && r == MR) packA64(kc, ai, saiB, sapB, packedA);
    for (let jp = 0; jp < nc; jp += NR) {
      const bp = pack + <usize>(jp * kc) * size;
      const cols = min(NR, nc - jp);
      const ci = c + <usize>i0 * ldcB + <usize>jp * size;
      if (cols == NR) {
        if (r == MR) {
          if (sizeof<T>() == 8) tile64p(kc, packedA, bp, ci, ldcB, load);
          else tile<T>(kc, ai, saiB, sapB, bp, ci, ldcB, load);
        }
        else for (let q = 0; q < r; q++) row<T>(kc, ai + <usize>q * saiB, sapB, bp, ci + <usize>q * ldcB, load);
      } else {
        for (let q = 0; q < r; q++) rowPartial<T>(kc, ai + <usize>q * saiB, sapB, bp, ci + <usize>q * ldcB, cols, load, scratch);
      }
    }
  }
}

/**
 * The blocking the JavaScript driver (../gemm.ts) follows: for each block of NC columns, for each block
 * of KC steps of k, pack (packN) then sweep the rows (sweepN) in chunks. Separate calls let V8 switch
 * from its baseline code to optimized code between them, and cost nothing measurable.
 */
export function gemmBlockK(): i32 { return KC; }
export function gemmBlockN(dtypeBytes: i32): i32 { return dtypeBytes == 4 ? NC32 : NC64; }

/** Bytes of packing scratch (panels and one scratch row) that sweep32/sweep64 need. */
export function gemmScratchBytes(dtypeBytes: i32): i32 {
  return dtypeBytes == 4 ? KC * (NC32 + NR32) * 4 + NR32 * 4 : KC * (NC64 + NR64) * 8 + NR64 * 8 + KC * MR * 8;
}

/** Packs B(p, j) for p < kc, j < nc (b points at the block's first entry) into panels at dst. */
export function pack32(kc: i32, nc: i32, b: usize, sbp: i32, sbj: i32, dst: usize): void { packB<f32>(kc, nc, b, sbp, sbj, 0, 0, dst); }
export function pack64(kc: i32, nc: i32, b: usize, sbp: i32, sbj: i32, dst: usize): void { packB<f64>(kc, nc, b, sbp, sbj, 0, 0, dst); }

/** C(i, j) (+)= Σ_p A(i, p)·B(p, j) over the packed block, for i < rows, j < nc; load: start from C. */
export function sweep32(rows: i32, nc: i32, kc: i32, a: usize, sai: i32, sap: i32, pack: usize, c: usize, ldc: i32, load: i32): void {
  sweep<f32>(rows, nc, kc, a, sai, sap, pack, c, ldc, load != 0, pack + <usize>(KC * (NC32 + NR32)) * 4);
}
export function sweep64(rows: i32, nc: i32, kc: i32, a: usize, sai: i32, sap: i32, pack: usize, c: usize, ldc: i32, load: i32): void {
  sweep<f64>(rows, nc, kc, a, sai, sap, pack, c, ldc, load != 0, pack + <usize>(KC * (NC64 + NR64)) * 8);
}
