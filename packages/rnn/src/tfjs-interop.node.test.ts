import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seed, type Tensor, tensor, useBackend } from '@strata/core';
import { Embedding, type Layer, loadModel, saveModel, sequential } from '@strata/layers';
import { maxAbsDiff } from '@strata/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bidirectional } from './bidirectional.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { registry } from './registry.js';
import { SimpleRNN } from './simple-rnn.js';

// tfjs-layers runs in its own process (ENVIRONMENT.md): every case goes over in one request,
// as the tfjs layer spec, the weights Strata drew, and the input; predictions come back.
const PEER = fileURLToPath(new URL('./interop/tfjs-rnn-peer.cjs', import.meta.url));
const TOLERANCE = 1e-5;

interface PeerLayer {
  type: string;
  config: Record<string, unknown>;
  weights?: { shape: number[]; values: number[] }[];
}
interface Case {
  title: string;
  strata: () => Layer[];
  tfjs: PeerLayer[];
  input: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] };
}

const floats = {
  shape: [3, 5, 4],
  dtype: 'float32' as const,
  values: Array.from({ length: 60 }, (_, i) => Math.sin(i * 0.37) * 1.5),
};
// Zero-padded ids: the rows have 5, 3 and 1 real steps (padding at the end, and a leading 0).
const ids = {
  shape: [3, 5],
  dtype: 'int32' as const,
  values: [3, 1, 4, 1, 5, 2, 6, 5, 0, 0, 0, 7, 0, 0, 0],
};
// tfjs-layers defaults the gates to hardSigmoid: both sides are told sigmoid.
const sig = { recurrentActivation: 'sigmoid' };
const embed = (): PeerLayer => ({
  type: 'embedding',
  config: { inputDim: 8, outputDim: 4, maskZero: true, inputShape: [5] },
});

const CASES: Case[] = [
  ...[false, true].map((returnSequences) => ({
    title: `LSTM, returnSequences ${returnSequences}`,
    strata: () => [new LSTM({ units: 3, returnSequences })],
    tfjs: [{ type: 'lstm', config: { units: 3, returnSequences, ...sig, inputShape: [5, 4] } }],
    input: floats,
  })),
  {
    title: 'LSTM going backwards, returnSequences',
    strata: () => [new LSTM({ units: 3, returnSequences: true, goBackwards: true })],
    tfjs: [
      {
        type: 'lstm',
        config: { units: 3, returnSequences: true, goBackwards: true, ...sig, inputShape: [5, 4] },
      },
    ],
    input: floats,
  },
  ...[false, true].map((returnSequences) => ({
    title: `GRU (resetAfter false), returnSequences ${returnSequences}, backwards`,
    strata: () => [new GRU({ units: 3, resetAfter: false, returnSequences, goBackwards: true })],
    tfjs: [
      {
        type: 'gru',
        config: { units: 3, returnSequences, goBackwards: true, ...sig, inputShape: [5, 4] },
      },
    ],
    input: floats,
  })),
  {
    title: 'SimpleRNN, returnSequences',
    strata: () => [new SimpleRNN({ units: 3, returnSequences: true })],
    tfjs: [{ type: 'simpleRNN', config: { units: 3, returnSequences: true, inputShape: [5, 4] } }],
    input: floats,
  },
  ...(['lstm', 'gru', 'simpleRNN'] as const).map((type) => ({
    title: `Embedding(maskZero) → ${type}, masked, returnSequences`,
    strata: () => [
      new Embedding({ inputDim: 8, outputDim: 4, maskZero: true, inputShape: [5] }),
      type === 'lstm'
        ? new LSTM({ units: 3, returnSequences: true })
        : type === 'gru'
          ? new GRU({ units: 3, returnSequences: true, resetAfter: false })
          : new SimpleRNN({ units: 3, returnSequences: true }),
    ],
    tfjs: [
      embed(),
      { type, config: { units: 3, returnSequences: true, ...(type === 'simpleRNN' ? {} : sig) } },
    ],
    input: ids,
  })),
  {
    title: 'Embedding(maskZero) → LSTM going backwards, last output',
    strata: () => [
      new Embedding({ inputDim: 8, outputDim: 4, maskZero: true, inputShape: [5] }),
      new LSTM({ units: 3, goBackwards: true }),
    ],
    tfjs: [embed(), { type: 'lstm', config: { units: 3, goBackwards: true, ...sig } }],
    input: ids,
  },
  {
    title: 'Bidirectional(LSTM), concat, returnSequences',
    strata: () => [
      new Bidirectional({
        layer: new LSTM({ units: 2, returnSequences: true }),
        inputShape: [5, 4],
      }),
    ],
    tfjs: [
      {
        type: 'bidirectional',
        config: {
          inputShape: [5, 4],
          layer: { type: 'lstm', config: { units: 2, returnSequences: true, ...sig } },
        },
      },
    ],
    input: floats,
  },
];

