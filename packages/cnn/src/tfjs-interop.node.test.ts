import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seed, type Tensor, tensor, train, useBackend } from '@strata/core';
import { Dense, Flatten, loadModel, type Model, saveModel, sequential } from '@strata/layers';
import { maxAbsDiff } from '@strata/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leNet5 } from './builders/le-net5.js';
import { simpleCnn } from './builders/simple-cnn.js';
import { Rescaling } from './images/rescaling.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Conv2D } from './layers/conv2d.js';
import { GlobalAveragePooling2D } from './layers/global-average-pooling-2d.js';
import { MaxPooling2D } from './layers/max-pooling-2d.js';
import { registry } from './registry.js';

// tfjs-layers runs in its own process (ENVIRONMENT.md: its chained ops come with the union
// package, and its tfjs-core must not meet Strata's); models travel through a temp folder,
// inputs and predictions as JSON.
const PEER = fileURLToPath(new URL('./interop/tfjs-cnn-peer.cjs', import.meta.url));
const TOLERANCE = 1e-4;
const CLASS_NAMES = ['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Flatten', 'Dense'];

interface Data {
  shape: number[];
  values: number[];
}
interface PeerResponse extends Data {
  classNames: string[];
  movingMean: number[] | null;
}

/** Deterministic data: no random stream shared between the two processes. */
function data(shape: number[], f: (i: number) => number): Data {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Array.from({ length: n }, (_, i) => f(i)) };
}
const images = data([12, 8, 8, 2], (i) => Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.11));
const targets = data([12, 3], (i) => (Math.floor(i / 3) % 3 === i % 3 ? 1 : 0));

let root: string;
let requests = 0;

async function peer(request: Record<string, unknown>): Promise<PeerResponse> {
  requests += 1;
  const requestPath = join(root, `request-${requests}.json`);
  const responsePath = join(root, `response-${requests}.json`);
  await fs.writeFile(requestPath, JSON.stringify(request));
  await promisify(execFile)(process.execPath, [PEER, requestPath, responsePath], {
    timeout: 60_000,
  });
  return JSON.parse(await fs.readFile(responsePath, 'utf8'));
}

function layerNames(m: Model): string[] {
  return (m as unknown as { layers: { className: string }[] }).layers.map((l) => l.className);
}

async function predictImages(m: Model, input: Data = images): Promise<Tensor> {
  const x = tensor(input.values, input.shape);
  const y = m.predict(x) as Tensor;
  x.dispose();
  return y;
}

beforeAll(async () => {
  await useBackend('cpu');
  root = await fs.mkdtemp(join(tmpdir(), 'strata-cnn-interop-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('Conv2D → BatchNormalization → MaxPooling2D → Flatten → Dense and tfjs-layers 4.22', () => {
  it(`saved by Strata, trained, loads in tfjs-layers and predicts within ${TOLERANCE}`, async () => {
    seed(3);
    const bn = new BatchNormalization({ momentum: 0.5 });
    const m = sequential([
      new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2] }),
      bn,
      new MaxPooling2D({ poolSize: 2 }),
      new Flatten(),
      new Dense({ units: 3, activation: 'softmax' }),
    ]);
    m.compile({ optimizer: train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tensor(images.values, images.shape);
    const y = tensor(targets.values, targets.shape);
    await m.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
    // Training moved the moving statistics away from their initial 0 and 1.
    const movingMean = await bn.movingMean.data();
    expect(Math.max(...Array.from(movingMean, Math.abs))).toBeGreaterThan(0.05);
    const dir = join(root, 'saved-by-strata');
    await saveModel(m, dir);
    const theirs = await peer({ action: 'predict', dir, input: images });
    expect(theirs.classNames).toEqual(CLASS_NAMES);
    expect(theirs.movingMean).toHaveLength(4);
    expect(await maxAbsDiff(theirs.movingMean ?? [], movingMean)).toBe(0);
    const ours = await predictImages(m);
    expect(ours.shape).toEqual(theirs.shape);
    expect(await maxAbsDiff(ours, theirs.values)).toBeLessThan(TOLERANCE);
    ours.dispose();
    m.dispose();
  }, 60_000);

  it(`saved by tfjs-layers, trained, loads in Strata and predicts within ${TOLERANCE}`, async () => {
    const dir = join(root, 'saved-by-tfjs');
    const theirs = await peer({ action: 'build', dir, input: images, targets });
    expect(Math.max(...(theirs.movingMean ?? []).map(Math.abs))).toBeGreaterThan(0.05);
    const m = await loadModel(dir, { registries: [registry] });
    expect(layerNames(m)).toEqual(CLASS_NAMES);
    const bn = (m as unknown as { layers: BatchNormalization[] }).layers[1];
    expect(await maxAbsDiff(bn.movingMean, theirs.movingMean ?? [])).toBe(0);
    const ours = await predictImages(m);
    expect(ours.shape).toEqual(theirs.shape);
    expect(await maxAbsDiff(ours, theirs.values)).toBeLessThan(TOLERANCE);
    ours.dispose();
    m.dispose();
  }, 60_000);

  it('Rescaling → strided same-padded Conv2D → GlobalAveragePooling2D, saved by Strata, loads in tfjs-layers', async () => {
    seed(5);
    const m = sequential([
      new Rescaling({ scale: 0.5, offset: 0.1, inputShape: [8, 8, 2] }),
      new Conv2D({
        filters: 3,
        kernelSize: [3, 2],
        strides: 2,
        padding: 'same',
        activation: 'tanh',
      }),
      new GlobalAveragePooling2D(),
      new Dense({ units: 2 }),
    ]);
    const dir = join(root, 'rescaling-by-strata');
    await saveModel(m, dir);
    const theirs = await peer({ action: 'predict', dir, input: images });
    expect(theirs.classNames).toEqual(['Rescaling', 'Conv2D', 'GlobalAveragePooling2D', 'Dense']);
    const ours = await predictImages(m);
    expect(ours.shape).toEqual(theirs.shape);
    expect(await maxAbsDiff(ours, theirs.values)).toBeLessThan(TOLERANCE);
    ours.dispose();
    m.dispose();
  }, 60_000);

  it('leNet5() and simpleCnn({ batchNorm, dropout }), saved by Strata, load in tfjs-layers', async () => {
    seed(6);
    const digits = data([3, 12, 12, 1], (i) => Math.cos(i * 0.21));
    const models: [Model, Data][] = [
      [leNet5({ inputShape: [12, 12, 1], classes: 4 }), digits],
      [
        simpleCnn({
          inputShape: [8, 8, 2],
          filters: [3, 5],
          dense: 6,
          dropout: 0.3,
          batchNorm: true,
        }),
        images,
      ],
    ];
    for (const [i, [m, input]] of models.entries()) {
      const dir = join(root, `builder-${i}`);
      await saveModel(m, dir);
      const theirs = await peer({ action: 'predict', dir, input });
      const ours = await predictImages(m, input);
      expect(ours.shape).toEqual(theirs.shape);
      expect(await maxAbsDiff(ours, theirs.values)).toBeLessThan(TOLERANCE);
      ours.dispose();
      m.dispose();
    }
  }, 60_000);
});
