import type { ImageClassificationSet } from './image-classification-set.js';
import {
  type IdxImageSetOptions,
  type IdxImageSetSpec,
  loadIdxImageSet,
} from './load-idx-image-set.js';

/** Where MNIST's four `.gz` files are published (the TensorFlow mirror, HTTPS). */
export const MNIST_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';

const SPEC: IdxImageSetSpec = {
  name: 'MNIST',
  defaultDirs: ['/usr/share/datasets/mnist/'],
  publicUrl: MNIST_URL,
  installHint: null,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

/**
 * Loads MNIST (LeCun et al., 1998): 60,000 training and 10,000 test images of handwritten
 * digits, 28×28 grey pixels. Reads `{dir}`, or downloads from `{url}` into `{cacheDir}`, or
 * uses `/usr/share/datasets/mnist/` when neither is given and it exists.
 *
 * Shapes: `train.images` `[60000, 28, 28]` uint8; `trainDataset().batch(n)` → `{xs: [n, 784], ys: [n]}`.
 *
 * @example
 * const data = await mnist({ url: MNIST_URL, cacheDir: '.cache/mnist' });
 * @see http://yann.lecun.com/exdb/mnist/
 */
export function mnist(options: IdxImageSetOptions = {}): Promise<ImageClassificationSet> {
  return loadIdxImageSet(SPEC, options);
}
