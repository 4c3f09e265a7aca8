import {
  concat,
  dispose,
  reverse,
  ShapeError,
  slice,
  type Tensor,
  tensor,
  useBackend,
} from '@strata/core';
import { Dense, Embedding, modelFromArtifacts, saveToMemory, sequential } from '@strata/layers';
import { expectNoLeaks, expectTensorsClose, maxAbsDiff, useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRU } from './gru.js';
import { GRUCell } from './gru-cell.js';
import { LSTM } from './lstm.js';
import { LSTMCell } from './lstm-cell.js';
import { registry } from './registry.js';
import { RNN, type RNNConfig } from './rnn.js';
import { SimpleRNN } from './simple-rnn.js';

/** [batch 2, time 3, features 4] of fixed values. */
const sequence = () =>
  tensor(
    Array.from({ length: 24 }, (_, i) => Math.sin(i * 0.7)),
    [2, 3, 4],
  );

const data = async (t: Tensor | Tensor[]) => Array.from(await (t as Tensor).data());

describe('RNN', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('runs any cell over time: RNN(LSTMCell) equals LSTM with the same weights', async () => {
    const x = sequence();
    const lstm = new LSTM({ units: 3, returnSequences: true });
    const rnn = new RNN({ cell: new LSTMCell({ units: 3 }), returnSequences: true });
    const a = lstm.apply(x) as Tensor;
    rnn.apply(x);
    rnn.setWeights(lstm.getWeights());
    await expectTensorsClose(rnn.apply(x) as Tensor, await a.data(), { atol: 0, rtol: 0 });
    expect(rnn.weights.map((w) => w.path)).toEqual([
      `${rnn.name}/kernel`,
      `${rnn.name}/recurrent_kernel`,
      `${rnn.name}/bias`,
    ]);
  });

  it('returns the last output, every output, and the final states', async () => {
    const x = sequence();
    const layer = new LSTM({ units: 3, returnSequences: true, returnState: true });
    const [seq, h, c] = layer.apply(x) as Tensor[];
    expect(seq.shape).toEqual([2, 3, 3]);
    expect(c.shape).toEqual([2, 3]);
    await expectTensorsClose(h, await slice(seq, [0, 2, 0], [2, 1, 3]).data(), { atol: 0 });
    expect(layer.computeOutputShape([null, 3, 4])).toEqual([
      [null, 3, 3],
      [null, 3],
      [null, 3],
    ]);
  });

  it('goes backwards: the same as running forwards over the reversed sequence', async () => {
    const x = sequence();
    const back = new GRU({ units: 3, goBackwards: true, returnSequences: true });
    const fwd = new GRU({ units: 3, returnSequences: true });
    const y = back.apply(x) as Tensor;
    fwd.apply(x);
    fwd.setWeights(back.getWeights());
    await expectTensorsClose(fwd.apply(reverse(x, 1)) as Tensor, await y.data(), { atol: 1e-6 });
  });

  it('starts from given states, as a list [x, h, c] or named {inputs, h, c}', async () => {
    const x = sequence();
    const h0 = tensor([
      [0.1, 0.2, 0.3],
      [-0.1, 0, 0.5],
    ]);
    const c0 = tensor([
      [1, 0, -1],
      [0.5, 0.5, 0.5],
    ]);
    const layer = new LSTM({ units: 3 });
    const zero = await data(layer.apply(x));
    const listed = layer.apply([x, h0, c0]) as Tensor;
    const named = layer.apply({ inputs: x, h: h0, c: c0 }) as Tensor;
    await expectTensorsClose(named, await listed.data(), { atol: 0, rtol: 0 });
    expect(await maxAbsDiff(await listed.data(), zero)).toBeGreaterThan(1e-3);
    expect(() => layer.apply({ inputs: x, h: h0 })).toThrow(ShapeError);
  });

  it('carries the states and output through masked steps', async () => {
    const x = sequence();
    const layer = new SimpleRNN({ units: 3, returnSequences: true, returnState: true });
    // Sample 0: steps 0 and 2 real; sample 1: only step 0.
    const mask = tensor(
      [
        [1, 0, 1],
        [1, 0, 0],
      ],
      [2, 3],
      'bool',
    );
    const [seq, h] = layer.apply(x, { mask }) as Tensor[];
    const s = await seq.array();
    const v = s as number[][][];
    expect(v[0][1]).toEqual(v[0][0]);
    expect(v[1][2]).toEqual(v[1][0]);
    // Sample 0 is the unmasked run over its real steps [x0, x2].
    const real = concat([slice(x, [0, 0, 0], [1, 1, 4]), slice(x, [0, 2, 0], [1, 1, 4])], 1);
    const [, hReal] = layer.apply(real) as Tensor[];
    await expectTensorsClose(slice(h, [0, 0], [1, 3]), await hReal.data(), { atol: 1e-6 });
    // An explicit mask in named inputs gives the same; computeMask hands it on.
    const [named] = layer.apply({ inputs: x, mask }) as Tensor[];
    await expectTensorsClose(named, await seq.data(), { atol: 0, rtol: 0 });
    expect(layer.computeMask(x, mask)).toBe(mask);
    expect(new SimpleRNN({ units: 3 }).computeMask(x, mask)).toBeNull();
  });

  it('stateful: keeps the final states across calls until resetStates()', async () => {
    const x = sequence();
    const layer = new GRU({ units: 3, stateful: true });
    const first = await data(layer.apply(x));
    const second = await data(layer.apply(x));
    expect(await maxAbsDiff(first, second)).toBeGreaterThan(1e-4);
    // The second call equals a stateless call started from the first call's final state.
    const plain = new GRU({ units: 3, returnState: true });
    plain.apply(x);
    plain.setWeights(layer.getWeights());
    const [, h1] = plain.apply(x) as Tensor[];
    await expectTensorsClose((plain.apply([x, h1]) as Tensor[])[0], second, { atol: 1e-6 });
    layer.resetStates();
    await expectTensorsClose(layer.apply(x) as Tensor, first, { atol: 0, rtol: 0 });
    expect(() => layer.apply(concat([x, x]))).toThrow(/expected batch size 2 \(stateful/);
    await expectNoLeaks(() => {
      dispose(layer.apply(x));
    });
    layer.dispose();
  });

  it('draws dropout masks once per sequence, only when training', async () => {
    const x = sequence();
    const layer = new LSTM({ units: 3, dropout: 0.5, recurrentDropout: 0.5 });
    const a = await data(layer.apply(x));
    expect(await data(layer.apply(x))).toEqual(a);
    expect(await maxAbsDiff(await data(layer.apply(x, { training: true })), a)).toBeGreaterThan(
      1e-4,
    );
  });

  it('saves and loads SimpleRNN, LSTM and GRU with Keras names and weights', async () => {
    const m = sequential([
      new SimpleRNN({ units: 3, returnSequences: true, inputShape: [3, 4] }),
      new GRU({ units: 3, returnSequences: true, resetAfter: false }),
      new RNN<RNNConfig>({ cell: new GRUCell({ units: 3 }), returnSequences: true }),
      new LSTM({ units: 2, goBackwards: true, unitForgetBias: false }),
    ]);
    const x = sequence();
    const y = await data(m.predict(x) as Tensor);
    const artifacts = await saveToMemory(m);
    const names = (artifacts.weightSpecs ?? []).map((s) => s.name);
    expect(names).toContain(`${m.layers[3].name}/recurrent_kernel`);
    const topology = JSON.stringify(artifacts.modelTopology);
    expect(topology).toContain('"class_name":"LSTM"');
    expect(topology).toContain('"cell":{"class_name":"GRUCell"');
    expect(topology).toContain('"unit_forget_bias":false');
    expect(topology).toContain('"recurrent_initializer":{"class_name":"Orthogonal"');
    const loaded = modelFromArtifacts(artifacts, { registries: [registry] });
    await expectTensorsClose(loaded.predict(x) as Tensor, y, { atol: 0, rtol: 0 });
  });

  it('GRU with resetAfter (Keras 3, absent from tfjs-layers) matches a plain-JS loop', async () => {
    const x = sequence();
    const layer = new GRU({ units: 3, returnSequences: true, biasInitializer: 'ones' });
    const y = await data(layer.apply(x));
    const [W, U, B] = (await Promise.all(layer.getWeights().map((w) => w.array()))) as [
      number[][],
      number[][],
      number[][],
    ];
    const xs = (await x.array()) as number[][][];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected: number[] = [];
    const dot = (v: number[], m: number[][], col: number) =>
      v.reduce((acc, vi, i) => acc + vi * m[i][col], 0);
    for (const row of xs) {
      let h = [0, 0, 0];
      for (const xt of row) {
        const next = h.map((hj, j) => {
          const z = sig(dot(xt, W, j) + B[0][j] + dot(h, U, j) + B[1][j]);
          const r = sig(dot(xt, W, 3 + j) + B[0][3 + j] + dot(h, U, 3 + j) + B[1][3 + j]);
          const hh = Math.tanh(
            dot(xt, W, 6 + j) + B[0][6 + j] + r * (dot(h, U, 6 + j) + B[1][6 + j]),
          );
          return z * hj + (1 - z) * hh;
        });
        h = next;
        expected.push(...h);
      }
    }
    expect(await maxAbsDiff(y, expected)).toBeLessThan(1e-5);
  });

  it('names the layer on a wrong input rank', () => {
    expect(() => new LSTM({ units: 2, name: 'enc' }).apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'enc'>: expected an input [batch, time, features] with known features",
    );
  });
});

describe('an Embedding + LSTM model on wasm', () => {
  beforeAll(async () => {
    await useTestBackend('wasm');
  });

  it('trains with fit, masking padded steps, and the loss drops', async () => {
    // Label: whether token 1 occurs in the (zero-padded) sequence.
    const ids: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 32; i++) {
      const len = 2 + (i % 4);
      const row = Array.from({ length: 6 }, (_, t) => (t < len ? 1 + ((i * 7 + t * 3) % 5) : 0));
      ids.push(row);
      labels.push(row.includes(1) ? 1 : 0);
    }
    const m = sequential([
      new Embedding({ inputDim: 6, outputDim: 4, maskZero: true, inputShape: [6] }),
      new LSTM({ units: 4 }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ]);
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const x = tensor(ids, [32, 6], 'int32');
    const y = tensor(labels, [32, 1]);
    const history = await m.fit(x, y, { epochs: 12, batchSize: 8, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    dispose([x, y]);
  });
});
