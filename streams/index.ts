/**
 * `sublinear/streams`: gradients as RxJS streams. A gradient event (step, loss, gradient, the trainer's
 * diagnostics) flows from a source (a trainer, any gradient function, a training loop, a tfjs model)
 * through pipeable operators (an optimizer transform, clipping, an EMA, sketching, an offloaded step,
 * metrics).
 * @packageDocumentation
 * @module sublinear/streams
 */
export type { GradientEvent, Vector } from './event.js';
export { copyVector, vectorNorm } from './event.js';
export { clipByNorm } from './clip-by-norm.js';
export { emaGradient } from './ema-gradient.js';
export { failOnNonFinite, NonFiniteError } from './fail-on-non-finite.js';
export type { StepMetrics } from './metrics.js';
export { metrics } from './metrics.js';
export { applyTransform } from './apply-transform.js';
export type { ProgressTarget } from './progress-bar.js';
export { progressBar } from './progress-bar.js';
export type { PoolWork } from './offload-to-pool.js';
export { offloadToPool } from './offload-to-pool.js';
export type { Steppable, TrainerEvent } from './from-trainer.js';
export { fromTrainer, TrainerStepError } from './from-trainer.js';
export { sketchGradient } from './sketch-gradient.js';
export type { LossAndGradient, TrainingLoopOptions } from './training-loop.js';
export { trainingLoop } from './training-loop.js';
export type { FromTfjsModelOptions, TfjsGradientEvent, TfjsLike, TfjsSlot, TfjsTensorLike, TfjsVariableLike } from './from-tfjs-model.js';
export { fromTfjsModel } from './from-tfjs-model.js';
export type { PowerSgdEvent, PowerSgdMatrix, PowerSgdOptions } from './power-sgd.js';
export { powerSgd } from './power-sgd.js';
