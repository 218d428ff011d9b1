/**
 * The CUDA kernels shipped in lib/cuda/kernels/*.cu: each source file, the entry points its PTX
 * must hold, and each entry's parameter kinds (how cuLaunchKernel's argument block is packed).
 */

/** One kernel parameter: a device pointer, a 32- or 64-bit integer, a float32 or float64 scalar. */
export type ParamKind = 'ptr' | 'i32' | 'i64' | 'f32' | 'f64';

const ip: ParamKind[] = ['ptr', 'ptr', 'ptr', 'i32', 'i32', 'i32', 'i32'];
const blockMax: ParamKind[] = ['ptr', 'ptr', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64'];
const tree: ParamKind[] = ['ptr', 'i32', 'i32', 'i32'];
const count = (t: ParamKind): ParamKind[] => ['ptr', 'i32', 'i32', 'i64', 'i64', t, 'ptr'];
const compact = (t: ParamKind): ParamKind[] => ['ptr', 'i32', 'i32', 'i64', 'i64', t, 'ptr', 'ptr'];
const factor: ParamKind[] = ['ptr', 'i32', 'i32', 'f64', 'ptr', 'ptr', 'ptr'];
const upper: ParamKind[] = ['ptr', 'ptr', 'i32', 'i32', 'ptr', 'ptr'];
const lower: ParamKind[] = ['ptr', 'i32', 'i32', 'ptr', 'ptr'];
const mode: ParamKind[] = ['ptr', 'ptr', 'ptr', 'i64', 'i32', 'i32', 'i64'];

/** Source file (without .cu) → entry name → parameter kinds. */
export const KERNELS: Record<string, Record<string, ParamKind[]>> = {
  inner_product: { inner_product_f32: ip, inner_product_f64: ip, inner_product_f64_quad: ip },
  maxtree: { maxtree_rebuild_f32: tree, maxtree_rebuild_f64: tree, maxtree_block_max_f32: blockMax, maxtree_block_max_f64: blockMax },
  threshold: {
    threshold_count_f32: count('f32'), threshold_count_f64: count('f64'),
    threshold_compact_f32: compact('f32'), threshold_compact_f64: compact('f64'),
  },
  fwht: {
    fwht_shared_f32: ['ptr', 'i32'], fwht_shared_f64: ['ptr', 'i32'],
    fwht_global_f32: ['ptr', 'i64', 'i32', 'i32'], fwht_global_f64: ['ptr', 'i64', 'i32', 'i32'],
  },
  logdet: {
    logdet_factor_f32: factor, logdet_factor_f64: factor,
    logdet_apply_upper_f32: upper, logdet_apply_upper_f64: upper,
    logdet_apply_lower_f32: lower, logdet_apply_lower_f64: lower,
  },
  kron: { kron_mode_product_f32: mode, kron_mode_product_f64: mode },
  peak: { peak_fma_f32: ['ptr', 'i32', 'f32', 'f32'], peak_fma_f64: ['ptr', 'i32', 'f64', 'f64'] },
};

/** Largest band the logdet factor kernel handles (MAX_BAND in logdet.cu). */
export const MAX_GPU_BAND = 8;
