import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { ConfigError, formatShape, ShapeError } from '../errors.js';

/**
 * The attributes both conv gradient kernels share. `dilations` is not in tfjs's attrs (its
 * Conv2D gradient refuses dilations > 1), but a caller running the kernel itself may pass it.
 */
export type ConvGradAttrs = Pick<
  Conv2DBackpropFilterAttrs,
  'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'
> & { dilations?: number | [number, number] };

type Shape4 = [number, number, number, number];

/**
 * The geometry of the forward convolution `x (inShape) ⊛ filter (filterShape)`, checked
 * against the shape `dy` really has (unless `dyShape` is null: the forward kernel) and the dtypes of `tensors`: these kernels index the
 * wasm heap (or cpu's arrays) directly, so a mismatch would read or write outside the
 * tensors instead of failing. `depthwise`: the filter is `[fh, fw, ci, multiplier]`.
 */
export function convGeometry(
  kernelName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  dyShape: readonly number[] | null,
  attrs: ConvGradAttrs,
  tensors: Record<string, TensorInfo>,
  backendName = 'wasm',
  depthwise = false,
): backend_util.Conv2DInfo {
  const subject = `Kernel '${kernelName}' (${backendName})`;
  for (const [name, t] of Object.entries(tensors)) {
    // The heap is read as float32: another dtype would be reinterpreted, not converted.
    if (t.dtype !== 'float32') {
      throw new ShapeError({ subject, expected: `${name} of dtype float32`, received: t.dtype });
    }
  }
  if (attrs.dataFormat != null && attrs.dataFormat !== 'NHWC') {
    throw new ConfigError({
      subject,
      expected: `dataFormat 'NHWC' (Strata's ${backendName} conv kernels are channels-last only)`,
      received: `'${attrs.dataFormat}'`,
    });
  }
  const info = backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  if (dyShape != null && (dyShape.length !== 4 || info.outShape.some((d, i) => d !== dyShape[i]))) {
    throw new ShapeError({
      subject,
      expected: `dy of shape ${formatShape(info.outShape)}`,
      received: formatShape(dyShape),
    });
  }
  return info;
}

/** Zeroes columns [from, to) of `rows` rows `stride` apart, starting at `base`. */
function zero(
  cols: Float32Array,
  base: number,
  from: number,
  to: number,
  rows: number,
  stride: number,
) {
  // Plain loops: the runs are a few elements long, where `fill`'s call costs more than it saves.
  for (let r = 0, row = base; r < rows; r++, row += stride) {
    for (let i = from; i < to; i++) cols[row + i] = 0;
  }
}

/**
 * Writes the transposed im2col matrix of `x` [batch, h, w, ci] into `cols`
 * [fh·fw·ci, batch·oh·ow]: row `(ky·fw + kx)·ci + c` holds, for every output position, the
 * input value filter tap (ky, kx, c) sees there (0 in the padding). Building it transposed
 * lets `colsᵀ · dy` run as a plain matMul, which on wasm is ~10× faster than one with
 * `transposeA`. Every element is written, so `cols` need not be zeroed first.
 */
export function im2colTransposed(
  x: Float32Array,
  cols: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const n = batchSize * outHeight * outWidth;
  for (let ky = 0; ky < info.filterHeight; ky++) {
    for (let kx = 0; kx < info.filterWidth; kx++) {
      const rowBase = (ky * info.filterWidth + kx) * ci * n;
      const xOffset = kx * dw - info.padInfo.left;
      // The output columns whose input column lies inside x; the rest read padding.
      const oxLo = Math.min(outWidth, Math.max(0, Math.ceil(-xOffset / sw)));
      const oxHi = Math.max(oxLo, Math.min(outWidth, Math.ceil((inWidth - xOffset) / sw)));
      for (let b = 0; b < batchSize; b++) {
        for (let oy = 0; oy < outHeight; oy++) {
          const col0 = rowBase + (b * outHeight + oy) * outWidth;
          const iy = oy * sh - info.padInfo.top + ky * dh;
          if (iy < 0 || iy >= inHeight) {
            zero(cols, col0, 0, outWidth, ci, n);
            continue;
          }
          zero(cols, col0, 0, oxLo, ci, n);
          zero(cols, col0, oxHi, outWidth, ci, n);
          const xRow = (b * inHeight + iy) * inWidth;
          if (ci === 1) {
            for (let ox = oxLo; ox < oxHi; ox++) cols[col0 + ox] = x[xRow + ox * sw + xOffset];
            continue;
          }
          // ci write streams, each advancing one element per output column: cache friendly,
          // unlike writing one whole row of n at a time, which re-reads x ci times.
          for (let ox = oxLo; ox < oxHi; ox++) {
            const src = (xRow + ox * sw + xOffset) * ci;
            let dst = col0 + ox;
            for (let c = 0; c < ci; c++, dst += n) cols[dst] = x[src + c];
          }
        }
      }
    }
  }
}

/**
 * Scatter-adds `dcols` [batch·oh·ow, fh·fw·ci] (the gradient of every im2col entry) back
 * onto `dx` [batch, h, w, ci], which must be zero-filled: overlapping windows each add
 * their share, and padding taps are dropped.
 */
export function col2im(dcols: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const k = fh * fw * ci;
  let src = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, src += k) {
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sh - info.padInfo.top + ky * dh;
          if (iy < 0 || iy >= inHeight) continue;
          const dxRow = (b * inHeight + iy) * inWidth;
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sw - info.padInfo.left + kx * dw;
            if (ix < 0 || ix >= inWidth) continue;
            const dst = (dxRow + ix) * ci;
            const from = src + (ky * fw + kx) * ci;
            for (let c = 0; c < ci; c++) dx[dst + c] += dcols[from + c];
          }
        }
      }
    }
  }
}

/**
 * Writes the im2col matrix of `x` [batch, h, w, ci] into `cols` [batch·oh·ow, fh·fw·ci]:
 * row `(b·oh + oy)·ow + ox` holds the window output (oy, ox) reads, tap by tap, each tap's
 * `ci` channels contiguous (0 in the padding), so that `cols · W` is the convolution.
 */
export function im2col(x: Float32Array, cols: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  let dst = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sh - info.padInfo.top + ky * dh;
          const rowInside = iy >= 0 && iy < inHeight;
          for (let kx = 0; kx < fw; kx++, dst += ci) {
            const ix = ox * sw - info.padInfo.left + kx * dw;
            if (!rowInside || ix < 0 || ix >= inWidth) {
              for (let c = 0; c < ci; c++) cols[dst + c] = 0;
              continue;
            }
            const src = ((image + iy) * inWidth + ix) * ci;
            for (let c = 0; c < ci; c++) cols[dst + c] = x[src + c];
          }
        }
      }
    }
  }
}
