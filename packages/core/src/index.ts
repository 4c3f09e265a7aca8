/**
 * `@strata/core`: the tfjs-core API (tensors, ops, `tidy`, variables, gradients, optimizers),
 * run-time swappable backends, seeded randomness, initializers, optimizers and errors. Other
 * Strata packages import tfjs only through here.
 */

// The whole tfjs-core API, so that downstream code imports from '@strata/core' only.
export * from '@tensorflow/tfjs-core';

export {
  BACKEND_NAMES,
  type BackendInfo,
  type BackendName,
  type BestBackend,
  type UseBackendOptions,
  useBackend,
  useBestBackend,
} from './backends.js';
export {
  BackendUnavailableError,
  ConfigError,
  type ErrorParts,
  formatError,
  formatShape,
  SerializationError,
  ShapeError,
  StrataError,
} from './errors.js';
export * as initializers from './initializers/index.js';
export {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from './initializers/index.js';
export {
  type KernelGap,
  kernelGaps,
  registerKernelGaps,
  suspendKernelGaps,
} from './kernels/index.js';
/**
 * Direct calls into the wasm backend on heap buffers (no engine, no tensors), for fused
 * kernels that run many small steps: see `kernels/wasm/heap.ts`. Only while 'wasm' is active.
 */
export * as wasmHeap from './kernels/wasm/heap.js';
export { fastMatMul } from './ops/fast-mat-mul.js';
export {
  AdamW,
  type AdamWOptions,
  type CosineDecayOptions,
  clipGradientsByGlobalNorm,
  clipGradientsByValue,
  cosineDecay,
  type ExponentialDecayOptions,
  exponentialDecay,
  type LearningRateSchedule,
  type NamedTensor,
  type StepDecayOptions,
  scheduleFromConfig,
  stepDecay,
} from './optimizers/index.js';
export { globalRandom, RandomStream, randomStream, seed } from './random.js';
