/**
 * brain.js 1.6.1 as a third implementation of the MLP cases. brain.js does its own math in
 * plain JS arrays (no tfjs backend), so it runs once per case, alongside the Node cpu rows.
 * Differences from the Strata/tfjs-layers model, stated in each case's notes:
 * - one activation for every layer, the output layer included (relu, no softmax);
 * - loss: mean squared error against one-hot targets (not cross-entropy);
 * - optimizer: per-sample SGD with momentum (one update per sample, not per batch);
 * - no dropout.
 */
import type Brain from 'brain.js';

export const BRAIN_LEARNING_RATE = 0.01;
export const BRAIN_MOMENTUM = 0.1;

export type BrainNet = InstanceType<typeof Brain.NeuralNetwork>;

/**
 * brain.js is loaded on demand and only in Node: the Chromium page bundles the cases too, and
 * brain.js (its train-stream needs Node's `stream`) is external to that bundle.
 */
export function brainAvailable(): boolean {
  return typeof process !== 'undefined' && process.versions?.node != null;
}

async function loadBrain(): Promise<typeof Brain> {
  const m = (await import('brain.js')) as { default?: typeof Brain } & typeof Brain;
  return m.default ?? m;
}
export interface BrainSample {
  input: number[];
  output: number[];
}

/**
 * A brain.js net with Strata's Dense weights (kernel [in, out], bias [out] per layer):
 * brain.js keeps `weights[layer][node][k]` = kernel[k, node].
 */
export async function brainFromDense(
  sizes: readonly number[],
  dense: readonly { kernel: ArrayLike<number>; bias: ArrayLike<number> }[],
): Promise<BrainNet> {
  const brain = await loadBrain();
  const layers: Record<number, unknown>[] = [];
  const input: Record<number, object> = {};
  for (let k = 0; k < sizes[0]; k++) input[k] = {};
  layers.push(input);
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const units = sizes[l];
    const { kernel, bias } = dense[l - 1];
    const layer: Record<number, { bias: number; weights: Record<number, number> }> = {};
    for (let node = 0; node < units; node++) {
      const weights: Record<number, number> = {};
      for (let k = 0; k < fanIn; k++) weights[k] = kernel[k * units + node];
      layer[node] = { bias: bias[node], weights };
    }
    layers.push(layer);
  }
  const net = new brain.NeuralNetwork({
    hiddenLayers: sizes.slice(1, -1) as number[],
    activation: 'relu',
  });
  net.fromJSON({ sizes: [...sizes], layers, activation: 'relu' } as never);
  return net;
}

/** Plain arrays (brain.js 1.6.1 treats a typed array input as a lookup object). */
export function brainSamples(
  x: ArrayLike<number>,
  labels: ArrayLike<number> | null,
  n: number,
  features: number,
  classes = 10,
): BrainSample[] {
  const out: BrainSample[] = [];
  for (let i = 0; i < n; i++) {
    const input = Array.from({ length: features }, (_, k) => x[i * features + k]);
    const output = new Array<number>(classes).fill(0);
    if (labels != null) output[labels[i]] = 1;
    out.push({ input, output });
  }
  return out;
}

/** brain.js's training error on a batch without training: mean over samples of the output MSE. */
export function brainMse(net: BrainNet, batch: readonly BrainSample[]): number {
  let sum = 0;
  for (const s of batch) {
    const y = net.run(s.input) as ArrayLike<number>;
    let e = 0;
    for (let k = 0; k < s.output.length; k++) e += (s.output[k] - y[k]) ** 2;
    sum += e / s.output.length;
  }
  return sum / batch.length;
}

/** One pass over the batch: brain.js's own loop, one iteration, one update per sample. */
export function brainTrainStep(net: BrainNet, batch: BrainSample[]): number {
  const status = net.train(batch, {
    iterations: 1,
    errorThresh: 1e-9, // must be in (0, 1); status.error starts at 1, so one pass always runs
    learningRate: BRAIN_LEARNING_RATE,
    momentum: BRAIN_MOMENTUM,
  } as never);
  return status.error;
}
