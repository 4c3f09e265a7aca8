import { eye, fused, getBackend, mul, reshape, type Tensor, type Tensor4D } from '@strata/core';
import type { ActivationFunction } from '@strata/layers';
import { conv2dWithActivation, type Padding } from './conv-utils.js';

/**
 * The `[kh, kw, channels, channels·m]` conv2d kernel that computes the same as the depthwise
 * kernel `filter` (`[kh, kw, channels, m]`): block-diagonal, input channel `c` feeding only
 * outputs `c·m … c·m + m − 1`.
 */
export function depthwiseAsConv2dKernel(filter: Tensor): Tensor4D {
  const [kh, kw, channels, multiplier] = filter.shape;
  const diagonal = reshape(eye(channels), [1, 1, channels, channels, 1]);
  return reshape(mul(reshape(filter, [kh, kw, channels, 1, multiplier]), diagonal), [
    kh,
    kw,
    channels,
    channels * multiplier,
  ]);
}

/**
 * `activation(depthwiseConv2d(x, filter) + bias)` for channels-last `x`, fused where tfjs can.
 * On wasm it runs as a conv2d with the block-diagonal kernel: tfjs-backend-wasm 4.22 has no
 * DepthwiseConv2dNativeBackpropFilter/Input, while conv2d trains there through core's kernel
 * gaps. That costs `channels` times the multiply-adds; a wasm depthwise gradient kernel in
 * core's registry would remove the detour.
 */
export function depthwiseWithActivation(
  x: Tensor4D,
  filter: Tensor,
  bias: Tensor | null,
  strides: [number, number],
  padding: Padding,
  activation: ActivationFunction,
): Tensor4D {
  if (getBackend() === 'wasm') {
    const kernel = depthwiseAsConv2dKernel(filter);
    return conv2dWithActivation(x, kernel, bias, strides, padding, [1, 1], activation);
  }
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
