import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seed, type Tensor, tensor, train, useBackend } from '@strata/core';
import { maxAbsDiff } from '@strata/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Concatenate } from '../layers/concatenate.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { input } from '../layers/input-layer.js';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { model } from '../models/functional.js';
import type { Model } from '../models/model.js';
import { sequential } from '../models/sequential.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { loadModel } from './load-model.js';

// tfjs-layers runs in its own process (ENVIRONMENT.md: its chained ops come with the union
// package, and its tfjs-core must not meet Strata's); models travel through a temp folder,
// inputs and predictions as JSON.
const PEER = fileURLToPath(new URL('./interop/tfjs-peer.cjs', import.meta.url));
const TOLERANCE = 1e-5;

interface Data {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: number[];
}
interface PeerResponse {
  outputs: { shape: number[]; values: number[] }[];
  classNames: string[];
}

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

/** Deterministic data: no random stream shared between the two processes. */
function data(shape: number[], f: (i: number) => number, dtype: Data['dtype'] = 'float32'): Data {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, dtype, values: Array.from({ length: n }, (_, i) => f(i)) };
}
const toTensor = (d: Data) => tensor(d.values, d.shape, d.dtype);

const mlpX = data([32, 4], (i) => Math.sin(i * 0.7));
const mlpY = data([32, 3], (i) => (Math.floor(i / 3) % 3 === i % 3 ? 1 : 0));
const ids = data([16, 5], (i) => (i * 7 + 3) % 20, 'int32');
const feats = data([16, 3], (i) => Math.cos(i * 0.3));
const targets = data([16, 2], (i) => Math.tanh(Math.sin(i)));

async function expectSamePredictions(m: Model, inputs: Data[], response: PeerResponse) {
  const xs = inputs.map(toTensor);
  const y = m.predict(xs.length === 1 ? xs[0] : xs) as Tensor;
  expect(response.outputs[0].shape).toEqual(y.shape);
  expect(await maxAbsDiff(y, response.outputs[0].values)).toBeLessThan(TOLERANCE);
  for (const t of [...xs, y]) t.dispose();
}

function strataMlp(): Model {
  return sequential([
    new Dense({ units: 8, activation: 'relu', inputShape: [4] }),
    new Dropout({ rate: 0.2 }),
    new LayerNormalization(),
    new Dense({ units: 3, activation: 'softmax' }),
  ]);
}

function strataFunctional(): Model {
  const idsIn = input({ shape: [5], dtype: 'int32', name: 'ids' });
  const featsIn = input({ shape: [3], name: 'feats' });
  const embedded = new Embedding({ inputDim: 20, outputDim: 4 }).apply(idsIn) as SymbolicTensor;
  const flat = new Flatten().apply(embedded) as SymbolicTensor;
  const joined = new Concatenate().apply([flat, featsIn]) as SymbolicTensor;
  const out = new Dense({ units: 2, activation: 'tanh' }).apply(joined) as SymbolicTensor;
  return model({ inputs: [idsIn, featsIn], outputs: out });
}

/**
 * Trains one epoch and returns the loss before and after. `fullBatch`: one plain gradient
 * step on all samples with a small rate, which lowers the loss for sure.
 */
async function fitSteps(
  m: Model,
  inputs: Data[],
  y: Data,
  loss: string,
  { fullBatch = false } = {},
): Promise<number[]> {
  m.compile({ optimizer: fullBatch ? train.sgd(0.05) : train.adam(0.01), loss: loss as never });
  const xs = inputs.map(toTensor);
  const ys = toTensor(y);
  const x = xs.length === 1 ? xs[0] : xs;
  const before = (await m.evaluate(x, ys)).loss;
  seed(1); // dropout masks
  const batchSize = fullBatch ? y.shape[0] : 4;
  await m.fit(x, ys, { epochs: 1, batchSize, verbose: 0, seed: 1 });
  const after = (await m.evaluate(x, ys)).loss;
  for (const t of [...xs, ys]) t.dispose();
  return [before, after];
}

beforeAll(async () => {
  await useBackend('cpu');
  root = await fs.mkdtemp(join(tmpdir(), 'strata-interop-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('interop with tfjs-layers 4.22', () => {
  it('a Strata MLP (Dense, Dropout, LayerNormalization), trained, loads in tfjs-layers', async () => {
    const m = strataMlp();
    await fitSteps(m, [mlpX], mlpY, 'categoricalCrossentropy');
    const dir = join(root, 'strata-mlp');
    await m.save(dir);
    const response = await peer({ action: 'predict', dir, inputs: [mlpX] });
    expect(response.classNames).toEqual(['Dense', 'Dropout', 'LayerNormalization', 'Dense']);
    await expectSamePredictions(m, [mlpX], response);
    m.dispose();
  });

  it('a tfjs-layers MLP, trained and saved by tfjs, loads in Strata and trains on', async () => {
    const dir = join(root, 'tfjs-mlp');
    const response = await peer({
      action: 'build',
      kind: 'mlp',
      dir,
      inputs: [mlpX],
      targets: mlpY,
    });
    const m = await loadModel(dir);
    expect(
      (m as unknown as { layers: { className: string }[] }).layers.map((l) => l.className),
    ).toEqual(['Dense', 'Dropout', 'LayerNormalization', 'Dense']);
    await expectSamePredictions(m, [mlpX], response);
    const [before, after] = await fitSteps(m, [mlpX], mlpY, 'categoricalCrossentropy', {
      fullBatch: true,
    });
    expect(after).toBeLessThan(before);
    m.dispose();
  });

  it('a Strata functional model (two inputs, Embedding, Concatenate) loads in tfjs-layers', async () => {
    const m = strataFunctional();
    await fitSteps(m, [ids, feats], targets, 'meanSquaredError');
    const dir = join(root, 'strata-functional');
    await m.save(dir);
    const response = await peer({ action: 'predict', dir, inputs: [ids, feats] });
    expect(response.classNames).toEqual(
      expect.arrayContaining(['InputLayer', 'Embedding', 'Flatten', 'Concatenate', 'Dense']),
    );
    await expectSamePredictions(m, [ids, feats], response);
    m.dispose();
  });

  it('a tfjs-layers functional model (class_name Model) loads in Strata and trains on', async () => {
    const dir = join(root, 'tfjs-functional');
    const response = await peer({
      action: 'build',
      kind: 'functional',
      dir,
      inputs: [ids, feats],
      targets,
    });
    const json = JSON.parse(await fs.readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.modelTopology.class_name).toBe('Model');
    const m = await loadModel(dir);
    await expectSamePredictions(m, [ids, feats], response);
    const [before, after] = await fitSteps(m, [ids, feats], targets, 'meanSquaredError', {
      fullBatch: true,
    });
    expect(after).toBeLessThan(before);
    m.dispose();
  });
});
