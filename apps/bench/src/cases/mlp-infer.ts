import { dispose, RandomStream, seed, type Tensor, tensor } from '@strata/core';
import { Dense, Dropout, sequential } from '@strata/layers';
import * as tfjs from '@tensorflow/tfjs';
import { mlpForwardFlops } from './mlp-train.js';
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
      };
    },
  };
}

export const mlpInferB1 = mlpInfer(1);
export const mlpInferB256 = mlpInfer(256);
