/**
 * Fashion-MNIST with a multilayer perceptron: 784 pixels → 256 → 128 → 10 classes.
 *
 * Task T: name the garment in a 28×28 grey photo (10 classes: T-shirt, trouser, pullover,
 * dress, coat, sandal, shirt, sneaker, bag, ankle boot). Experience E: the 60,000 training
 * images. Performance P: accuracy on the 10,000 test images, with the confusion matrix (which
 * classes are taken for which) and precision/recall/F1 per class. Goal: ≥ 0.885.
 *
 * The MLP sees the image as a flat vector of 784 numbers: it has no idea which pixels are
 * neighbours. Compare `fashion-mnist-cnn`, which does.
 *
 * Measured (wasm in Node, 20 epochs): test accuracy 0.8935; shirts are the hard class (F1
 * 0.71), taken for T-shirts, pullovers and coats.
 *
 * Data: Debian's `dataset-fashion-mnist`, `--data-dir DIR`, or `--download CACHE_DIR`; without
 * any, the example says how to get it and trains on the embedded 8×8 digits instead.
 *
 * Run: `pnpm example fashion-mnist-mlp [--backend wasm|cpu] [--epochs 20] [--batch 128]
 * [--limit N] [--data-dir DIR | --download CACHE_DIR]`
 */
import { type BackendName, seed, useBackend } from '@strata/core';
import { Dense, Dropout, type Model, sequential } from '@strata/layers';
import { isEntryPoint, parseExampleFlags } from './lib/cli.js';
import {
  type ImageRunResult,
  printImageRun,
  trainImageClassifier,
} from './lib/image-classifier.js';
import { type ImageDataOptions, loadImageData } from './lib/image-data.js';

/** Options of {@link run}; the defaults are the full run. */
export interface FashionMlpOptions extends ImageDataOptions {
  backend?: BackendName;
  epochs?: number;
  batchSize?: number;
  /** 1: progress bar (default); 0: silent. */
  verbose?: 0 | 1;
}

/** 784-256-128-10 with ReLU and dropout 0.2, softmax out. */
export function buildMlp(inputSize: number, classes: number): Model {
  return sequential([
    new Dense({ units: 256, activation: 'relu', inputShape: [inputSize] }),
    new Dropout({ rate: 0.2 }),
    new Dense({ units: 128, activation: 'relu' }),
    new Dropout({ rate: 0.2 }),
    new Dense({ units: classes, activation: 'softmax' }),
  ]);
}

/** Loads the data, trains the MLP and scores it on the test split. */
export async function run(options: FashionMlpOptions = {}): Promise<ImageRunResult> {
  const { backend = 'wasm', epochs = 20, batchSize = 128, verbose = 1 } = options;
  await useBackend(backend);
  const data = await loadImageData(options);
  seed(42);
  const model = buildMlp(data.height * data.width, data.classNames.length);
  try {
    return await trainImageClassifier(model, data, {
      layout: 'flat',
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
  printImageRun('MLP 784-256-128-10', result);
}

if (isEntryPoint(import.meta.url)) await main();
