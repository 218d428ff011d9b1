/** Types shared by the trainers: options, the result of one step, its diagnostics. */
import type { Matrix } from '../../core/matrix.js';

/** Options of every two-layer shifted-ReLU trainer. */
export interface TrainerOptions {
  /** Hidden width m, an integer in [2, min(2^24, 2^28/n)] (the leaves are n × m). Default 4096. */
  width?: number;
  /** Shift b of φ_b(z) = max(z − b, 0), finite. Default √(0.48 ln m). */
  threshold?: number;
  /** Step size η > 0. Default 1 for Gauss–Newton; 1/(batchSize·P(z ≥ b)) for SGD, which keeps η·λ_max(J_B J_Bᵀ) ≤ 1. */
  stepSize?: number;
  /** Seed of the output signs a_r and the initial weights W₀ (same W₀ for every trainer with this seed and d). Default 0. */
  seed?: number;
  /**
   * Where the sparse trainers compute the initial leaves ⟨w₀_r, x_i⟩ (O(m n d), most of building a
   * trainer): 'js' on this thread, 'cuda' on the GPU (a CudaUnavailableError where there is none),
   * 'auto' the GPU when cudaStatus() reports one. Default 'js'. The GPU sums in another order, so
   * its leaves can differ from the JS ones in the last bits.
   */
  backend?: 'auto' | 'js' | 'cuda';
  /**
   * Called while the trainer is built, after each block of initial weights W₀ (the O(m n d) part):
   * `done` of `total` = m neurons are ready. For a progress display; called synchronously.
   */
  onProgress?: (done: number, total: number) => void;
}

/** Options of the Gauss–Newton trainers. */
export interface GaussNewtonOptions extends TrainerOptions {
  /** How H g = r is solved: 'cholesky' (exact) or 'sketch' (Algorithm 5's sketch-preconditioned iteration). Default 'cholesky'. */
  solver?: 'cholesky' | 'sketch';
  /** Threshold search: 'tree' (maxtree, O(K log m) per query), 'scan' (cached leaves, O(m)), or 'auto' (the tree when P(z ≥ b)·(16 + log₂(m/16)) < 1: see docs/trainers.md). Default 'auto'. */
  index?: 'auto' | 'tree' | 'scan';
  /**
   * Storage of SparseGaussNewton's leaves, tree maxima and implicit weights C: 'float64', or 'float32'
   * (half the memory and memory traffic; every stored value rounded to float32, arithmetic in float64;
   * see docs/trainers.md for its accuracy against float64). DenseGaussNewton is always float64. Default 'float64'.
   */
  dtype?: 'float64' | 'float32';
  /**
   * Held-out inputs (t × d, never trained on) that `predictHeldOut()` evaluates. SparseGaussNewton computes
   * their inner products with W₀ while it builds (one more GEMM of t rows) so it never regenerates W₀;
   * DenseGaussNewton multiplies by W on request.
   */
  heldOut?: Matrix;
}

/** Options of the SGD trainers. */
export interface SgdOptions extends TrainerOptions {
  /** Minibatch size, an integer in [1, n]. Default min(n, 16). */
  batchSize?: number;
  /** Threshold search for KroneckerSGD: 'auto', 'tree' or 'scan', as for Gauss–Newton. Default 'auto'. */
  index?: 'auto' | 'tree' | 'scan';
}

/** Receives build progress: `done` of `total` = m neurons have their initial weights (and leaves). */
export type ProgressCallback = (done: number, total: number) => void;

/** Milliseconds spent in each phase of a step. */
export interface StepTimings {
  /** Threshold queries (or, dense, the m × n inner products). */
  query: number;
  /** Outputs f_i from the active sets. */
  forward: number;
  /** The Gauss–Newton Gram H (zero for SGD). */
  gram: number;
  /** Solving H g = r (zero for SGD). */
  solve: number;
  /** Writing the weight change (C, or W for the dense baselines). */
  update: number;
  /** Moving the touched leaves (zero for the dense baselines). */
  leaves: number;
  total: number;
}

/** Active neurons per input in this step, against the paper's prediction and the exact Gaussian tail at initialization. */
export interface ActiveStats {
  mean: number;
  min: number;
  max: number;
  /** The paper's m·e^{−b²/2}/(b√(2π)) (= m^0.76/(b√(2π)) at the default b): Mills' upper bound on the tail. */
  predicted: number;
  /** m·P(z ≥ b), z ~ N(0, 1): the exact expectation at initialization (unit inputs, w_r ~ N(0, I)). */
  expected: number;
}

/** The weight change of one step in implicit form: Δw_r = Σ_k coefficients[u·s + k] x_{inputs[k]} for r = neurons[u]. Fresh arrays. */
export interface ImplicitUpdate {
  neurons: Int32Array;
  inputs: Int32Array;
  coefficients: Float64Array;
}

/** What one step did. A refused step ('singular') leaves the weights as they were. */
export interface StepResult {
  /** Number of steps attempted so far, this one included. */
  step: number;
  status: 'stepped' | 'singular';
  /** Why the step was refused (status 'singular'). */
  message?: string;
  /** ½ Σ (f_i − y_i)² over the inputs of this step (all n for Gauss–Newton, the minibatch for SGD), before the step. */
  loss: number;
  /** f_i − y_i for the inputs of this step (all n, or the minibatch in `update.inputs` order), before the step: ∂loss/∂f. A fresh array. */
  residual: Float64Array;
  active: ActiveStats;
  /** Neurons whose weights changed. */
  touched: number;
  timings: StepTimings;
  /** Iterations of the iterative solver (0 for Cholesky). */
  solverIterations: number;
  /** The weight change (empty when refused). */
  update: ImplicitUpdate;
}
