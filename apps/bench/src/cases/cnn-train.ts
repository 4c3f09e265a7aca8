import { Conv2D, MaxPooling2D } from '@strata/cnn';
import { seed, type Tensor } from '@strata/core';
import { Dense, Flatten, sequential } from '@strata/layers';
import * as tfjs from '@tensorflow/tfjs';
import { labelBatches, randomBatches, shareWeights, trainRunners } from './model-runners.js';
import type { BenchCase } from './train-case.js';

/** The CNN's sizes: square input side, its channels, both conv widths, the dense widths. */
export interface CnnShape {
  side: number;
  channels: number;
  filters: [number, number];
  dense: number;
  classes: number;
}

export const CNN: CnnShape = { side: 28, channels: 1, filters: [32, 64], dense: 128, classes: 10 };
const BATCH = 64;
const BATCHES = 4;

/**
 * Forward FLOPs of conv(3×3, same)-pool2-conv(3×3, same)-pool2-flatten-dense-dense: 2·MACs
 * of the convs and matMuls only (bias, relu, pooling and softmax not counted).
 */
export function cnnForwardFlops(s: CnnShape = CNN): number {
  const [f1, f2] = s.filters;
  const conv1 = 2 * s.side * s.side * f1 * 9 * s.channels;
  const half = Math.floor(s.side / 2);
  const conv2 = 2 * half * half * f2 * 9 * f1;
  const quarter = Math.floor(half / 2);
  const flat = quarter * quarter * f2;
  return conv1 + conv2 + 2 * flat * s.dense + 2 * s.dense * s.classes;
}

/**
 * Forward + backward: each conv / dense costs its forward twice more (input gradient and
 * weight gradient), except the first conv's input gradient, which nothing needs.
 */
export function cnnTrainFlops(s: CnnShape = CNN): number {
  return 3 * cnnForwardFlops(s) - 2 * s.side * s.side * s.filters[0] * 9 * s.channels;
}

export function strataCnn(s: CnnShape = CNN) {
  return sequential([
    new Conv2D({
      filters: s.filters[0],
      kernelSize: 3,
      activation: 'relu',
      padding: 'same',
      inputShape: [s.side, s.side, s.channels],
    }),
    new MaxPooling2D({ poolSize: 2 }),
    new Conv2D({ filters: s.filters[1], kernelSize: 3, activation: 'relu', padding: 'same' }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dense({ units: s.dense, activation: 'relu' }),
    new Dense({ units: s.classes, activation: 'softmax' }),
  ]);
}

export function tfjsCnn(s: CnnShape = CNN): tfjs.Sequential {
  return tfjs.sequential({
    layers: [
      tfjs.layers.conv2d({
        filters: s.filters[0],
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
        inputShape: [s.side, s.side, s.channels],
      }),
      tfjs.layers.maxPooling2d({ poolSize: 2 }),
      tfjs.layers.conv2d({
        filters: s.filters[1],
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
      }),
      tfjs.layers.maxPooling2d({ poolSize: 2 }),
      tfjs.layers.flatten(),
      tfjs.layers.dense({ units: s.dense, activation: 'relu' }),
      tfjs.layers.dense({ units: s.classes, activation: 'softmax' }),
    ],
  });
}

/** A CNN training case at any size (the bench's one and the tests' tiny one). */
export function cnnTrainCase(s: CnnShape = CNN, batch = BATCH): BenchCase {
  return {
    name: 'cnn-train',
    description: `CNN conv${s.filters[0]}-pool-conv${s.filters[1]}-pool-dense${s.dense}-${s.classes}, ${s.side}×${s.side}×${s.channels}, Adam, batch ${batch}`,
    kind: 'train',
    suite: 'quick',
    // Node cpu (tfjs-layers ~37 s a step) and software WebGL/WebGPU (~12 s): `full` only,
    // with one warm-up and a few single-step rounds there.
    quickBackends: ['wasm'],
    slowBackends: ['cpu', 'webgl', 'webgpu'],
    tolerance: 1e-4,
    batchSize: batch,
    flopsPerSample: cnnTrainFlops(s),
    async setup() {
      const xs: Tensor[] = randomBatches(7, BATCHES, [batch, s.side, s.side, s.channels]);
      const ys = labelBatches(8, BATCHES, batch, s.classes);
      seed(1);
      const strata = strataCnn(s);
      const peer = tfjsCnn(s);
      shareWeights(strata, peer, xs[0]);
      return trainRunners(strata, peer, 'sparseCategoricalCrossentropy', xs, ys);
    },
  };
}

/** Conv32-pool-conv64-pool-dense128-10 on Fashion-MNIST-shaped random data, Adam, batch 64. */
export const cnnTrain: BenchCase = cnnTrainCase();
