import {
  add,
  cast,
  customGrad,
  equal,
  type GradSaveFunc,
  getBackend,
  maxPool,
  mul,
  onesLike,
  pad,
  reshape,
  slice,
  stridedSlice,
  sub,
  type Tensor,
  type Tensor4D,
} from '@strata/core';
import { type Padding, samePadding } from './conv-utils.js';

/** Spreads `x` along `axis` by inserting `rate − 1` zeros between its entries. */
function spreadAxis(x: Tensor, axis: number, rate: number): Tensor {
  if (rate === 1) return x;
  const shape = x.shape;
  const spread = reshape(x, [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)]);
  const padding = spread.shape.map(
    (_, i) => [0, i === axis + 1 ? rate - 1 : 0] as [number, number],
  );
  const flat = reshape(pad(spread, padding), [
    ...shape.slice(0, axis),
    shape[axis] * rate,
    ...shape.slice(axis + 1),
  ]);
  return slice(
    flat,
    shape.map(() => 0),
    shape.map((d, i) => (i === axis ? (d - 1) * rate + 1 : d)),
  );
}

/**
 * The gradient of max pooling, composed: each window's gradient goes to its first largest
 * element in row-major order (as tfjs-cpu's MaxPoolGrad). For every window offset `(p, q)`
 * the strided slice of the padded input at that offset is compared with the output, and the
 * matching `dy` is spread back to those positions. Runs on wasm only, where the rank-5 pad
 * of `spreadAxis` is fine (WebGL and WebGPU mishandle it).
 */
function maxPoolGradient(
  x: Tensor4D,
  y: Tensor4D,
  dy: Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: Padding,
): Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const [, outHeight, outWidth] = y.shape;
  const [top, bottom] = padding === 'same' ? samePadding(height, size[0], strides[0]) : [0, 0];
  const [left, right] = padding === 'same' ? samePadding(width, size[1], strides[1]) : [0, 0];
  const padded = pad(
    x,
    [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    Number.NEGATIVE_INFINITY,
  );
  const [, paddedHeight, paddedWidth] = padded.shape;
  const spanHeight = (outHeight - 1) * strides[0] + 1;
  const spanWidth = (outWidth - 1) * strides[1] + 1;
  let remaining: Tensor = onesLike(y);
  let dx: Tensor | null = null;
  for (let p = 0; p < size[0]; p++) {
    for (let q = 0; q < size[1]; q++) {
      const window = stridedSlice(
        padded,
        [0, p, q, 0],
        [batch, p + spanHeight, q + spanWidth, channels],
        [1, strides[0], strides[1], 1],
      );
      const hit = mul(cast(equal(window, y), 'float32'), remaining);
      remaining = sub(remaining, hit);
      const spread = spreadAxis(spreadAxis(mul(dy, hit), 1, strides[0]), 2, strides[1]);
      const placed = pad(spread, [
        [0, 0],
        [p, paddedHeight - p - spanHeight],
        [q, paddedWidth - q - spanWidth],
        [0, 0],
      ]);
      dx = dx == null ? placed : add(dx, placed);
    }
  }
  return slice(dx as Tensor, [0, top, left, 0], [batch, height, width, channels]) as Tensor4D;
}

/**
 * Max pooling of channels-last `x`. On wasm its gradient is composed (`maxPoolGradient`):
 * tfjs-backend-wasm 4.22's MaxPoolGrad sends some gradients to the wrong element of the
 * window (against cpu: 3 of 6 on [1, 1, 6, 1] with pool [1, 2]). Elsewhere tfjs's own kernels.
 */
export function maxPooling(
  x: Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: Padding,
): Tensor4D {
  if (getBackend() !== 'wasm') return maxPool(x, size, strides, padding);
  const f = customGrad(((input: Tensor4D, save: GradSaveFunc) => {
    const y = maxPool(input, size, strides, padding);
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy: Tensor4D, saved: Tensor[]) => [
        maxPoolGradient(saved[0] as Tensor4D, saved[1] as Tensor4D, dy, size, strides, padding),
      ],
    };
  }) as never) as (input: Tensor4D) => Tensor4D;
  return f(x);
}

/** The composed gradient, exported for its test against tfjs-cpu's kernel. */
export { maxPoolGradient };
