import { dispose, RandomStream, seed, type Tensor, tensor, tidy } from '@strata/core';
import { Dense, Dropout, sequential } from '@strata/layers';
import * as tfjs from '@tensorflow/tfjs';
import {
  BRAIN_LEARNING_RATE,
  BRAIN_MOMENTUM,
  brainAvailable,
  brainFromDense,
  brainMse,
  brainSamples,
  brainTrainStep,
} from './brainjs.js';
import type { BenchCase, CaseRunner } from './train-case.js';

const LAYERS = [784, 256, 128, 10];
const BATCH = 128;
const BATCHES = 8;

/** 2·(in·out) per Dense forward (the matMuls only; bias, activations and softmax not counted). */
export function mlpForwardFlops(layers: readonly number[] = LAYERS): number {
  let forward = 0;
  for (let i = 0; i + 1 < layers.length; i++) forward += 2 * layers[i] * layers[i + 1];
  return forward;
}

/** Forward + backward: twice the forward for the backward, except the first layer's input gradient. */
export function mlpTrainFlops(layers: readonly number[] = LAYERS): number {
  return 3 * mlpForwardFlops(layers) - 2 * layers[0] * layers[1];
}

/** Strata's Dense weights (kernel, bias per layer, dropout has none) as plain arrays. */
export async function denseArrays(
  weights: readonly Tensor[],
): Promise<{ kernel: Float32Array; bias: Float32Array }[]> {
  const out: { kernel: Float32Array; bias: Float32Array }[] = [];
  for (let i = 0; i + 1 < weights.length; i += 2) {
    out.push({
      kernel: (await weights[i].data()) as Float32Array,
      bias: (await weights[i + 1].data()) as Float32Array,
    });
  }
  return out;
}

export function mlpData(): { x: Float32Array; y: Int32Array } {
  const rng = new RandomStream(7);
  const n = BATCH * BATCHES;
  // Fashion-MNIST-shaped: pixels in [0, 1), 10 classes.
  return { x: rng.uniformArray(n * 784), y: Int32Array.from({ length: n }, () => rng.int(10)) };
}

/**
 * MLP 784-256-128-10 (relu, dropout 0.2, softmax), Adam 1e-3, sparse categorical
 * cross-entropy, batch 128, on Fashion-MNIST-shaped random data.
 */
export const mlpTrain: BenchCase = {
  name: 'mlp-train',
  description: 'MLP 784-256-128-10, relu, dropout 0.2, Adam, batch 128',
  kind: 'train',
  suite: 'quick',
  tolerance: 1e-4,
  batchSize: BATCH,
  flopsPerSample: mlpTrainFlops(),
  async setup() {
    const { x, y } = mlpData();
    seed(1);
    const strata = sequential([
      new Dense({ units: 256, activation: 'relu', inputShape: [784] }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 128, activation: 'relu' }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 10, activation: 'softmax' }),
    ]);
    strata.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const peer = tfjs.sequential({
      layers: [
        tfjs.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }),
        tfjs.layers.dropout({ rate: 0.2 }),
        tfjs.layers.dense({ units: 128, activation: 'relu' }),
        tfjs.layers.dropout({ rate: 0.2 }),
        tfjs.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    peer.compile({
      optimizer: tfjs.train.adam(0.001, 0.9, 0.999, 1e-7),
      loss: 'sparseCategoricalCrossentropy',
    });
    const initial = strata.getWeights();
    peer.setWeights(initial as never);
    const brainNet = brainAvailable()
      ? await brainFromDense(LAYERS, await denseArrays(initial))
      : null;
    dispose(initial);

    const xs: Tensor[] = [];
    const ys: Tensor[] = [];
    for (let b = 0; b < BATCHES; b++) {
      xs.push(tensor(x.subarray(b * BATCH * 784, (b + 1) * BATCH * 784), [BATCH, 784]));
      ys.push(tensor(Float32Array.from(y.subarray(b * BATCH, (b + 1) * BATCH)), [BATCH, 1]));
    }
    const evalX = xs[0];
    const evalY = ys[0];
    let i = 0;
    let j = 0;
    const strataRunner: CaseRunner = {
      async step() {
        const k = i++ % BATCHES;
        return (await strata.trainOnBatch(xs[k], ys[k])).loss;
      },
      async evaluate() {
        return (await strata.evaluate(evalX, evalY, { batchSize: BATCH })).loss;
      },
      dispose() {
        strata.dispose();
        dispose([...xs, ...ys]);
      },
    };
    const peerRunner: CaseRunner = {
      async step() {
        const k = j++ % BATCHES;
        const loss = await peer.trainOnBatch(xs[k] as never, ys[k] as never);
        return Array.isArray(loss) ? loss[0] : (loss as number);
      },
      async evaluate() {
        const out = tidy(
          () => peer.evaluate(evalX as never, evalY as never, { batchSize: BATCH }) as tfjs.Scalar,
        );
        const [v] = await out.data();
        out.dispose();
        return v;
      },
      dispose() {
        peer.dispose();
      },
    };
    if (brainNet == null) return { strata: strataRunner, 'tfjs-layers': peerRunner };
    const brainBatches = Array.from({ length: BATCHES }, (_, b) =>
      brainSamples(
        x.subarray(b * BATCH * 784, (b + 1) * BATCH * 784),
        y.subarray(b * BATCH, (b + 1) * BATCH),
        BATCH,
        784,
      ),
    );
    let m = 0;
    const brainRunner: CaseRunner = {
      // One honest pass over the batch: brain.js's train() for one iteration, which runs
      // forward, backward and a momentum-SGD update per sample (128 updates per step).
      async step() {
        return brainTrainStep(brainNet, brainBatches[m++ % BATCHES]);
      },
      async evaluate() {
        return brainMse(brainNet, brainBatches[0]);
      },
      dispose() {},
      note:
        `brain.js 1.6.1, own JS math (no tfjs backend; run on the Node cpu rows only). Same ` +
        'initial weights as Strata, but no dropout, relu on the output layer (no softmax), ' +
        `MSE loss against one-hot targets, SGD with momentum ${BRAIN_MOMENTUM} at learning ` +
        `rate ${BRAIN_LEARNING_RATE} updated per sample (Strata/tfjs: Adam per batch). Initial ` +
        'loss is brain.js MSE; agreement with Strata is n/a (different loss and output ' +
        'activation). GFLOP/s uses the Strata count; the per-sample momentum update adds ' +
        '~3 more FLOPs per weight per sample, not counted.',
    };
    return { strata: strataRunner, 'tfjs-layers': peerRunner, brainjs: brainRunner };
  },
};
