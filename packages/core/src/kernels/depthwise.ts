import type {
  backend_util,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, convGeometry } from './im2col.js';

/** The attributes both depthwise gradient kernels share. */
export type DepthwiseGradAttrs = Pick<
  DepthwiseConv2dNativeBackpropFilterAttrs,
  'strides' | 'pad' | 'dilations' | 'dimRoundingMode'
> & { dataFormat?: string };

/**
 * The geometry of the forward depthwise convolution `x (inShape) ⊛ filter (filterShape)`
 * ([fh, fw, ci, multiplier]), checked as `convGeometry` checks a convolution's: against the
 * shape `dy` really has (unless `dyShape` is null: the forward kernels), the dtypes and the
 * data format. The kernels index raw arrays, so a mismatch would read or write outside them.
 */
export function depthwiseGeometry(
  kernelName: string,
  backendName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  dyShape: readonly number[] | null,
  attrs: DepthwiseGradAttrs,
  tensors: Record<string, TensorInfo>,
): backend_util.Conv2DInfo {
  return convGeometry(
    kernelName,
    inShape,
    filterShape,
    dyShape,
    attrs as ConvGradAttrs,
    tensors,
    backendName,
    true,
  );
}

/**
 * Calls `tap(xAt, dyAt, wAt)` for every (output position, filter tap inside x) pair, with the
 * offsets of channel 0 in x, dy and the filter; the callers loop over channels. Depthwise
 * convolutions do `fh·fw·ci·m` multiply-adds per output position: a plain loop keeps up with
 * the memory traffic, so no GEMM is needed.
 */
function forEachTap(
  info: backend_util.Conv2DInfo,
  tap: (xAt: number, dyAt: number, wAt: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: fh, filterWidth: fw, outChannels: co } = info;
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, dyAt += co) {
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sh - info.padInfo.top + ky * dh;
          if (iy < 0 || iy >= inHeight) continue;
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sw - info.padInfo.left + kx * dw;
            if (ix < 0 || ix >= inWidth) continue;
            tap(((b * inHeight + iy) * inWidth + ix) * ci, dyAt, (ky * fw + kx) * co);
          }
        }
      }
    }
  }
}

/** dW [fh, fw, ci, m] += x[…, c] · dy[…, c·m + q] over every output position and tap. */
export function depthwiseFilterGrad(
  x: Float32Array,
  dy: Float32Array,
  dw: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const ci = info.inChannels;
  const m = info.outChannels / ci;
  dw.fill(0);
  forEachTap(info, (xAt, dyAt, wAt) => {
    for (let c = 0; c < ci; c++) {
      const v = x[xAt + c];
      const o = c * m;
      for (let q = 0; q < m; q++) dw[wAt + o + q] += v * dy[dyAt + o + q];
    }
  });
}

/** dx [batch, h, w, ci] += W[tap, c, q] · dy[…, c·m + q] over every output position and tap. */
export function depthwiseInputGrad(
  dy: Float32Array,
  w: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const ci = info.inChannels;
  const m = info.outChannels / ci;
  dx.fill(0);
  forEachTap(info, (xAt, dyAt, wAt) => {
    for (let c = 0; c < ci; c++) {
      const o = c * m;
      let s = 0;
      for (let q = 0; q < m; q++) s += w[wAt + o + q] * dy[dyAt + o + q];
      dx[xAt + c] += s;
    }
  });
}
