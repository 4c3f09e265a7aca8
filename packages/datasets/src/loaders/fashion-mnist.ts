import type { ImageClassificationSet } from './image-classification-set.js';
import {
  type IdxImageSetOptions,
  type IdxImageSetSpec,
  loadIdxImageSet,
} from './load-idx-image-set.js';

/** Where Fashion-MNIST's four `.gz` files are published (the Keras mirror, HTTPS). */
export const FASHION_MNIST_URL = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

/** Fashion-MNIST's class names, indexed by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

const SPEC: IdxImageSetSpec = {
  name: 'Fashion-MNIST',
  defaultDirs: ['/usr/share/datasets/fashion-mnist/'],
  publicUrl: FASHION_MNIST_URL,
  installHint: 'apt-get install dataset-fashion-mnist',
  classNames: FASHION_MNIST_CLASSES,
};

/**
 * Loads Fashion-MNIST (Xiao et al., 2017; MIT): 60,000 training and 10,000 test images of
 * 28×28 grey pixels in 10 clothing classes, 6,000 / 1,000 per class. Reads `{dir}`, or
 * downloads from `{url}` into `{cacheDir}`, or uses `/usr/share/datasets/fashion-mnist/`
 * (Debian's `dataset-fashion-mnist`) when neither is given and it exists.
 *
 * Shapes: `train.images` `[60000, 28, 28]` uint8; `trainDataset().batch(n)` → `{xs: [n, 784], ys: [n]}`.
 *
 * @example
 * const data = await fashionMnist(); // or fashionMnist({ url: FASHION_MNIST_URL, cacheDir })
 * const { xs, ys } = data.testTensors({ oneHot: true });
 * @see https://github.com/zalandoresearch/fashion-mnist
 */
export function fashionMnist(options: IdxImageSetOptions = {}): Promise<ImageClassificationSet> {
  return loadIdxImageSet(SPEC, options);
}
