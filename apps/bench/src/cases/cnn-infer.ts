import { seed } from '@strata/core';
import { CNN, cnnForwardFlops, strataCnn, tfjsCnn } from './cnn-train.js';
import { inferRunners, randomBatches, shareWeights } from './model-runners.js';
import type { BenchCase } from './train-case.js';

/** Distinct input batches cycled through, so no step can reuse a cached result. */
const BATCHES = 4;

/**
 * `predict` of the cnn-train model at one batch size (batch 1: latency, batch 256:
 * throughput), Strata's initial weights on both sides; the first batch's outputs are compared.
 */
export function cnnInfer(batch: number): BenchCase {
  return {
    name: `cnn-infer-b${batch}`,
    description: `CNN conv32-pool-conv64-pool-dense128-10 predict, batch ${batch}`,
    kind: 'infer',
    suite: 'quick',
    // Software WebGL/WebGPU in headless Chromium, and batch 256 on Node cpu, take seconds a
    // step: `full` only there.
    quickBackends: batch === 1 ? ['cpu', 'wasm'] : ['wasm'],
    tolerance: 1e-5,
    batchSize: batch,
    flopsPerSample: cnnForwardFlops(),
    async setup() {
      const xs = randomBatches(11, BATCHES, [batch, CNN.side, CNN.side, CNN.channels]);
      seed(1);
      const strata = strataCnn();
      const peer = tfjsCnn();
      shareWeights(strata, peer, xs[0]);
      return inferRunners(strata, peer, xs);
    },
  };
}

export const cnnInferB1 = cnnInfer(1);
export const cnnInferB256 = cnnInfer(256);
