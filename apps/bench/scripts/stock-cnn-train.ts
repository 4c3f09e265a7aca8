/**
 * tfjs-layers' CNN training step (the cnn-train case's model) with stock tfjs kernels only: no
 * Strata kernel gaps are registered in this process. Compare with profile-cnn.ts's Strata rows:
 *   npx tsx scripts/stock-cnn-train.ts cpu [batch] [steps]
 */
import * as tfjs from '@tensorflow/tfjs';
import { CNN, tfjsCnn } from '../src/cases/cnn-train.js';

const backend = process.argv[2] ?? 'cpu';
const batch = Number(process.argv[3] ?? 64);
const steps = Number(process.argv[4] ?? 2);
await tfjs.setBackend(backend);
await tfjs.ready();
const x = tfjs.randomUniform([batch, CNN.side, CNN.side, CNN.channels]);
const y = tfjs.tensor2d(
  Array.from({ length: batch }, (_, i) => i % CNN.classes),
  [batch, 1],
);
const model = tfjsCnn();
model.compile({
  optimizer: tfjs.train.adam(0.001, 0.9, 0.999, 1e-7),
  loss: 'sparseCategoricalCrossentropy',
});
await model.trainOnBatch(x, y); // warm-up
const t0 = performance.now();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
const ms = (performance.now() - t0) / steps;
console.log(
  `stock tfjs-layers on ${backend}, batch ${batch}: ${ms.toFixed(0)} ms/step = ${((batch * 1000) / ms).toFixed(2)} samples/s`,
);
