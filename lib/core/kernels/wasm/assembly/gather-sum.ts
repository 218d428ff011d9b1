// AssemblyScript source of the wasm backend's gather-sum kernel (see ../gather-sum.ts): each output
// row is the f64 sum of listed rows of Y in list order, from its first term, times the row's scale.
// f64x2 lanes add what the js reference adds entry by entry, in the same order: its bits.

/** out row c (c < count, rows ldo bytes apart) = scale[c] · Σ Y[rows[p]] over p in [start[c], start[c + 1]); rows of Y ldy bytes apart. */
export function gatherSum64(count: i32, width: i32, start: usize, rows: usize, y: usize, ldy: usize, scale: usize, out: usize, ldo: usize): void {
  const bytes = <usize>width << 3;
  for (let c = 0; c < count; c++) {
    const p0 = load<i32>(start + (<usize>c << 2)), p1 = load<i32>(start + (<usize>c << 2), 4), a = load<f64>(scale + (<usize>c << 3));
    const o = out + <usize>c * ldo;
    if (p1 <= p0) {
      const z = f64x2.splat(0 * a);
      let k: usize = 0;
      for (; k + 16 <= bytes; k += 16) v128.store(o + k, z);
      if (k < bytes) store<f64>(o + k, 0 * a);
      continue;
    }
    let p = p0;
    memory.copy(o, y + <usize>load<i32>(rows + (<usize>p << 2)) * ldy, bytes);
    p++;
    for (; p + 3 < p1; p += 4) {
      const at = rows + (<usize>p << 2);
      const g0 = y + <usize>load<i32>(at) * ldy, g1 = y + <usize>load<i32>(at, 4) * ldy;
      const g2 = y + <usize>load<i32>(at, 8) * ldy, g3 = y + <usize>load<i32>(at, 12) * ldy;
      let k: usize = 0;
      for (; k + 16 <= bytes; k += 16) {
        let s = f64x2.add(v128.load(o + k), v128.load(g0 + k));
        s = f64x2.add(s, v128.load(g1 + k));
        s = f64x2.add(s, v128.load(g2 + k));
        v128.store(o + k, f64x2.add(s, v128.load(g3 + k)));
      }
      if (k < bytes) store<f64>(o + k, load<f64>(o + k) + load<f64>(g0 + k) + load<f64>(g1 + k) + load<f64>(g2 + k) + load<f64>(g3 + k));
    }
    for (; p < p1; p++) {
      const g = y + <usize>load<i32>(rows + (<usize>p << 2)) * ldy;
      let k: usize = 0;
      for (; k + 16 <= bytes; k += 16) v128.store(o + k, f64x2.add(v128.load(o + k), v128.load(g + k)));
      if (k < bytes) store<f64>(o + k, load<f64>(o + k) + load<f64>(g + k));
    }
    if (a != 1) {
      const va = f64x2.splat(a);
      let k: usize = 0;
      for (; k + 16 <= bytes; k += 16) v128.store(o + k, f64x2.mul(v128.load(o + k), va));
      if (k < bytes) store<f64>(o + k, load<f64>(o + k) * a);
    }
  }
}
