/**
 * Shared plumbing of the model-family cases (CNN, RNN, seq2seq): a Strata model and its
 * tfjs-layers twin built from the same description, Strata's initial weights copied into
 * tfjs-layers, and the train / predict runners the bench steps.
 */
import { dispose, RandomStream, type Tensor, tensor, tidy } from '@strata/core';
import type { sequential } from '@strata/layers';
import * as tfjs from '@tensorflow/tfjs';
import type { CaseRunner, CaseRunners } from './train-case.js';

export type StrataModel = ReturnType<typeof sequential>;

function one(t: Tensor | Tensor[]): Tensor {
  return Array.isArray(t) ? t[0] : t;
}

/**
 * Builds Strata's weights (one predict on `probe`) and copies them into `peer`, in Keras
 * order on both sides (kernel, recurrent kernel, bias per layer).
 */
export function shareWeights(strata: StrataModel, peer: tfjs.LayersModel, probe: Tensor): void {
  dispose(strata.predict(probe, { batchSize: probe.shape[0] }));
  const initial = strata.getWeights();
  const peerShapes = peer.getWeights().map((w) => w.shape.join('×'));
  const ourShapes = initial.map((w) => w.shape.join('×'));
  if (peerShapes.join(',') !== ourShapes.join(',')) {
    dispose(initial);
    throw new Error(
      `weight layouts differ: Strata [${ourShapes.join(', ')}] vs tfjs-layers [${peerShapes.join(', ')}]`,
    );
  }
  peer.setWeights(initial as never);
  dispose(initial);
}

/** `count` random batches of `shape` ([batch, …]) with values in [0, 1). */
export function randomBatches(seedValue: number, count: number, shape: number[]): Tensor[] {
  const rng = new RandomStream(seedValue);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => tensor(rng.uniformArray(size), shape));
}

/** `count` batches of sparse class labels, [batch, 1], as floats. */
export function labelBatches(
  seedValue: number,
  count: number,
  batch: number,
  classes: number,
): Tensor[] {
  const rng = new RandomStream(seedValue);
  return Array.from({ length: count }, () =>
    tensor(
      Float32Array.from({ length: batch }, () => rng.int(classes)),
      [batch, 1],
    ),
  );
}

/**
 * Training runners: Adam 1e-3 (tfjs-layers with Keras' epsilon 1e-7) on both sides, one
 * `trainOnBatch` per step cycling through the batches; `evaluate()` is the loss on the first
 * batch before training. Both models must already share weights and be uncompiled.
 */
export function trainRunners(
  strata: StrataModel,
  peer: tfjs.LayersModel,
  loss: 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy',
  xs: Tensor[],
  ys: Tensor[],
): CaseRunners {
  strata.compile({ optimizer: 'adam', loss });
  peer.compile({ optimizer: tfjs.train.adam(0.001, 0.9, 0.999, 1e-7), loss });
  const batch = xs[0].shape[0];
  let i = 0;
  let j = 0;
  const strataRunner: CaseRunner = {
    async step() {
      const k = i++ % xs.length;
      return (await strata.trainOnBatch(xs[k], ys[k])).loss;
    },
    async evaluate() {
      return (await strata.evaluate(xs[0], ys[0], { batchSize: batch })).loss;
    },
    dispose() {
      strata.dispose();
      dispose([...xs, ...ys]);
    },
  };
  const peerRunner: CaseRunner = {
    async step() {
      const k = j++ % xs.length;
      const l = await peer.trainOnBatch(xs[k] as never, ys[k] as never);
      return Array.isArray(l) ? l[0] : (l as number);
    },
    async evaluate() {
      const out = tidy(
        () => peer.evaluate(xs[0] as never, ys[0] as never, { batchSize: batch }) as tfjs.Scalar,
      );
      const [v] = await out.data();
      out.dispose();
      return v;
    },
    dispose() {
      peer.dispose();
    },
  };
  return { strata: strataRunner, 'tfjs-layers': peerRunner };
}

/** Predict runners: one `predict` per step on the next batch; `evaluate()` is the first batch's output. */
export function inferRunners(
  strata: StrataModel,
  peer: tfjs.LayersModel,
  xs: Tensor[],
): CaseRunners {
  const batch = xs[0].shape[0];
  const runner = (predict: (x: Tensor) => Tensor, owner: () => void): CaseRunner => {
    let i = 0;
    return {
      async step() {
        const y = predict(xs[i++ % xs.length]);
        const d = await y.data();
        dispose(y);
        return d[0];
      },
      async evaluate() {
        const y = predict(xs[0]);
        const d = await y.data();
        dispose(y);
        return d;
      },
      dispose: owner,
    };
  };
  return {
    strata: runner(
      (x) => one(strata.predict(x, { batchSize: batch })),
      () => {
        strata.dispose();
        dispose(xs);
      },
    ),
    'tfjs-layers': runner(
      (x) => one(peer.predict(x as never, { batchSize: batch }) as never),
      () => peer.dispose(),
    ),
  };
}
