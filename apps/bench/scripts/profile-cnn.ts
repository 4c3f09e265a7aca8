/**
 * Per-kernel profile of one CNN training step (the cnn-train case's model), Strata and
 * optionally tfjs-layers (which then also runs on Strata's kernel gaps: they are registered
 * process-wide), on one Node backend. Needs the packages built (`pnpm turbo run build
 * --filter=@strata/bench^...`), then from apps/bench:
 *   npx tsx scripts/profile-cnn.ts wasm|cpu [batch] [steps] [peer]
 * DETAIL=1 lists every kernel over 0.5 ms with its input shapes; INFER=256 also profiles
 * predict at that batch size, alternating Strata and tfjs-layers twice.
 */
import { memory, profile, useBackend } from '@strata/core';
import * as tfjs from '@tensorflow/tfjs';
import { CNN, strataCnn, tfjsCnn } from '../src/cases/cnn-train.js';
import { labelBatches, randomBatches, shareWeights } from '../src/cases/model-runners.js';

const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
const batch = Number(process.argv[3] ?? 64);
const steps = Number(process.argv[4] ?? 3);
const withPeer = process.argv[5] === 'peer';

await useBackend(backend);
const xs = randomBatches(7, 2, [batch, CNN.side, CNN.side, CNN.channels]);
const ys = labelBatches(8, 2, batch, CNN.classes);
const model = strataCnn();
const peer = tfjsCnn();
shareWeights(model, peer, xs[0]);
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
peer.compile({
  optimizer: tfjs.train.adam(0.001, 0.9, 0.999, 1e-7),
  loss: 'sparseCategoricalCrossentropy',
});

async function report(label: string, run: () => Promise<void>) {
  await run(); // warm-up
  const t0 = performance.now();
  for (let i = 1; i < steps; i++) await run();
  const ms = (performance.now() - t0) / Math.max(1, steps - 1);
  const info = await profile(run);
  const byName = new Map<string, { ms: number; n: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.n++;
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((a, b) => a + b.ms, 0);
  console.log(
    `\n${label} on ${backend}, batch ${batch}: ${ms.toFixed(1)} ms/step = ${((batch * 1000) / ms).toFixed(1)} samples/s; kernels ${info.kernels.length}, kernel time ${total.toFixed(1)} ms, peakBytes ${(info.peakBytes / 1e6).toFixed(1)} MB`,
  );
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`  ${name.padEnd(32)} ${e.ms.toFixed(2).padStart(9)} ms  ×${e.n}`);
  }
  if (process.env.DETAIL) {
    for (const k of info.kernels.filter((k) => (Number(k.kernelTimeMs) || 0) > 0.5)) {
      console.log(
        `    ${k.name} ${JSON.stringify(k.inputShapes)} ${Number(k.kernelTimeMs).toFixed(2)}`,
      );
    }
  }
}

let i = 0;
await report('strata', async () => {
  await model.trainOnBatch(xs[i % 2], ys[i++ % 2]);
});
if (withPeer) {
  let j = 0;
  await report('tfjs-layers', async () => {
    await peer.trainOnBatch(xs[j % 2] as never, ys[j++ % 2] as never);
  });
}
console.log('tensors', memory().numTensors);

if (process.env.INFER) {
  const b = Number(process.env.INFER);
  const xi = randomBatches(9, 1, [b, CNN.side, CNN.side, CNN.channels])[0];
  const once = async (f: () => unknown) => {
    const y = f() as { data(): Promise<unknown>; dispose(): void };
    await y.data();
    y.dispose();
  };
  for (let r = 0; r < 2; r++) {
    await report(`strata predict b${b}`, () => once(() => model.predict(xi, { batchSize: b })));
    await report(`tfjs-layers predict b${b}`, () =>
      once(() => peer.predict(xi as never, { batchSize: b })),
    );
  }
}
