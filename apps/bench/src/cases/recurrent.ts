/**
 * The recurrent-model cases (LSTM, GRU, SimpleRNN): one recurrent layer over [batch, T,
 * features] and a Dense softmax head on its last output, built the same way in Strata and
 * tfjs-layers. `lstm-train.ts`, `gru-train.ts`, … pick a cell and a kind.
 */
import { seed, type Tensor } from '@strata/core';
import { Dense, sequential } from '@strata/layers';
import { GRU, LSTM, SimpleRNN } from '@strata/rnn';
import * as tfjs from '@tensorflow/tfjs';
import {
  inferRunners,
  labelBatches,
  randomBatches,
  shareWeights,
  trainRunners,
} from './model-runners.js';
import type { BenchCase, Suite } from './train-case.js';

export type Cell = 'lstm' | 'gru' | 'simplernn';

/** Sizes of a recurrent case. */
export interface RecurrentShape {
  units: number;
  steps: number;
  features: number;
  classes: number;
}

export const RECURRENT: RecurrentShape = { units: 128, steps: 50, features: 32, classes: 10 };
const BATCH = 64;
const BATCHES = 4;

/** Gates per cell: each is one [features + units] × units matMul per time step. */
export const GATES: Record<Cell, number> = { lstm: 4, gru: 3, simplernn: 1 };

/**
 * Forward FLOPs per sample: per step 2·gates·units·(features + units) (the input and
 * recurrent matMuls; gate activations and elementwise products not counted), × T, plus the
 * Dense head 2·units·classes.
 */
export function recurrentForwardFlops(cell: Cell, s: RecurrentShape = RECURRENT): number {
  return 2 * GATES[cell] * s.units * (s.features + s.units) * s.steps + 2 * s.units * s.classes;
}

/**
 * Forward + backward: 3× the forward (input gradient and weight gradient of every matMul),
 * less the input gradient of x·W (2·gates·units·features per step), which nothing needs.
 */
export function recurrentTrainFlops(cell: Cell, s: RecurrentShape = RECURRENT): number {
  return 3 * recurrentForwardFlops(cell, s) - 2 * GATES[cell] * s.units * s.features * s.steps;
}

const NAMES: Record<Cell, string> = { lstm: 'LSTM', gru: 'GRU', simplernn: 'SimpleRNN' };

function strataModel(cell: Cell, s: RecurrentShape) {
  const base = { units: s.units, inputShape: [s.steps, s.features] };
  const rnn =
    cell === 'lstm'
      ? new LSTM({ ...base, recurrentActivation: 'sigmoid' })
      : cell === 'gru'
        ? new GRU({ ...base, recurrentActivation: 'sigmoid', resetAfter: false })
        : new SimpleRNN(base);
  return sequential([rnn, new Dense({ units: s.classes, activation: 'softmax' })]);
}

function tfjsModel(cell: Cell, s: RecurrentShape): tfjs.Sequential {
  const base = { units: s.units, inputShape: [s.steps, s.features] };
  // tfjs-layers defaults to hard_sigmoid and refuses resetAfter true: sigmoid and
  // resetAfter false on both sides.
  const rnn =
    cell === 'lstm'
      ? tfjs.layers.lstm({ ...base, recurrentActivation: 'sigmoid' })
      : cell === 'gru'
        ? tfjs.layers.gru({ ...base, recurrentActivation: 'sigmoid', resetAfter: false } as never)
        : tfjs.layers.simpleRNN(base);
  return tfjs.sequential({
    layers: [rnn, tfjs.layers.dense({ units: s.classes, activation: 'softmax' })],
  });
}

/** A recurrent case: `cell`, train or infer, at any size (the bench's and the tests' tiny one). */
export function recurrentCase(
  cell: Cell,
  kind: 'train' | 'infer',
  options: { suite?: Suite; shape?: RecurrentShape; batch?: number } = {},
): BenchCase {
  const s = options.shape ?? RECURRENT;
  const batch = options.batch ?? BATCH;
  return {
    name: `${cell}-${kind}`,
    description: `${NAMES[cell]}(${s.units}) over T=${s.steps}×${s.features} + Dense(${s.classes}) ${kind === 'train' ? 'Adam' : 'predict'}, batch ${batch}`,
    kind,
    suite: options.suite ?? 'quick',
    // Seconds a step off Node wasm (cpu, headless Chromium): the rest in `full` only.
    quickBackends: ['wasm'],
    tolerance: kind === 'train' ? 1e-4 : 1e-5,
    batchSize: batch,
    flopsPerSample:
      kind === 'train' ? recurrentTrainFlops(cell, s) : recurrentForwardFlops(cell, s),
    async setup() {
      const xs: Tensor[] = randomBatches(7, BATCHES, [batch, s.steps, s.features]);
      seed(1);
      const strata = strataModel(cell, s);
      const peer = tfjsModel(cell, s);
      shareWeights(strata, peer, xs[0]);
      if (kind === 'infer') return inferRunners(strata, peer, xs);
      const ys = labelBatches(8, BATCHES, batch, s.classes);
      return trainRunners(strata, peer, 'sparseCategoricalCrossentropy', xs, ys);
    },
  };
}
