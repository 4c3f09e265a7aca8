import {
  add,
  ConfigError,
  cast,
  clone,
  div,
  expandDims,
  formatShape,
  mul,
  type RandomStream,
  reshape,
  ShapeError,
  sub,
  type Tensor,
  tensor,
  tidy,
} from '@strata/core';
import { gatherWindows, indexRange } from './gather-windows.js';

/*
 * The image helpers as plain functions, for `Dataset.map` or a custom loop; the layers in this
 * folder call them. Each takes one image `[height, width, channels]` or a batch
 * `[batch, height, width, channels]`; random ones draw one decision per image from `rng`.
 */

/** A per-channel statistic: one number for every channel, or one per channel. */
export type PerChannel = number | readonly number[];

/** Options of `normalizeImages`. */
export interface NormalizeImagesOptions {
  /** Subtracted first. Default 0. */
  mean?: PerChannel;
  /** Divided by next; every entry > 0. Default 1. */
  std?: PerChannel;
}

/**
 * Standardises images channel by channel, `y[…, c] = (x[…, c] − mean[c]) / std[c]`, in
 * float32 (integer pixels are cast first).
 *
 * Shapes: `[…, channels]` → the same.
 *
 * @example
 * const y = normalizeImages(x, { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.243, 0.261] });
 */
export function normalizeImages(
  x: Tensor,
  { mean = 0, std = 1 }: NormalizeImagesOptions = {},
  subject = 'normalizeImages',
): Tensor {
  const channels = x.shape[x.shape.length - 1];
  const m = perChannel(subject, 'mean', mean, channels);
  const s = perChannel(subject, 'std', std, channels);
  if (!s.every((v) => v > 0)) {
    throw new ConfigError({ subject, expected: 'std > 0', received: JSON.stringify(std) });
  }
  return tidy(() => div(sub(cast(x, 'float32'), tensor(m)), tensor(s)));
}

/**
 * Rescales pixel values, `y = x · scale + offset`, in float32 (integer pixels are cast first):
 * `scale: 1 / 255` maps bytes to [0, 1], `scale: 1 / 127.5, offset: −1` to [−1, 1].
 *
 * Shapes: any → the same.
 *
 * @example
 * const y = rescaleImages(bytes, 1 / 255);
 */
export function rescaleImages(x: Tensor, scale: number, offset = 0): Tensor {
  return tidy(() => add(mul(cast(x, 'float32'), scale), offset));
}

/** Which axes `randomFlip` may mirror. */
export interface FlipAxes {
  /** Mirror left ↔ right (the width axis). */
  horizontal: boolean;
  /** Mirror top ↔ bottom (the height axis). */
  vertical: boolean;
}

/**
 * Mirrors each image left ↔ right with probability ½, `y[…, i, j, c] = x[…, i, w − 1 − j, c]`,
 * one draw from `rng` per image (so the same stream state gives the same flips).
 *
 * Shapes: `[height, width, channels]` or `[batch, height, width, channels]` → the same.
 *
 * @example
 * const ds = train.map(({ x, y }) => ({ x: randomFlipLeftRight(x, rng), y }));
 */
export function randomFlipLeftRight(x: Tensor, rng: RandomStream): Tensor {
  return randomFlip(x, rng, { horizontal: true, vertical: false }, 'randomFlipLeftRight');
}

/**
 * Mirrors each image along the axes of `axes`, each independently with probability ½ (one
 * draw per image and axis from `rng`, horizontal first).
 *
 * Shapes: `[height, width, channels]` or `[batch, height, width, channels]` → the same.
 */
export function randomFlip(
  x: Tensor,
  rng: RandomStream,
  axes: FlipAxes,
  subject = 'randomFlip',
): Tensor {
  const [batch, rank] = imageBatch(subject, x);
  const [height, width] = x.shape.slice(rank - 3, rank - 1);
  const rows: Int32Array[] = [];
  const cols: Int32Array[] = [];
  let flipped = false;
  for (let b = 0; b < batch; b++) {
    const horizontal = axes.horizontal && rng.next() < 0.5;
    const vertical = axes.vertical && rng.next() < 0.5;
    flipped ||= horizontal || vertical;
    rows.push(indexRange(0, height, height, vertical));
    cols.push(indexRange(0, width, width, horizontal));
  }
  if (!flipped) return clone(x);
  return onBatch(x, (images) => gatherWindows(images, rows, cols));
}

/** Options of `randomCropWithPadding`. */
export interface CropOptions {
  /** Height of the crop. Default: the input's height. */
  height?: number;
  /** Width of the crop. Default: the input's width. */
  width?: number;
}

