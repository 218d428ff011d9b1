import { allocate, checkInteger, checkOneOf, checkOptions, DTYPES, invalidRange, invalidType, Rng, type Dtype, type FloatArray, type Matrix } from '../../core/index.js';
import { gemmBlocked, transposeInto } from './dense-kernels.js';
import { checkBatch, checkParams, checkTargets } from './mlp-checks.js';
import { sigmoidCrossEntropy } from './sigmoid-cross-entropy.js';

/** Options of {@link Mlp}. */
export interface MlpOptions {
  /** Layer widths, input first, output last: at least two positive integers. */
  sizes: readonly number[];
  /** Storage of parameters and gradients. Default 'float64'. */
  dtype?: Dtype;
}

/** Where one dense layer lives in the flat parameter vector: weights (inputs × outputs, row-major), then bias. */
export interface LayerLayout {
  readonly inputs: number;
  readonly outputs: number;
  readonly weightOffset: number;
  readonly biasOffset: number;
}

/** Views of one layer on a flat parameter (or gradient) vector. */
export interface LayerView {
  readonly weights: Matrix;
  readonly bias: FloatArray;
}

/** Activations kept from the forward pass for the backward pass, per batch size. */
interface Workspace {
  batch: number;
  /** pre[l]: batch × outputs of layer l (logits for the last layer, tanh outputs for the others). */
  outs: Float64Array[];
  delta: Float64Array;
  back: Float64Array;
  transposed: Float64Array;
  scratch: Float64Array;
}

/**
 * A multilayer perceptron on typed arrays: dense layers, tanh between them, and a sigmoid output
 * trained with sigmoid cross-entropy (the autoencoder of the SONew paper). The parameters are ONE flat
 * vector (Float64Array or Float32Array) that the caller owns, so any optimizer over flat vectors
 * applies; {@link Mlp.layers} gives views per layer. Layer l computes Z = A·W + b with W stored
 * inputs × outputs. The loss is the per-example sum over outputs, averaged over the batch.
 *
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { Mlp } from 'sublinear/nn';
 * const net = new Mlp({ sizes: [2, 3, 2] });
 * const params = net.initParams(1);
 * const X = matrix([[0, 1], [1, 0]]);
 * const { loss, grad } = net.lossAndGradient(params, X, X);
 * console.log(net.parameterCount, loss > 0, grad.length); // 17 true 17
 * ```
 */
export class Mlp {
  readonly sizes: readonly number[];
  readonly dtype: Dtype;
  readonly layout: readonly LayerLayout[];
  readonly parameterCount: number;
  private work: Workspace | undefined;

  /**
   * @param options - `sizes` (input, hidden…, output widths) and `dtype`.
   * @throws {TypeError} options or sizes of the wrong kind. @throws {RangeError} fewer than two sizes, a size that is not a positive integer, an unknown dtype.
   */
  constructor(options: MlpOptions) {
    const o = checkOptions('Mlp', 'options', options);
    if (!Array.isArray(o.sizes)) throw invalidType('Mlp', 'options.sizes', 'an array of layer widths', o.sizes);
    if (o.sizes.length < 2) throw invalidRange('Mlp', 'options.sizes.length', 'at least 2', o.sizes.length);
    o.sizes.forEach((s, i) => checkInteger('Mlp', `options.sizes[${i}]`, s, 1));
    this.dtype = o.dtype === undefined ? 'float64' : checkOneOf('Mlp', 'options.dtype', o.dtype, DTYPES);
    this.sizes = Object.freeze([...o.sizes]);
    const layout: LayerLayout[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const inputs = this.sizes[l], outputs = this.sizes[l + 1];
      layout.push({ inputs, outputs, weightOffset: offset, biasOffset: offset + inputs * outputs });
      offset += inputs * outputs + outputs;
    }
    this.layout = Object.freeze(layout);
    this.parameterCount = offset;
  }

  /**
   * Fresh parameters: Glorot-uniform weights U(±√(6 / (inputs + outputs))) from a seeded stream, zero biases.
   * @param seed - a safe integer ≥ 0. Default 0.
   * @returns a new flat vector of length parameterCount in this net's dtype.
   * @throws {RangeError} a seed that is not a safe integer ≥ 0.
   * @example
   * ```ts
   * import { Mlp } from 'sublinear/nn';
   * console.log(new Mlp({ sizes: [784, 16, 784], dtype: 'float32' }).initParams(3).length); // 25888
   * ```
   */
  initParams(seed = 0): FloatArray {
    checkInteger('Mlp.initParams', 'seed', seed);
    const rng = new Rng(seed), params = allocate(this.parameterCount, this.dtype);
    for (const { inputs, outputs, weightOffset } of this.layout) {
      const limit = Math.sqrt(6 / (inputs + outputs));
      for (let i = 0; i < inputs * outputs; i++) params[weightOffset + i] = limit * (2 * rng.uniform() - 1);
    }
    return params;
  }

