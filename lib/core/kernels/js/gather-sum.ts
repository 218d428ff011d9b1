/**
 * The js backend's gather-sum kernel (the reference; see GatherSumKernel): each output row is the
 * float64 sum of the listed rows of Y in list order, from its first term, times the row's scale.
 */
import type { GatherSumKernel } from '../types.js';

export const gatherSumJs: GatherSumKernel = (count, _s, width, start, offsetStart, rows, Y, offsetY, ldy, scale, offsetScale, out, offsetOut, ldo) => {
  for (let c = 0; c < count; c++) {
    const p0 = start[offsetStart + c], p1 = start[offsetStart + c + 1], o = offsetOut + c * ldo, a = scale[offsetScale + c];
    if (p1 <= p0) { for (let j = 0; j < width; j++) out[o + j] = 0 * a; continue; }
    let p = p0;
    const first = offsetY + rows[p++] * ldy;
    for (let j = 0; j < width; j++) out[o + j] = Y[first + j];
    // Four rows per pass, added left to right: the same sums, rounded the same, as one row at a time.
    for (; p + 3 < p1; p += 4) {
      const g0 = offsetY + rows[p] * ldy, g1 = offsetY + rows[p + 1] * ldy, g2 = offsetY + rows[p + 2] * ldy, g3 = offsetY + rows[p + 3] * ldy;
      for (let j = 0; j < width; j++) out[o + j] = out[o + j] + Y[g0 + j] + Y[g1 + j] + Y[g2 + j] + Y[g3 + j];
    }
    for (; p < p1; p++) { const g = offsetY + rows[p] * ldy; for (let j = 0; j < width; j++) out[o + j] += Y[g + j]; }
    if (a !== 1) for (let j = 0; j < width; j++) out[o + j] *= a;
  }
  return out;
};