/**
 * Pads each image with `padding` zeros on every side, then cuts a `height × width` window
 * (default: the input's size) at an offset drawn from `rng` for each image, uniform over all
 * windows that fit: `y[b, i, j, c] = padded[b, i + dy_b, j + dx_b, c]`.
 *
 * Shapes: `[height, width, channels]` or `[batch, height, width, channels]` →
 * `[…, cropHeight, cropWidth, channels]`.
 *
 * @example
 * const ds = train.map(({ x, y }) => ({ x: randomCropWithPadding(x, 4, rng), y })); // CIFAR-style
 */
export function randomCropWithPadding(
  x: Tensor,
  padding: number,
  rng: RandomStream,
  options: CropOptions = {},
  subject = 'randomCropWithPadding',
): Tensor {
  const { batch, outer, size } = cropGeometry(subject, x, padding, options);
  const offsets = Array.from({ length: batch }, () => [
    rng.int(outer[0] - size[0] + 1),
    rng.int(outer[1] - size[1] + 1),
  ]);
  return cropWindows(x, padding, size, offsets);
}

/**
 * The centre `height × width` window of each image padded by `padding` zeros, the
 * deterministic counterpart of `randomCropWithPadding` (the input itself when the window has
 * the input's size). Where the slack is odd, the extra row or column is left at the bottom
 * or right.
 *
 * Shapes: as `randomCropWithPadding`.
 */
export function centerCropWithPadding(
  x: Tensor,
  padding: number,
  options: CropOptions = {},
  subject = 'centerCropWithPadding',
): Tensor {
  const { batch, outer, size } = cropGeometry(subject, x, padding, options);
  const offset = [Math.floor((outer[0] - size[0]) / 2), Math.floor((outer[1] - size[1]) / 2)];
  return cropWindows(x, padding, size, Array(batch).fill(offset));
}

/** Checks a crop's options against the input; returns the padded and the window sizes. */
function cropGeometry(subject: string, x: Tensor, padding: number, options: CropOptions) {
  const [batch, rank] = imageBatch(subject, x);
  if (!Number.isInteger(padding) || padding < 0) {
    throw new ConfigError({
      subject,
      expected: 'padding, an integer ≥ 0',
      received: String(padding),
    });
  }
  const height = x.shape[rank - 3];
  const width = x.shape[rank - 2];
  const outer = [height + 2 * padding, width + 2 * padding];
  const size = [options.height ?? height, options.width ?? width];
  if (!size.every((s, i) => Number.isInteger(s) && s >= 1 && s <= outer[i])) {
    throw new ShapeError({
      subject,
      expected: `a crop of at most the padded size ${outer[0]} × ${outer[1]}`,
      received: `${size[0]} × ${size[1]}`,
    });
  }
  return { batch, outer, size };
}

/** The window `size` at `offsets[b]` of each image padded by `padding`. */
function cropWindows(x: Tensor, padding: number, size: number[], offsets: number[][]): Tensor {
  const rank = x.shape.length;
  const [height, width] = x.shape.slice(rank - 3, rank - 1);
  const identity =
    size[0] === height &&
    size[1] === width &&
    offsets.every(([dy, dx]) => dy === padding && dx === padding);
  if (identity) return clone(x);
  const rows = offsets.map(([dy]) => indexRange(dy - padding, size[0], height));
  const cols = offsets.map(([, dx]) => indexRange(dx - padding, size[1], width));
  return onBatch(x, (images) => gatherWindows(images, rows, cols));
}

/** Runs `f` on `x` as a batch: a single image `[h, w, c]` goes as a batch of one and comes back unbatched. */
function onBatch(x: Tensor, f: (images: Tensor) => Tensor): Tensor {
  if (x.rank === 4) return f(x);
  return tidy(() => {
    const y = f(expandDims(x, 0));
    return reshape(y, y.shape.slice(1));
  });
}

/** `[images in the batch, rank]` of an image or a batch of images; throws otherwise. */
function imageBatch(subject: string, x: Tensor): [number, 3 | 4] {
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ShapeError({
      subject,
      expected: 'an image [height, width, channels] or a batch [batch, height, width, channels]',
      received: `shape ${formatShape(x.shape)}`,
    });
  }
  return [x.rank === 4 ? x.shape[0] : 1, x.rank];
}

/** A statistic as one value per channel. */
export function perChannel(
  subject: string,
  option: string,
  value: PerChannel,
  channels: number,
): number[] {
  const values = typeof value === 'number' ? Array<number>(channels).fill(value) : [...value];
  if (values.length !== channels || !values.every(Number.isFinite)) {
    throw new ConfigError({
      subject,
      expected: `${option}, a number or ${channels} numbers (one per channel)`,
      received: JSON.stringify(value),
    });
  }
  return values;
}
