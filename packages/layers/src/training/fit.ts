import {
  dispose,
  formatShape,
  gather,
  RandomStream,
  randomStream,
  ShapeError,
  slice,
  type Tensor,
  tensor1d,
} from '@strata/core';
import type { LayerInputs, LayerOutputs } from '../layer.js';
import type { Model } from '../models/model.js';
import { isTensor, mapTensors, tensorList } from '../tensor-structure.js';
import { type Callback, CallbackList, type Logs } from './callbacks/callback.js';
import { History } from './callbacks/history.js';
import { defaultProgress } from './callbacks/progress-bar.js';
import { type ClassWeight, classSampleWeights, type Trainer } from './trainer.js';

/** One batch of a dataset given to `fit`: inputs and targets (the loop disposes them). */
export interface DatasetBatch {
  xs: LayerInputs;
  ys: LayerOutputs;
}

/** Options of `fit`. */
export interface FitOptions {
  /** Default 1. */
  epochs?: number;
  /** Samples per step for array inputs. Default 32. */
  batchSize?: number;
  /** Held-out data evaluated after each epoch, logged as `val_*`. */
  validationData?: [LayerInputs, LayerOutputs] | AsyncIterable<DatasetBatch>;
  /** Fraction of the array inputs (the last samples, before shuffling) held out for validation. */
  validationSplit?: number;
  /** Shuffle array inputs before each epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling; default: the global random stream. */
  seed?: number;
  callbacks?: Callback[];
  /** 0: silent. 1: a progress bar (the default). */
  verbose?: 0 | 1;
  classWeight?: ClassWeight;
  /** Epoch to start counting from (resuming). */
  initialEpoch?: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  batchSize?: number;
}

interface Batch {
  x: LayerInputs;
  y: LayerOutputs;
  size: number;
}

function isDataset(x: unknown): x is AsyncIterable<DatasetBatch> {
  return x != null && typeof x === 'object' && !isTensor(x) && Symbol.asyncIterator in x;
}

/** The number of samples of array inputs and targets; throws when they disagree. */
export function countSamples(model: Model, x: LayerInputs, y: LayerOutputs | null): number {
  const all = [...tensorList(x), ...(y == null ? [] : tensorList(y))];
  const n = all[0].shape[0];
  for (const t of all) {
    if (t.shape[0] !== n) {
      throw new ShapeError({
        subject: `Model '${model.name}'`,
        expected: `inputs and targets with the same number of samples (${n})`,
        received: `a tensor of shape ${formatShape(t.shape)}`,
      });
    }
  }
  return n;
}

function* arrayBatches(
  x: LayerInputs,
  y: LayerOutputs,
  n: number,
  batchSize: number,
  order: Int32Array | null,
): Generator<Batch> {
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    if (order == null) {
      yield {
        x: mapTensors(x, (t) => slice(t, start, size)),
        y: mapTensors(y, (t) => slice(t, start, size)),
        size,
      };
    } else {
      const idx = tensor1d(order.subarray(start, start + size), 'int32');
      yield {
        x: mapTensors(x, (t) => gather(t, idx)),
        y: mapTensors(y, (t) => gather(t, idx)),
        size,
      };
      idx.dispose();
    }
  }
}

async function* datasetBatches(dataset: AsyncIterable<DatasetBatch>): AsyncGenerator<Batch> {
  for await (const { xs, ys } of dataset) yield { x: xs, y: ys, size: tensorList(xs)[0].shape[0] };
}

function disposeBatch(b: Batch): void {
  dispose([...tensorList(b.x), ...tensorList(b.y)]);
}

