import { dispose, RandomStream, seed, type Tensor, tensor } from '@strata/core';
import { Dense, Dropout, sequential } from '@strata/layers';
import * as tfjs from '@tensorflow/tfjs';
import { brainAvailable, brainFromDense } from './brainjs.js';
import { denseArrays, mlpForwardFlops } from './mlp-train.js';
import type { BenchCase, CaseRunner } from './train-case.js';

/** Distinct input batches cycled through, so no step can reuse a cached result. */
const BATCHES = 4;

function one(t: Tensor | Tensor[]): Tensor {
  return Array.isArray(t) ? t[0] : t;
}

/**
 * `predict` of the MLP 784-256-128-10 (the mlp-train model, dropout inactive) at one batch
 * size: batch 1 measures latency, batch 256 throughput. Both implementations get Strata's
 * initial weights; their outputs on the first batch are compared.
 */
export function mlpInfer(batch: number): BenchCase {
  return {
    name: `mlp-infer-b${batch}`,
    description: `MLP 784-256-128-10 predict, batch ${batch}`,
    kind: 'infer',
    suite: 'quick',
    tolerance: 1e-5,
    batchSize: batch,
    flopsPerSample: mlpForwardFlops(),
    async setup() {
      seed(1);
      const strata = sequential([
        new Dense({ units: 256, activation: 'relu', inputShape: [784] }),
        new Dropout({ rate: 0.2 }),
        new Dense({ units: 128, activation: 'relu' }),
        new Dropout({ rate: 0.2 }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]);
      const peer = tfjs.sequential({
        layers: [
          tfjs.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }),
          tfjs.layers.dropout({ rate: 0.2 }),
          tfjs.layers.dense({ units: 128, activation: 'relu' }),
          tfjs.layers.dropout({ rate: 0.2 }),
          tfjs.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
      // Strata builds lazily: one forward pass creates its weights before they are copied.
      const rng = new RandomStream(11);
      const xs: Tensor[] = [];
      for (let b = 0; b < BATCHES; b++)
        xs.push(tensor(rng.uniformArray(batch * 784), [batch, 784]));
      dispose(strata.predict(xs[0], { batchSize: batch }));
      const initial = strata.getWeights();
      peer.setWeights(initial as never);
      const brainRunner = brainAvailable() ? await brainInferRunner(batch, xs, initial) : null;
      dispose(initial);

      const runner = (predict: (x: Tensor) => Tensor): CaseRunner => {
        let i = 0;
        return {
          async step() {
            const y = predict(xs[i++ % BATCHES]);
            try {
              const v = await y.data();
              return v[0];
            } finally {
              y.dispose();
            }
          },
          async evaluate() {
            const y = predict(xs[0]);
            try {
              return Array.from(await y.data());
            } finally {
              y.dispose();
            }
          },
          dispose() {},
        };
      };
      const strataRunner = runner((x) => one(strata.predict(x, { batchSize: batch })));
      const peerRunner = runner((x) =>
        one(peer.predict(x as never, { batchSize: batch }) as never),
      );
      return {
        strata: {
          ...strataRunner,
          dispose() {
            strata.dispose();
            dispose(xs);
          },
        },
        'tfjs-layers': {
          ...peerRunner,
          dispose() {
            peer.dispose();
          },
        },
        ...(brainRunner != null ? { brainjs: brainRunner } : {}),
      };
    },
  };
}

export const mlpInferB1 = mlpInfer(1);
export const mlpInferB256 = mlpInfer(256);

/**
 * brain.js on the same weights as Strata (Node only). Its output layer is relu too, so its
 * outputs are compared with a Strata model of the same weights whose last Dense is relu.
 */
async function brainInferRunner(
  batch: number,
  xs: readonly Tensor[],
  initial: Tensor[],
): Promise<CaseRunner> {
  const brainNet = await brainFromDense([784, 256, 128, 10], await denseArrays(initial));
  // brain.js puts relu on its output layer too: its outputs are compared with a Strata
  // model of the same weights whose last Dense is relu (built here, outside the timing).
  const reluOut = sequential([
    new Dense({ units: 256, activation: 'relu', inputShape: [784] }),
    new Dense({ units: 128, activation: 'relu' }),
    new Dense({ units: 10, activation: 'relu' }),
  ]);
  dispose(reluOut.predict(xs[0], { batchSize: batch }));
  reluOut.setWeights(initial);
  const reluY = one(reluOut.predict(xs[0], { batchSize: batch }));
  const reference = Array.from(await reluY.data());
  reluY.dispose();
  // brain.js runs one sample at a time: batch N is N `run()` calls on plain arrays.
  const brainXs: number[][][] = [];
  for (const t of xs) {
    const v = await t.data();
    brainXs.push(
      Array.from({ length: batch }, (_, r) => Array.from(v.subarray(r * 784, (r + 1) * 784))),
    );
  }
  const brainPredict = (rows: number[][]): number[] => {
    const out: number[] = [];
    for (const row of rows) {
      const y = brainNet.run(row) as unknown as ArrayLike<number>;
      for (let k = 0; k < y.length; k++) out.push(y[k]);
    }
    return out;
  };
  let m = 0;
  const brainRunner: CaseRunner = {
    async step() {
      return brainPredict(brainXs[m++ % BATCHES])[0];
    },
    async evaluate() {
      return brainPredict(brainXs[0]);
    },
    async reference() {
      return reference;
    },
    // Disposed with the case, not in set-up: an early Strata model dispose broke
    // tfjs-layers' predict on wasm in the same case.
    dispose() {
      reluOut.dispose();
    },
    note:
      'brain.js 1.6.1, own JS math (no tfjs backend; run on the Node cpu rows only), ' +
      `batch ${batch} = ${batch} run() calls. Same weights as Strata, no dropout (inactive ` +
      'at inference anyway), but relu on the output layer instead of softmax: its outputs ' +
      'are compared with Strata on the same weights with a relu output layer.',
  };
  return brainRunner;
}
