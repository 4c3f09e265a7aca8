import { RandomStream, seed, type Tensor, tensor } from '@strata/core';
import { Dense, RepeatVector, sequential } from '@strata/layers';
import { LSTM, TimeDistributed } from '@strata/rnn';
import * as tfjs from '@tensorflow/tfjs';
import { shareWeights, trainRunners } from './model-runners.js';
import type { BenchCase } from './train-case.js';

/** The Keras addition example: "123+45 " (7 chars) in, "168 " (4 chars) out, 12 symbols. */
export interface Seq2SeqShape {
  inSteps: number;
  outSteps: number;
  chars: number;
  units: number;
}

export const SEQ2SEQ: Seq2SeqShape = { inSteps: 7, outSteps: 4, chars: 12, units: 128 };
const BATCH = 64;
const BATCHES = 4;

/**
 * Forward FLOPs per sample: encoder LSTM 2·4·u·(chars + u)·T_in, decoder LSTM
 * 2·4·u·(u + u)·T_out, TimeDistributed Dense 2·u·chars·T_out (matMuls only).
 */
export function seq2seqForwardFlops(s: Seq2SeqShape = SEQ2SEQ): number {
  const u = s.units;
  return (
    2 * 4 * u * (s.chars + u) * s.inSteps +
    2 * 4 * u * (u + u) * s.outSteps +
    2 * u * s.chars * s.outSteps
  );
}

/** Forward + backward: 3× the forward, less the encoder's input gradient of x·W. */
export function seq2seqTrainFlops(s: Seq2SeqShape = SEQ2SEQ): number {
  return 3 * seq2seqForwardFlops(s) - 2 * 4 * s.units * s.chars * s.inSteps;
}

/** `count` batches of one-hot sequences [batch, steps, chars]. */
function oneHotBatches(
  rng: RandomStream,
  count: number,
  batch: number,
  steps: number,
  chars: number,
): Tensor[] {
  return Array.from({ length: count }, () => {
    const data = new Float32Array(batch * steps * chars);
    for (let i = 0; i < batch * steps; i++) data[i * chars + rng.int(chars)] = 1;
    return tensor(data, [batch, steps, chars]);
  });
}

/** The seq2seq training case at any size (the bench's one and the tests' tiny one). */
export function seq2seqTrainCase(s: Seq2SeqShape = SEQ2SEQ, batch = BATCH): BenchCase {
  return {
    name: 'seq2seq-train',
    description: `seq2seq LSTM(${s.units}) → RepeatVector(${s.outSteps}) → LSTM(${s.units}) → TimeDistributed(Dense(${s.chars})), one-hot ${s.inSteps}×${s.chars}, Adam, batch ${batch}`,
    kind: 'train',
    suite: 'quick',
    // Seconds a step off Node wasm (cpu, headless Chromium): the rest in `full` only.
    quickBackends: ['wasm'],
    tolerance: 1e-4,
    batchSize: batch,
    flopsPerSample: seq2seqTrainFlops(s),
    async setup() {
      const rng = new RandomStream(7);
      const xs = oneHotBatches(rng, BATCHES, batch, s.inSteps, s.chars);
      const ys = oneHotBatches(rng, BATCHES, batch, s.outSteps, s.chars);
      seed(1);
      const strata = sequential([
        new LSTM({
          units: s.units,
          recurrentActivation: 'sigmoid',
          inputShape: [s.inSteps, s.chars],
        }),
        new RepeatVector({ n: s.outSteps }),
        new LSTM({ units: s.units, recurrentActivation: 'sigmoid', returnSequences: true }),
        new TimeDistributed({ layer: new Dense({ units: s.chars, activation: 'softmax' }) }),
      ]);
      const peer = tfjs.sequential({
        layers: [
          tfjs.layers.lstm({
            units: s.units,
            recurrentActivation: 'sigmoid',
            inputShape: [s.inSteps, s.chars],
          }),
          tfjs.layers.repeatVector({ n: s.outSteps }),
          tfjs.layers.lstm({
            units: s.units,
            recurrentActivation: 'sigmoid',
            returnSequences: true,
          }),
          tfjs.layers.timeDistributed({
            layer: tfjs.layers.dense({ units: s.chars, activation: 'softmax' }),
          }),
        ],
      });
      shareWeights(strata, peer, xs[0]);
      return trainRunners(strata, peer, 'categoricalCrossentropy', xs, ys);
    },
  };
}

/** The Keras addition-example seq2seq, batch 64. */
export const seq2seqTrain: BenchCase = seq2seqTrainCase();