/** Runs `fit` for `model` with `trainer` (see `Model.fit`). */
export async function fitLoop(
  model: Model,
  trainer: Trainer,
  x: LayerInputs | AsyncIterable<DatasetBatch>,
  y: LayerOutputs | null,
  options: FitOptions,
): Promise<History> {
  const { epochs = 1, batchSize = 32, shuffle = true, verbose = 1, initialEpoch = 0 } = options;
  const history = new History();
  // As in Keras, the user's callbacks run first, so that what they add to the epoch logs
  // (e.g. `learning_rate`) reaches the history and the progress bar.
  const callbacks = new CallbackList([
    ...(options.callbacks ?? []),
    history,
    ...(verbose === 1 ? [defaultProgress()] : []),
  ]);
  callbacks.setModel(model);

  let train: (epoch: number) => Iterable<Batch> | AsyncIterable<Batch>;
  let validation: (() => Iterable<Batch> | AsyncIterable<Batch>) | null = null;
  let samples: number | null = null;
  let steps: number | null = null;
  const owned: Tensor[] = [];

  if (isDataset(x)) {
    train = () => datasetBatches(x);
  } else {
    if (y == null)
      throw new ShapeError({
        subject: `Model '${model.name}'`,
        expected: 'targets y',
        received: 'none',
      });
    let n = countSamples(model, x, y);
    let xs = x;
    let ys = y;
    if (options.validationSplit != null && options.validationSplit > 0) {
      const held = Math.floor(n * options.validationSplit);
      const kept = n - held;
      const [vx, vy] = [
        mapTensors(x, (t) => slice(t, kept, held)),
        mapTensors(y, (t) => slice(t, kept, held)),
      ];
      xs = mapTensors(x, (t) => slice(t, 0, kept));
      ys = mapTensors(y, (t) => slice(t, 0, kept));
      owned.push(...tensorList(vx), ...tensorList(vy), ...tensorList(xs), ...tensorList(ys));
      validation = () => arrayBatches(vx, vy, held, batchSize, null);
      n = kept;
    }
    const rng = options.seed != null ? new RandomStream(options.seed) : randomStream();
    const fx = xs;
    const fy = ys;
    const count = n;
    train = () => arrayBatches(fx, fy, count, batchSize, shuffle ? rng.permutation(count) : null);
    samples = n;
    steps = Math.ceil(n / batchSize);
  }
  if (options.validationData != null) {
    const v = options.validationData;
    validation = isDataset(v)
      ? () => datasetBatches(v)
      : () => arrayBatches(v[0], v[1], countSamples(model, v[0], v[1]), batchSize, null);
  }

  const numClasses = () => {
    const out = model.computeOutputShape(model.buildShape ?? []);
    const last = Array.isArray(out[0]) ? (out[0] as number[]).at(-1) : (out as number[]).at(-1);
    return last ?? 1;
  };

  model.stopTraining = false;
  await callbacks.trainBegin({
    epochs,
    steps,
    samples,
    batchSize: isDataset(x) ? null : batchSize,
    metrics: [
      ...trainer.names,
      ...(validation != null ? trainer.names.map((n) => `val_${n}`) : []),
    ],
  });
  let logs: Logs = {};
  try {
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await callbacks.epochBegin(epoch);
      trainer.reset();
      let index = 0;
      for await (const batch of train(epoch)) {
        await callbacks.batchBegin(index);
        let weights: Tensor | null = null;
        try {
          if (options.classWeight != null) {
            weights = classSampleWeights(
              tensorList(batch.y)[0],
              options.classWeight,
              model.built ? numClasses() : 1,
            );
          }
          trainer.trainStep(batch.x, batch.y, weights, batch.size);
        } finally {
          weights?.dispose();
          disposeBatch(batch);
        }
        await callbacks.batchEnd({
          batch: index,
          size: batch.size,
          logs: () => trainer.logs(),
          batchLoss: () => trainer.lastBatchLoss(),
        });
        index++;
        if (model.stopTraining) break;
      }
      logs = await trainer.logs();
      if (validation != null) {
        trainer.reset();
        for await (const batch of validation()) {
          try {
            trainer.testStep(batch.x, batch.y, null, batch.size);
          } finally {
            disposeBatch(batch);
          }
        }
        logs = { ...logs, ...(await trainer.logs('val_')) };
      }
      await callbacks.epochEnd(epoch, logs);
    }
  } finally {
    dispose(owned);
  }
  await callbacks.trainEnd(logs);
  return history;
}

/** Runs `evaluate` (see `Model.evaluate`). */
export async function evaluateLoop(
  model: Model,
  trainer: Trainer,
  x: LayerInputs | AsyncIterable<DatasetBatch>,
  y: LayerOutputs | null,
  { batchSize = 32 }: EvaluateOptions,
): Promise<Logs> {
  trainer.reset();
  const batches = isDataset(x)
    ? datasetBatches(x)
    : arrayBatches(x, y as LayerOutputs, countSamples(model, x, y), batchSize, null);
  for await (const batch of batches) {
    try {
      trainer.testStep(batch.x, batch.y, null, batch.size);
    } finally {
      disposeBatch(batch);
    }
  }
  const logs = await trainer.logs();
  trainer.reset();
  return logs;
}