let root: string;

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});
let response: { cases: { shape: number[]; values: number[]; weightNames: string[] }[] };
const predictions: { shape: number[]; values: Float32Array; weightNames: string[] }[] = [];

describe('RNN layers against tfjs-layers, same weights', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    root = await fs.mkdtemp(join(tmpdir(), 'strata-rnn-interop-'));
    seed(17);
    for (const c of CASES) {
      const layers = c.strata();
      const m = sequential(layers);
      const x = tensor(c.input.values, c.input.shape, c.input.dtype);
      const y = m.predict(x) as Tensor;
      predictions.push({
        shape: y.shape,
        values: (await y.data()) as Float32Array,
        weightNames: m.weights.map((w) => w.path),
      });
      for (const [i, spec] of c.tfjs.entries()) {
        spec.weights = await Promise.all(
          layers[i].weights.map(async (w) => ({
            shape: w.variable.shape,
            values: Array.from(await w.variable.data()),
          })),
        );
      }
    }
    const requestPath = join(root, 'request.json');
    const responsePath = join(root, 'response.json');
    await fs.writeFile(
      requestPath,
      JSON.stringify({ cases: CASES.map((c) => ({ layers: c.tfjs, input: c.input })) }),
    );
    await promisify(execFile)(process.execPath, [PEER, requestPath, responsePath], {
      timeout: 120_000,
    });
    response = JSON.parse(await fs.readFile(responsePath, 'utf8'));
  }, 180_000);

  for (const [i, c] of CASES.entries()) {
    it(`${c.title}: predictions within ${TOLERANCE}`, async () => {
      const theirs = response.cases[i];
      expect(predictions[i].shape).toEqual(theirs.shape);
      expect(await maxAbsDiff(predictions[i].values, theirs.values)).toBeLessThan(TOLERANCE);
    });
  }

  it('names the weights as tfjs-layers does, up to the layer names', () => {
    // tfjs-layers names layers `lstm_LSTM1`, Strata `lstm_1`: compare with the names mapped.
    const strip = (n: string) => n.replace(/_[A-Za-z]+\d+/g, '').replace(/_\d+/g, '');
    for (const [i, p] of predictions.entries()) {
      expect(p.weightNames.map(strip)).toEqual(response.cases[i].weightNames.map(strip));
    }
  });
});

describe('a model saved by tfjs-layers', () => {
  it('loads in Strata (Embedding → LSTM → Bidirectional(GRU)) and predicts the same', async () => {
    await useBackend('cpu');
    const dir = join(root, 'saved-by-tfjs');
    const requestPath = join(root, 'save-request.json');
    const responsePath = join(root, 'save-response.json');
    await fs.writeFile(requestPath, JSON.stringify({ save: { dir, input: ids } }));
    await promisify(execFile)(process.execPath, [PEER, requestPath, responsePath], {
      timeout: 120_000,
    });
    const theirs = JSON.parse(await fs.readFile(responsePath, 'utf8'));
    const m = await loadModel(dir, { registries: [registry] });
    const y = m.predict(tensor(ids.values, ids.shape, ids.dtype)) as Tensor;
    expect(y.shape).toEqual(theirs.shape);
    expect(await maxAbsDiff(y, theirs.values)).toBeLessThan(TOLERANCE);
  }, 120_000);
});

describe('a model saved by Strata', () => {
  it('loads in tfjs-layers (Embedding → LSTM → Bidirectional(GRU, resetAfter false))', async () => {
    await useBackend('cpu');
    seed(4);
    const m = sequential([
      new Embedding({ inputDim: 8, outputDim: 4, maskZero: true, inputShape: [5] }),
      new LSTM({ units: 3, returnSequences: true }),
      new Bidirectional({ layer: new GRU({ units: 2, resetAfter: false }), mergeMode: 'ave' }),
    ]);
    const y = m.predict(tensor(ids.values, ids.shape, ids.dtype)) as Tensor;
    const dir = join(root, 'saved-by-strata');
    await saveModel(m, dir);
    const requestPath = join(root, 'load-request.json');
    const responsePath = join(root, 'load-response.json');
    await fs.writeFile(requestPath, JSON.stringify({ load: { dir, input: ids } }));
    await promisify(execFile)(process.execPath, [PEER, requestPath, responsePath], {
      timeout: 120_000,
    });
    const theirs = JSON.parse(await fs.readFile(responsePath, 'utf8'));
    expect(y.shape).toEqual(theirs.shape);
    expect(await maxAbsDiff(y, theirs.values)).toBeLessThan(TOLERANCE);
  }, 120_000);
});
