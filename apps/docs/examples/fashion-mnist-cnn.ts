/**
 * Fashion-MNIST with a small convolutional network: two conv blocks and a dense head.
 *
 * Task T: name the garment in a 28×28 grey photo (10 classes). Experience E: the 60,000
 * training images. Performance P: accuracy on the 10,000 test images, with the confusion
 * matrix and precision/recall/F1 per class. Goal: ≥ 0.91 (published Keras baselines of this
 * size reach 0.876–0.932); the MLP of `fashion-mnist-mlp` gets ≈ 0.89.
 *
 * A convolution looks at 3×3 neighbourhoods with the same weights everywhere, so an edge or a
 * texture is found wherever it is; pooling halves the resolution so the second block sees
 * larger parts (a collar, a heel). Model (Keras's classic): Conv2D(32, 3×3, relu) →
 * MaxPooling2D(2) → Conv2D(64, 3×3, relu) → MaxPooling2D(2) → Flatten → Dropout(0.3) →
 * Dense(128, relu) → Dropout(0.3) → Dense(10, softmax); Adam(1e-3), batch 128, 12 epochs.
 *
 * Measured (wasm in Node, 12 epochs, 48 min on a shared 2-core machine): test accuracy 0.9127;
 * shirts are the hard class (F1 0.74), trousers, sandals and bags the easy ones (0.98).
 *
 * Data: Debian's `dataset-fashion-mnist`, `--data-dir DIR`, or `--download CACHE_DIR`; without
 * any, the example says how to get it and trains on the embedded 8×8 digits instead.
 *
 * Run: `pnpm example fashion-mnist-cnn [--backend wasm|cpu] [--epochs 12] [--batch 128]
 * [--limit N] [--data-dir DIR | --download CACHE_DIR]`
 */

import { Conv2D, MaxPooling2D } from '@strata/cnn';
import { type BackendName, seed, useBackend } from '@strata/core';
import { Dense, Dropout, Flatten, type Model, sequential } from '@strata/layers';
import { isEntryPoint, parseExampleFlags } from './lib/cli.js';
import {
  type ImageRunResult,
  printImageRun,
  trainImageClassifier,
} from './lib/image-classifier.js';
import { type ImageDataOptions, loadImageData } from './lib/image-data.js';

/** Options of {@link run}; the defaults are the full run. */
export interface FashionCnnOptions extends ImageDataOptions {
  backend?: BackendName;
  epochs?: number;
  batchSize?: number;
  /** 1: progress bar (default); 0: silent. */
  verbose?: 0 | 1;
}

/** The two-block CNN for `[height, width, 1]` images. */
export function buildCnn(height: number, width: number, classes: number): Model {
  // Keras's example convolves without padding (28 → 26 → 13 → 11 → 5); an 8×8 image (the
  // digits fallback) would shrink to nothing that way, so small images keep their size.
  const padding = Math.min(height, width) >= 16 ? 'valid' : 'same';
  return sequential([
    new Conv2D({
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      padding,
      inputShape: [height, width, 1],
    }),
    new MaxPooling2D({ poolSize: 2 }),
    new Conv2D({ filters: 64, kernelSize: 3, activation: 'relu', padding }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dropout({ rate: 0.3 }),
    new Dense({ units: 128, activation: 'relu' }),
    new Dropout({ rate: 0.3 }),
    new Dense({ units: classes, activation: 'softmax' }),
  ]);
}

/** Loads the data, trains the CNN and scores it on the test split. */
export async function run(options: FashionCnnOptions = {}): Promise<ImageRunResult> {
  const { backend = 'wasm', epochs = 12, batchSize = 128, verbose = 1 } = options;
  await useBackend(backend);
  const data = await loadImageData(options);
  seed(42);
  const model = buildCnn(data.height, data.width, data.classNames.length);
  try {
    return await trainImageClassifier(model, data, {
      layout: 'image',
      epochs,
      batchSize,
      learningRate: 1e-3,
      seed: 1,
      verbose,
    });
  } finally {
    model.dispose();
  }
}

export async function main(argv?: readonly string[]): Promise<void> {
  const flags = parseExampleFlags(argv, ['data-dir', 'download']);
  const backend = flags.backend ?? 'wasm';
  const info = await useBackend(backend);
  console.log(`Backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);
  const result = await run({
    backend,
    epochs: flags.epochs,
    batchSize: flags.batch,
    limit: flags.limit,
    dir: flags.extra['data-dir'],
    downloadTo: flags.extra.download,
  });
  printImageRun('CNN conv32-pool-conv64-pool-dense128', result);
}

if (isEntryPoint(import.meta.url)) await main();
