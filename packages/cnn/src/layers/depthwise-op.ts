import { fused, type Tensor, type Tensor4D } from '@strata/core';
import type { ActivationFunction } from '@strata/layers';
import type { Padding } from './conv-utils.js';

/**
 * `activation(depthwiseConv2d(x, filter) + bias)` for channels-last `x`, fused where tfjs can.
 * On wasm its gradient runs through `@strata/core`'s DepthwiseConv2dNativeBackpropFilter/Input
 * kernel gaps (tfjs-backend-wasm 4.22 has neither).
 */
export function depthwiseWithActivation(
  x: Tensor4D,
  filter: Tensor,
  bias: Tensor | null,
  strides: [number, number],
  padding: Padding,
  activation: ActivationFunction,
): Tensor4D {
  const fusedName = activation.fused;
  const y = fused.depthwiseConv2d({
    x,
    filter: filter as Tensor4D,
    strides,
    pad: padding,
    bias: bias ?? undefined,
    activation: fusedName ?? 'linear',
  });
  return fusedName == null ? (activation.apply(y) as Tensor4D) : y;
}