  /**
   * Views of each layer's weights (inputs × outputs) and bias on a flat vector: writes go through.
   * @param params - a parameter or gradient vector of this net.
   * @returns one `{ weights, bias }` per layer.
   * @throws {TypeError} not a float array of this dtype. @throws {RangeError} the wrong length.
   * @example
   * ```ts
   * import { Mlp } from 'sublinear/nn';
   * const net = new Mlp({ sizes: [4, 2] });
   * const [layer] = net.layers(net.initParams());
   * console.log(layer.weights.rows, layer.weights.cols, layer.bias.length); // 4 2 2
   * ```
   */
  layers(params: FloatArray): LayerView[] {
    checkParams(this, 'Mlp.layers', 'params', params);
    return this.layout.map(({ inputs, outputs, weightOffset, biasOffset }) => ({
      weights: { rows: inputs, cols: outputs, data: params.subarray(weightOffset, weightOffset + inputs * outputs) },
      bias: params.subarray(biasOffset, biasOffset + outputs),
    }));
  }

  /**
   * The sigmoid outputs for a batch.
   * @param params - this net's parameters.
   * @param X - batch × sizes[0], finite.
   * @returns a new batch × outputs float64 matrix of probabilities in [0, 1].
   * @throws {TypeError} params or X of the wrong kind. @throws {RangeError} wrong shapes or non-finite values.
   * @example
   * ```ts
   * import { matrix } from 'sublinear/core';
   * import { Mlp } from 'sublinear/nn';
   * const net = new Mlp({ sizes: [2, 1] });
   * console.log(net.forward(net.initParams(), matrix([[0, 0]])).data); // Float64Array [0.5]
   * ```
   */
  forward(params: FloatArray, X: Matrix): Matrix {
    checkBatch(this, 'Mlp.forward', params, X);
    const w = this.run(params, X);
    const logits = w.outs[w.outs.length - 1], out = new Float64Array(logits.length);
    for (let i = 0; i < out.length; i++) { const z = logits[i]; out[i] = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }
    return { rows: X.rows, cols: this.sizes[this.sizes.length - 1], data: out };
  }

  /**
   * Named views of each layer's tensors on a flat vector (`layer0.weights`, `layer0.bias`, …), for
   * optimizers that work tensor by tensor (SONew grafts per tensor). Writes go through.
   * @param params - a parameter or gradient vector of this net.
   * @returns a record of subarray views, in layer order.
   * @throws {TypeError} not a float array of this dtype. @throws {RangeError} the wrong length.
   * @example
   * ```ts
   * import { Mlp } from 'sublinear/nn';
   * const net = new Mlp({ sizes: [3, 2] });
   * console.log(Object.keys(net.tensors(net.initParams()))); // [ 'layer0.weights', 'layer0.bias' ]
   * ```
   */
  tensors(params: FloatArray): Record<string, FloatArray> {
    const out: Record<string, FloatArray> = {};
    this.layers(params).forEach(({ weights, bias }, l) => {
      out[`layer${l}.weights`] = weights.data;
      out[`layer${l}.bias`] = bias;
    });
    return out;
  }

  /**
   * The loss of {@link Mlp.lossAndGradient} without the gradient (a forward pass only): the mean over
   * the rows of X of the summed sigmoid cross-entropy.
   * @param params - this net's parameters.
   * @param X - rows × sizes[0], finite.
   * @param Y - targets, rows × outputs, in [0, 1].
   * @returns the mean loss.
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} wrong shapes, non-finite values, targets outside [0, 1].
   * @example
   * ```ts
   * import { matrix } from 'sublinear/core';
   * import { Mlp } from 'sublinear/nn';
   * const net = new Mlp({ sizes: [1, 1] });
   * console.log(net.loss(net.initParams(), matrix([[0]]), matrix([[0.5]]))); // log 2 ≈ 0.693
   * ```
   */
  loss(params: FloatArray, X: Matrix, Y: Matrix): number {
    checkBatch(this, 'Mlp.loss', params, X);
    checkTargets(this, 'Mlp.loss', X, Y);
    const w = this.run(params, X);
    return sigmoidCrossEntropy(w.outs[this.layout.length - 1], Y.data, w.delta, 1 / X.rows);
  }

