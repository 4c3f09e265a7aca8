import {
  backend_util,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { formatShape, ShapeError } from '../errors.js';

type Shape4 = [number, number, number, number];

/**
 * dx of max pooling over channels-last `x`: each window's `dy` goes to the window's first
 * largest element in row-major order, as tfjs-cpu's MaxPoolGrad (ties and all); a window
 * with no finite maximum (all padding, −∞ or NaN) passes nothing on. Per output position the
 * offsets of the window's pixels inside x are listed once; then each channel scans them with
 * its best value and offset in locals, and adds its dy to dx once.
 */
export function maxPoolBackprop(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const window = new Int32Array(fh * fw);
  dx.fill(0);
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight * inWidth;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < outWidth; ox++, dyAt += ch) {
        const x0 = ox * sw - left;
        let size = 0;
        for (let ky = 0; ky < fh; ky += dh) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= inHeight) continue;
          for (let kx = 0; kx < fw; kx += dw) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < inWidth) window[size++] = (image + iy * inWidth + ix) * ch;
          }
        }
        if (size === 0) continue;
        for (let c = 0; c < ch; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let i = 0; i < size; i++) {
            const v = x[window[i] + c];
            if (v > best) {
              best = v;
              at = window[i] + c;
            }
          }
          if (at >= 0) dx[at] += dy[dyAt + c];
        }
      }
    }
  }
}

/**
 * The pooling geometry of a MaxPoolGrad call, checked against the shape `dy` really has and
 * the dtypes: the kernels index raw arrays, so a mismatch would read outside them.
 */
export function maxPoolGradGeometry(
  backendName: string,
  dy: TensorInfo,
  input: TensorInfo,
  attrs: MaxPoolGradAttrs,
): backend_util.Conv2DInfo {
  const subject = `Kernel '${MaxPoolGrad}' (${backendName})`;
  for (const [name, t] of Object.entries({ dy, input })) {
    if (t.dtype !== 'float32') {
      throw new ShapeError({ subject, expected: `${name} of dtype float32`, received: t.dtype });
    }
  }
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as Shape4,
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  if (dy.shape.length !== 4 || info.outShape.some((d, i) => d !== dy.shape[i])) {
    throw new ShapeError({
      subject,
      expected: `dy of shape ${formatShape(info.outShape)}`,
      received: formatShape(dy.shape),
    });
  }
  return info;
}
