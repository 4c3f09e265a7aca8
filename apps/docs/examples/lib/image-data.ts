/**
 * Image data for the Fashion-MNIST examples: the real data set when it is found, else the
 * embedded 8×8 digits so that the example always runs.
 */
import { ConfigError } from '@strata/core';
import {
  digits,
  FASHION_MNIST_URL,
  fashionMnist,
  type ImageClassificationSet,
  type LabeledImages,
  trainTestSplit,
} from '@strata/datasets';

/** One split: pixels scaled to [0, 1], row-major `[count, height·width]`, and labels. */
export interface ImageSplit {
  pixels: Float32Array;
  labels: Int32Array;
  count: number;
}

/** A train and a test split of grey images, with what they are. */
export interface ImageData {
  /** `'Fashion-MNIST'` or `'digits (8×8)'`. */
  name: string;
  classNames: readonly string[];
  height: number;
  width: number;
  train: ImageSplit;
  test: ImageSplit;
}

/** Where the images come from. */
export interface ImageDataOptions {
  /** `'fashion'` (error when missing), `'digits'`, or `'auto'`: Fashion-MNIST, else digits. */
  source?: 'auto' | 'fashion' | 'digits';
  /** A directory holding Fashion-MNIST's four `.gz` files. */
  dir?: string;
  /** Download Fashion-MNIST from its public URL into this cache directory. */
  downloadTo?: string;
  /** Use the first `limit` training images and `⌈limit / 6⌉` test images (the 60k:10k ratio). */
  limit?: number;
  /** Told why the fallback is used. Default `console.log`. */
  log?: (line: string) => void;
}

function firstOf(split: LabeledImages, count: number): ImageSplit {
  const size = split.shape[0] * split.shape[1];
  const pixels = new Float32Array(count * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = split.images[i] / 255;
  return { pixels, labels: Int32Array.from(split.labels.subarray(0, count)), count };
}

function fromFashion(set: ImageClassificationSet, limit: number | undefined): ImageData {
  const trainCount = Math.min(limit ?? set.train.count, set.train.count);
  const testCount = limit == null ? set.test.count : Math.min(Math.ceil(limit / 6), set.test.count);
  return {
    name: set.name,
    classNames: set.classNames,
    height: set.train.shape[0],
    width: set.train.shape[1],
    train: firstOf(set.train, trainCount),
    test: firstOf(set.test, testCount),
  };
}

/** The 1,797 8×8 digits, split 80/20 stratified (seeded), pixels 0–16 scaled to [0, 1]. */
function fromDigits(limit: number | undefined): ImageData {
  const data = digits();
  const rows = Array.from({ length: data.count }, (_, i) => i);
  const { train, test } = trainTestSplit(rows, {
    testSize: 0.2,
    seed: 0,
    stratify: Array.from(data.labels),
  });
  const take = (indices: number[], count: number): ImageSplit => {
    const pixels = new Float32Array(count * 64);
    const labels = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      for (let j = 0; j < 64; j++) pixels[k * 64 + j] = data.features[indices[k] * 64 + j] / 16;
      labels[k] = data.labels[indices[k]];
    }
    return { pixels, labels, count };
  };
  const trainCount = Math.min(limit ?? train.length, train.length);
  const testCount = limit == null ? test.length : Math.min(Math.ceil(limit / 6), test.length);
  return {
    name: 'digits (8×8)',
    classNames: data.classNames,
    height: 8,
    width: 8,
    train: take(train, trainCount),
    test: take(test, testCount),
  };
}

/**
 * Loads Fashion-MNIST from `dir`, a download cache, or Debian's `dataset-fashion-mnist`; when
 * none is there and `source` is `'auto'`, says how to get it and uses the embedded digits.
 *
 * @example
 * const data = await loadImageData({ limit: 1000 });
 */
export async function loadImageData(options: ImageDataOptions = {}): Promise<ImageData> {
  const { source = 'auto', dir, downloadTo, limit, log = console.log } = options;
  if (source === 'digits') return fromDigits(limit);
  try {
    const set = await fashionMnist(
      downloadTo != null ? { url: FASHION_MNIST_URL, cacheDir: downloadTo } : { dir },
    );
    return fromFashion(set, limit);
  } catch (error) {
    if (source === 'fashion' || !(error instanceof ConfigError)) throw error;
    log(
      [
        'Fashion-MNIST was not found, so this run uses the small digits set shipped with',
        '@strata/datasets (1,797 8×8 images) instead. To get Fashion-MNIST:',
        '  - Debian/Ubuntu: apt-get install dataset-fashion-mnist',
        '  - any directory with its four .gz files: --data-dir /path/to/fashion-mnist',
        `  - download once from ${FASHION_MNIST_URL}: --download ~/.cache/fashion-mnist`,
        `(${error.message})`,
      ].join('\n'),
    );
    return fromDigits(limit);
  }
}
