// AssemblyScript source of the wasm backend's fast Walsh–Hadamard transform (see ../fwht.ts).
//
// `count` consecutive blocks, each n × width row-major and compact (rows `width` entries apart),
// every column of a block transformed by the unnormalized Hadamard matrix H in place. Butterflies
// run over the contiguous span of h rows at once (f64x2 / f32x4 lanes across columns and rows),
// two stages per sweep (radix 4) where possible, the low stages block by block while a block of
// rows is in cache. Every stage is rounded to the storage precision (f64x2 / f32x4 add and sub), so
// the results are the bits of radix-2 stages: the js reference's, on either dtype. Single columns
// (width 1) run their first two stages inside registers, with lane shuffles.

const BLOCK_BYTES: i32 = 1 << 18;

// ---------------------------------------------------------------- one body for both storages
// T = f64 (f64x2 lanes) or f32 (f32x4 lanes), known at compile time: the `sizeof<T>()` tests fold away.
// Each lane's operation is the storage's own add or sub, as the scalar tails' T arithmetic is.

@inline
function vadd<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.add(a, b) : f64x2.add(a, b); }

@inline
function vsub<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.sub(a, b) : f64x2.sub(a, b); }

@inline
function radix4<T>(a: usize, span: usize): void {
  const x0 = v128.load(a), x1 = v128.load(a + span), x2 = v128.load(a + 2 * span), x3 = v128.load(a + 3 * span);
  const s01 = vadd<T>(x0, x1), d01 = vsub<T>(x0, x1), s23 = vadd<T>(x2, x3), d23 = vsub<T>(x2, x3);
  v128.store(a, vadd<T>(s01, s23));
  v128.store(a + span, vadd<T>(d01, d23));
  v128.store(a + 2 * span, vsub<T>(s01, s23));
  v128.store(a + 3 * span, vsub<T>(d01, d23));
}

function stages<T>(base: usize, rows: i32, width: i32, from: i32, to: i32): void {
  const size = <usize>sizeof<T>();
  let h = from;
  for (; h * 4 <= to; h *= 4) {
    const span = <usize>(h * width) * size;
    for (let i = 0; i < rows; i += 4 * h) {
      const top = base + <usize>(i * width) * size, end = top + span;
      let a = top;
      for (; a + 32 <= end; a += 32) { radix4<T>(a, span); radix4<T>(a + 16, span); }
      for (; a + 16 <= end; a += 16) radix4<T>(a, span);
      for (; a < end; a += size) {
        const x0 = load<T>(a), x1 = load<T>(a + span), x2 = load<T>(a + 2 * span), x3 = load<T>(a + 3 * span);
        const s01 = x0 + x1, d01 = x0 - x1, s23 = x2 + x3, d23 = x2 - x3;
        store<T>(a, s01 + s23); store<T>(a + span, d01 + d23);
        store<T>(a + 2 * span, s01 - s23); store<T>(a + 3 * span, d01 - d23);
      }
    }
  }
  if (h < to) {
    const span = <usize>(h * width) * size;
    for (let i = 0; i < rows; i += 2 * h) {
      const top = base + <usize>(i * width) * size, end = top + span;
      let a = top;
      for (; a + 16 <= end; a += 16) {
        const x = v128.load(a), y = v128.load(a + span);
        v128.store(a, vadd<T>(x, y)); v128.store(a + span, vsub<T>(x, y));
      }
      for (; a < end; a += size) {
        const x = load<T>(a), y = load<T>(a + span);
        store<T>(a, x + y); store<T>(a + span, x - y);
      }
    }
  }
}

function block<T>(base: usize, n: i32, width: i32): void {
  const size = <i32>sizeof<T>();
  if (width == 1 && n >= 4) {
    if (size == 4) low32(base, n); else low64(base, n);
    let block = 4;
    while (block < n && block * 2 * size <= BLOCK_BYTES) block *= 2;
    for (let s = 0; s < n; s += block) stages<T>(base + <usize>(s * size), block, 1, 4, block);
    stages<T>(base, n, 1, block, n);
    return;
  }
  let block = 1;
  while (block < n && block * 2 * width * size <= BLOCK_BYTES) block *= 2;
  for (let s = 0; s < n; s += block) stages<T>(base + <usize>(s * width * size), block, width, 1, block);
  stages<T>(base, n, width, block, n);
}

/** H applied down every column of `count` consecutive compact n × width blocks at `x`. */
function fwht<T>(n: i32, width: i32, count: i32, x: usize): void {
  if (n <= 1) return;
  const bytes = <usize>(n * width) * <usize>sizeof<T>();
  for (let c = 0; c < count; c++) block<T>(x + <usize>c * bytes, n, width);
}

export function fwht64(n: i32, width: i32, count: i32, x: usize): void { fwht<f64>(n, width, count, x); }
export function fwht32(n: i32, width: i32, count: i32, x: usize): void { fwht<f32>(n, width, count, x); }

// ---------------------------------------------------------------- single columns: the first two stages in registers

/** Stages h = 1 and 2 of a single column (n ≥ 4), four entries at a time in two registers. */
function low64(base: usize, n: i32): void {
  const end = base + (<usize>n << 3);
  for (let a = base; a < end; a += 32) {
    const v0 = v128.load(a), v1 = v128.load(a, 16);
    const even = i64x2.shuffle(v0, v1, 0, 2), odd = i64x2.shuffle(v0, v1, 1, 3); // (x0, x2), (x1, x3)
    const s = f64x2.add(even, odd), d = f64x2.sub(even, odd); // (s01, s23), (d01, d23)
    const p = i64x2.shuffle(s, d, 0, 2), q = i64x2.shuffle(s, d, 1, 3); // (s01, d01), (s23, d23)
    v128.store(a, f64x2.add(p, q)); v128.store(a, f64x2.sub(p, q), 16);
  }
}


/** Stages h = 1 and 2 of a single column (n ≥ 4), four entries in one register: t = a ± b lane-wise, then again. */
function low32(base: usize, n: i32): void {
  const end = base + (<usize>n << 2);
  const sign1 = f32x4(1, -1, 1, -1), sign2 = f32x4(1, 1, -1, -1);
  for (let a = base; a < end; a += 16) {
    const v = v128.load(a);
    // (x0, x0, x2, x2) + (x1, x1, x3, x3)·(1, −1, 1, −1) = (x0 + x1, x0 − x1, x2 + x3, x2 − x3): exact negation, one rounding
    const t = f32x4.add(i32x4.shuffle(v, v, 0, 0, 2, 2), f32x4.mul(i32x4.shuffle(v, v, 1, 1, 3, 3), sign1));
    v128.store(a, f32x4.add(i32x4.shuffle(t, t, 0, 1, 0, 1), f32x4.mul(i32x4.shuffle(t, t, 2, 3, 2, 3), sign2)));
  }
}