  /**
   * The mean over the batch of Σ_outputs [max(z, 0) − z·y + log(1 + e^−|z|)] (sigmoid cross-entropy
   * on logits z, stable for every z), and its gradient with respect to the flat parameters.
   * @param params - this net's parameters.
   * @param X - batch × sizes[0], finite.
   * @param Y - targets, batch × outputs, entries in [0, 1].
   * @param grad - optional output vector (this dtype, parameterCount long); a new one otherwise.
   * @returns `{ loss, grad }`.
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} wrong shapes, non-finite values, targets outside [0, 1].
   * @example
   * ```ts
   * import { matrix } from 'sublinear/core';
   * import { Mlp } from 'sublinear/nn';
   * const net = new Mlp({ sizes: [2, 1] });
   * console.log(net.lossAndGradient(net.initParams(), matrix([[0, 0]]), matrix([[1]])).loss); // log 2 ≈ 0.693
   * ```
   */
  lossAndGradient(params: FloatArray, X: Matrix, Y: Matrix, grad?: FloatArray): { loss: number; grad: FloatArray } {
    checkBatch(this, 'Mlp.lossAndGradient', params, X);
    checkTargets(this, 'Mlp.lossAndGradient', X, Y);
    if (grad !== undefined) checkParams(this, 'Mlp.lossAndGradient', 'grad', grad);
    const g = grad ?? allocate(this.parameterCount, this.dtype);
    const w = this.run(params, X);
    const batch = X.rows, last = this.layout.length - 1;
    const loss = sigmoidCrossEntropy(w.outs[last], Y.data, w.delta, 1 / batch);
    for (let l = last; l >= 0; l--) {
      const { inputs, outputs, weightOffset, biasOffset } = this.layout[l];
      const input = l === 0 ? X.data : w.outs[l - 1];
      transposeInto(batch, inputs, input, w.transposed);
      gemmBlocked(inputs, outputs, batch, w.transposed, w.delta, g.subarray(weightOffset, weightOffset + inputs * outputs), false, w.scratch);
      for (let j = 0; j < outputs; j++) {
        let s = 0;
        for (let r = 0; r < batch; r++) s += w.delta[r * outputs + j];
        g[biasOffset + j] = s;
      }
      if (l === 0) break;
      transposeInto(inputs, outputs, params.subarray(weightOffset, weightOffset + inputs * outputs), w.transposed);
      gemmBlocked(batch, inputs, outputs, w.delta, w.transposed, w.back, false, w.scratch);
      const a = w.outs[l - 1];
      for (let i = 0; i < batch * inputs; i++) w.delta[i] = w.back[i] * (1 - a[i] * a[i]);
    }
    return { loss, grad: g };
  }

  /** The forward pass into the workspace: tanh outputs of hidden layers, logits of the last. */
  private run(params: FloatArray, X: Matrix): Workspace {
    const w = this.workspace(X.rows);
    const last = this.layout.length - 1;
    for (let l = 0; l <= last; l++) {
      const { inputs, outputs, weightOffset, biasOffset } = this.layout[l];
      const input = l === 0 ? X.data : w.outs[l - 1], out = w.outs[l];
      gemmBlocked(X.rows, outputs, inputs, input, params.subarray(weightOffset, weightOffset + inputs * outputs), out, false, w.scratch);
      for (let r = 0; r < X.rows; r++) {
        const o = r * outputs;
        if (l === last) for (let j = 0; j < outputs; j++) out[o + j] += params[biasOffset + j];
        else for (let j = 0; j < outputs; j++) out[o + j] = Math.tanh(out[o + j] + params[biasOffset + j]);
      }
    }
    return w;
  }

  private workspace(batch: number): Workspace {
    if (this.work?.batch === batch) return this.work;
    const widest = Math.max(...this.sizes), largestLayer = Math.max(...this.layout.map((l) => l.inputs * l.outputs));
    this.work = {
      batch,
      outs: this.layout.map((l) => new Float64Array(batch * l.outputs)),
      delta: new Float64Array(batch * widest),
      back: new Float64Array(batch * widest),
      transposed: new Float64Array(Math.max(batch * widest, largestLayer)),
      scratch: new Float64Array(2 * Math.max(widest, batch)),
    };
    return this.work;
  }
}
