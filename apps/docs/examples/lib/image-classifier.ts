/**
 * The part the two Fashion-MNIST examples share: train a model on an `ImageData` split and
 * score it on the test split, timing the training.
 */
import { tensor, train } from '@strata/core';
import type { Model } from '@strata/layers';
import {
  type ClassifierScores,
  printClassifierScores,
  scoreClassifier,
} from './classifier-report.js';
import { epochCount, formatDuration, secondsSince } from './cli.js';
import type { ImageData } from './image-data.js';

/** How to train. */
export interface ImageTrainOptions {
  /** `'flat'`: `[count, height·width]` inputs (an MLP); `'image'`: `[count, h, w, 1]` (a CNN). */
  layout: 'flat' | 'image';
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seed of the shuffling. */
  seed: number;
  verbose: 0 | 1;
}

/** What one training run gave: the numbers the examples' closing notes need. */
export interface ImageRunResult {
  dataset: string;
  classNames: readonly string[];
  trainSamples: number;
  epochs: number;
  /** Wall time of `fit`. */
  fitSeconds: number;
  /** Training samples per second over the whole `fit`. */
  samplesPerSecond: number;
  /** The last epoch's training loss and accuracy. */
  finalLoss: number;
  finalAccuracy: number;
  test: ClassifierScores;
}

/** Compiles `model` (Adam, sparse categorical cross-entropy), fits it and scores it. */
export async function trainImageClassifier(
  model: Model,
  data: ImageData,
  options: ImageTrainOptions,
): Promise<ImageRunResult> {
  const shapeOf = (count: number) =>
    options.layout === 'flat'
      ? [count, data.height * data.width]
      : [count, data.height, data.width, 1];
  const xTrain = tensor(data.train.pixels, shapeOf(data.train.count));
  const yTrain = tensor(Float32Array.from(data.train.labels), [data.train.count]);
  const xTest = tensor(data.test.pixels, shapeOf(data.test.count));
  try {
    model.compile({
      optimizer: train.adam(options.learningRate),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const start = performance.now();
    const { history } = await model.fit(xTrain, yTrain, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      verbose: options.verbose,
    });
    const fitSeconds = secondsSince(start);
    const epochs = history.loss.length;
    const test = await scoreClassifier(model, xTest, data.test.labels, data.classNames);
    return {
      dataset: data.name,
      classNames: data.classNames,
      trainSamples: data.train.count,
      epochs,
      fitSeconds,
      samplesPerSecond: (epochs * data.train.count) / fitSeconds,
      finalLoss: history.loss[epochs - 1],
      finalAccuracy: history.accuracy[epochs - 1],
      test,
    };
  } finally {
    for (const t of [xTrain, yTrain, xTest]) t.dispose();
  }
}

/** Prints what a run gave: data, epochs, wall time, samples/s, then the test scores. */
export function printImageRun(model: string, result: ImageRunResult): void {
  console.log(
    `\n${model} on ${result.dataset}: ${result.trainSamples} training images, ` +
      `${epochCount(result.epochs)} in ${formatDuration(result.fitSeconds)} ` +
      `(${Math.round(result.samplesPerSecond)} samples/s); last epoch: loss ` +
      `${result.finalLoss.toFixed(4)}, accuracy ${(result.finalAccuracy * 100).toFixed(2)} %`,
  );
  printClassifierScores('Test set', result.test, result.classNames);
}
