import {
  addN,
  clipByValue,
  div,
  maximum,
  mul,
  type NamedTensorMap,
  type Scalar,
  scalar,
  sqrt,
  square,
  sum,
  type Tensor,
  tidy,
} from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';

/**
 * Clips every gradient element to `[min, max]`: `g ← min(max(g, min), max)`. Returns new
 * tensors in the same form (array or name map); the inputs are not disposed.
 *
 * @example
 * const { grads } = optimizer.computeGradients(lossFn);
 * optimizer.applyGradients(clipGradientsByValue(grads, -1, 1));
 */
export function clipGradientsByValue(grads: Tensor[], min: number, max: number): Tensor[];
export function clipGradientsByValue(
  grads: NamedTensorMap,
  min: number,
  max: number,
): NamedTensorMap;
export function clipGradientsByValue(
  grads: Tensor[] | NamedTensorMap,
  min: number,
  max: number,
): Tensor[] | NamedTensorMap {
  if (!(min <= max)) {
    throw new ConfigError({
      subject: 'clipGradientsByValue',
      expected: 'min ≤ max',
      received: `min ${min}, max ${max}`,
    });
  }
  return mapGradients(grads, (g) => clipByValue(g, min, max));
}

/**
 * Rescales all gradients together so that their global norm is at most `clipNorm`:
 * `globalNorm = sqrt(Σ‖g‖²)`, `g ← g · clipNorm / max(globalNorm, clipNorm)`, as Keras's
 * `global_clipnorm` and PyTorch's `clip_grad_norm_`. The direction of the update is kept.
 * Returns new tensors in the same form (array or name map) and the global norm before
 * clipping as a scalar tensor, so nothing is read back to the CPU; the caller disposes both.
 *
 * @example
 * const { grads, globalNorm } = clipGradientsByGlobalNorm(rawGrads, 1);
 * @see Pascanu et al. 2013, "On the difficulty of training recurrent neural networks",
 *   https://arxiv.org/abs/1211.5063
 */
export function clipGradientsByGlobalNorm(
  grads: Tensor[],
  clipNorm: number,
): { grads: Tensor[]; globalNorm: Scalar };
export function clipGradientsByGlobalNorm(
  grads: NamedTensorMap,
  clipNorm: number,
): { grads: NamedTensorMap; globalNorm: Scalar };
export function clipGradientsByGlobalNorm(
  grads: Tensor[] | NamedTensorMap,
  clipNorm: number,
): { grads: Tensor[] | NamedTensorMap; globalNorm: Scalar } {
  if (!(clipNorm > 0)) {
    throw new ConfigError({
      subject: 'clipGradientsByGlobalNorm',
      expected: 'clipNorm > 0',
      received: String(clipNorm),
    });
  }
  const tensors = Array.isArray(grads) ? grads : Object.values(grads);
  const globalNorm = tidy(() =>
    tensors.length === 0 ? scalar(0) : sqrt(addN(tensors.map((g) => sum(square(g))))),
  ) as Scalar;
  const scale = tidy(() => div(clipNorm, maximum(globalNorm, clipNorm)));
  const clipped = mapGradients(grads, (g) => mul(g, scale));
  scale.dispose();
  return { grads: clipped, globalNorm };
}

function mapGradients(
  grads: Tensor[] | NamedTensorMap,
  f: (g: Tensor) => Tensor,
): Tensor[] | NamedTensorMap {
  if (Array.isArray(grads)) return grads.map((g) => f(g));
  const out: NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) out[name] = f(g);
  return out;
}
