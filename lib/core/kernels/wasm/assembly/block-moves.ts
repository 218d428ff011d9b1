// AssemblyScript source of the wasm backend's block-moves kernel (see ../block-moves.ts): the
// float64 leaf moves of the neuron-blocked layout (8 leaves per block line, n lines per block), each
// moved line's maximum written to its heap leaf. Maxima by f64x2.pmax in lineMax's pairing, so the
// same comparisons pick the same values as the js reference (pmax(y, x) = x > y ? x : y), branch-free.

/** max over the 8 f64 at `line` with lineMax's comparison tree: ((0,1),(2,3)), ((4,5),(6,7)), then the two. */
@inline
function lineMax8(line: usize): f64 {
  const l0 = v128.load(line), l1 = v128.load(line, 16), l2 = v128.load(line, 32), l3 = v128.load(line, 48);
  // (v0, v4) vs (v1, v5) and (v2, v6) vs (v3, v7): the first level of the tree, two pairs per instruction
  const ac = f64x2.pmax(i64x2.shuffle(l0, l2, 1, 3), i64x2.shuffle(l0, l2, 0, 2));
  const bd = f64x2.pmax(i64x2.shuffle(l1, l3, 1, 3), i64x2.shuffle(l1, l3, 0, 2));
  const top = f64x2.pmax(bd, ac); // (max(a, b), max(c, d))
  const x = f64x2.extract_lane(top, 0), y = f64x2.extract_lane(top, 1);
  return select<f64>(x, y, x > y);
}

/**
 * Moves the leaves of neurons[0 … count) (ascending; addresses are bytes): leaf (j, r) += moves[c·n + j]
 * for the c-th neuron r, block by block; with `heap` ≠ 0 each moved block's line maxima go to
 * nodes + (first + b + j·nodeStride)·8 (0 is a valid address, hence the flag). The moved blocks go to
 * dirty (i32, ascending); returns how many.
 */
export function blockMoves64(n: i32, count: i32, neurons: usize, moves: usize, values: usize, heap: i32, nodes: usize, nodeStride: i32, first: i32, dirty: usize): i32 {
  const lineBytes: usize = 64, blockBytes = <usize>n * lineBytes, rowBytes = <usize>n << 3, strideBytes = <usize>nodeStride << 3;
  let c = 0, moved = 0;
  while (c < count) {
    const b = load<i32>(neurons + (<usize>c << 2)) >> 3;
    let e = c + 1;
    while (e < count && load<i32>(neurons + (<usize>e << 2)) >> 3 == b) e++;
    const base = values + <usize>b * blockBytes;
    for (let q = c; q < e; q++) {
      const lane = <usize>(load<i32>(neurons + (<usize>q << 2)) & 7) << 3, src = moves + <usize>q * rowBytes;
      for (let j: usize = 0, at = base + lane; j < <usize>n; j++, at += lineBytes) store<f64>(at, load<f64>(at) + load<f64>(src + (j << 3)));
    }
    if (heap != 0) {
      let at = nodes + ((<usize>first + <usize>b) << 3);
      for (let j: usize = 0, line = base; j < <usize>n; j++, line += lineBytes, at += strideBytes) store<f64>(at, lineMax8(line));
    }
    store<i32>(dirty + (<usize>moved << 2), b);
    moved++;
    c = e;
  }
  return moved;
}

/**
 * Rebuilds the internal nodes of `count` f64 max-heaps of L leaves (heap h at nodes + h·strideBytes,
 * node k at byte 8k): level by level from the bottom, two parents per f64x2.pmax (pmax(c, a) = a > c ? a : c).
 */
export function heapSweep64(count: i32, L: i32, nodes: usize, strideBytes: usize): void {
  for (let h = 0; h < count; h++) {
    const o = nodes + <usize>h * strideBytes;
    for (let lo = L >> 1; lo >= 1; lo >>= 1) {
      // parents lo … 2lo − 1 from children 2lo … 4lo − 1
      let k = lo;
      for (; k + 1 < (lo << 1); k += 2) {
        const c01 = v128.load(o + (<usize>k << 4)), c23 = v128.load(o + (<usize>k << 4), 16);
        v128.store(o + (<usize>k << 3), f64x2.pmax(i64x2.shuffle(c01, c23, 1, 3), i64x2.shuffle(c01, c23, 0, 2)));
      }
      for (; k < (lo << 1); k++) {
        const a = load<f64>(o + (<usize>k << 4)), c = load<f64>(o + (<usize>k << 4), 8);
        store<f64>(o + (<usize>k << 3), select<f64>(a, c, a > c));
      }
    }
  }
}
