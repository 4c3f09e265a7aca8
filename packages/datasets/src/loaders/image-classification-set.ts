import { ConfigError, cast, oneHot as oneHotOp, type Tensor, tensor, tidy } from '@strata/core';
import { Dataset } from '../dataset.js';

/** One split of an image classification set: raw pixels and labels, as stored on disk. */
export interface LabeledImages {
  /** Pixel values 0–255, `count × height × width` bytes, row-major. */
  images: Uint8Array;
  /** Class indices, one byte per image. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** `[height, width]` of one image. */
  shape: [number, number];
}

/** Options of `trainDataset` / `testDataset`. */
export interface ImageDatasetOptions {
  /** Scale pixels to [0, 1] (default true); false keeps 0–255. */
  normalize?: boolean;
}

/** Options of `trainTensors` / `testTensors`. */
export interface ImageTensorOptions extends ImageDatasetOptions {
  /** `[count, height·width]` instead of `[count, height, width, 1]` (default false). */
  flatten?: boolean;
  /** Labels as one-hot rows `[count, classes]` instead of indices `[count]` (default false). */
  oneHot?: boolean;
  /** Use only the first `limit` images. */
  limit?: number;
}

/** One image as a data set item: flat float pixels and its class index. */
export interface ImageItem {
  /** `height·width` pixels, row-major. */
  xs: Float32Array;
  /** The class index. */
  ys: number;
}

/**
 * An image classification data set held in memory (MNIST, Fashion-MNIST): the raw `train`
 * and `test` splits, plus ready-made `Dataset`s and tensors.
 *
 * @example
 * const data = await fashionMnist();
 * const batches = data.trainDataset().shuffle(10_000, { seed: 1 }).batch(64);
 * // {xs: [64, 784], ys: [64]} — reshape xs to [64, 28, 28, 1] for a CNN.
 */
export class ImageClassificationSet {
  constructor(
    /** The data set's name, e.g. `'Fashion-MNIST'`. */
    readonly name: string,
    readonly train: LabeledImages,
    readonly test: LabeledImages,
    /** Human-readable class names, indexed by label. */
    readonly classNames: readonly string[],
  ) {}

  /**
   * The training split as a lazy `Dataset` of `{xs: Float32Array(h·w), ys: label}` items;
   * `.batch(n)` gives `{xs: [n, h·w], ys: [n]}`.
   *
   * @example
   * const ds = data.trainDataset({ normalize: true }).batch(32);
   */
  trainDataset(options: ImageDatasetOptions = {}): Dataset<ImageItem> {
    return imageDataset(this.train, options);
  }

  /** The test split as a `Dataset`; see `trainDataset`. */
  testDataset(options: ImageDatasetOptions = {}): Dataset<ImageItem> {
    return imageDataset(this.test, options);
  }

  /**
   * The training split as two tensors.
   *
   * Shapes: `xs` `[count, h, w, 1]` (or `[count, h·w]` with `flatten`) float32; `ys` `[count]`
   * float32 indices (or `[count, classes]` with `oneHot`).
   *
   * @example
   * const { xs, ys } = data.trainTensors({ limit: 1000, oneHot: true });
   */
  trainTensors(options: ImageTensorOptions = {}): { xs: Tensor; ys: Tensor } {
    return this.tensors(this.train, options);
  }

  /** The test split as two tensors; see `trainTensors`. */
  testTensors(options: ImageTensorOptions = {}): { xs: Tensor; ys: Tensor } {
    return this.tensors(this.test, options);
  }

  private tensors(split: LabeledImages, options: ImageTensorOptions): { xs: Tensor; ys: Tensor } {
    const { normalize = true, flatten = false, oneHot = false, limit = split.count } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > split.count) {
      throw new ConfigError({
        subject: `${this.name} tensors`,
        expected: `a limit from 1 to ${split.count}`,
        received: String(limit),
      });
    }
    const [h, w] = split.shape;
    const pixels = new Float32Array(limit * h * w);
    const scale = normalize ? 1 / 255 : 1;
    for (let i = 0; i < pixels.length; i++) pixels[i] = split.images[i] * scale;
    const xs = tensor(pixels, flatten ? [limit, h * w] : [limit, h, w, 1], 'float32');
    const labels = split.labels.subarray(0, limit);
    const ys = oneHot
      ? tidy(() =>
          cast(
            oneHotOp(tensor(Int32Array.from(labels), [limit], 'int32'), this.classNames.length),
            'float32',
          ),
        )
      : tensor(Float32Array.from(labels), [limit], 'float32');
    return { xs, ys };
  }
}

function imageDataset(
  split: LabeledImages,
  { normalize = true }: ImageDatasetOptions,
): Dataset<ImageItem> {
  const size = split.shape[0] * split.shape[1];
  const scale = normalize ? 1 / 255 : 1;
  return Dataset.fromGenerator(function* () {
    for (let i = 0; i < split.count; i++) {
      const xs = new Float32Array(size);
      const offset = i * size;
      for (let j = 0; j < size; j++) xs[j] = split.images[offset + j] * scale;
      yield { xs, ys: split.labels[i] };
    }
  });
}
