import { type Tensor, tensor, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

// One feature, one unit: each gate's pre-activation is a scalar, computed by hand below.
const x = 0.5;
const h = -0.3;
const c = 0.8;

describe('recurrent cells, one step by hand', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('SimpleRNNCell: h = tanh(x·W + h·U + b)', async () => {
    const cell = new SimpleRNNCell({ units: 2 });
    const xs = tensor([[1, 2]]);
    const hs = tensor([[0.5, -1]]);
    cell.apply([xs, hs]);
    cell.setWeights([
      tensor([
        [0.1, 0.2],
        [0.3, 0.4],
      ]),
      tensor([
        [0.5, 0],
        [0, 0.5],
      ]),
      tensor([0.1, -0.1]),
    ]);
    // x·W = [0.7, 1.0], h·U = [0.25, −0.5], + b → [1.05, 0.4]
    const [y, state] = cell.apply([xs, hs]) as Tensor[];
    await expectTensorsClose(y, [Math.tanh(1.05), Math.tanh(0.4)]);
    await expectTensorsClose(state, [Math.tanh(1.05), Math.tanh(0.4)]);
    expect(cell.weights.map((w) => w.name)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
  });

  it('LSTMCell: gates i, f, c, o with Keras layout', async () => {
    const cell = new LSTMCell({ units: 1 });
    const inputs = [tensor([[x]]), tensor([[h]]), tensor([[c]])];
    cell.apply(inputs);
    expect(cell.weights.map((w) => w.variable.shape)).toEqual([[1, 4], [1, 4], [4]]);
    const W = [0.1, 0.2, 0.3, 0.4];
    const U = [0.5, -0.6, 0.7, -0.8];
    const b = [0.01, 0.02, 0.03, 0.04];
    cell.setWeights([tensor([W]), tensor([U]), tensor(b)]);
    const [i, f, g, o] = W.map((w, k) => x * w + h * U[k] + b[k]);
    const c1 = sigmoid(f) * c + sigmoid(i) * Math.tanh(g);
    const h1 = sigmoid(o) * Math.tanh(c1);
    const [y, hNext, cNext] = cell.apply(inputs) as Tensor[];
    await expectTensorsClose(y, [h1]);
    await expectTensorsClose(hNext, [h1]);
    await expectTensorsClose(cNext, [c1]);
  });

  it('LSTMCell starts the forget bias at 1 (unitForgetBias), other biases at 0', async () => {
    const cell = new LSTMCell({ units: 2 });
    cell.apply([tensor([[1, 2, 3]]), tensor([[0, 0]]), tensor([[0, 0]])]);
    await expectTensorsClose(cell.bias as Tensor, [0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = new LSTMCell({ units: 2, unitForgetBias: false });
    plain.apply([tensor([[1, 2, 3]]), tensor([[0, 0]]), tensor([[0, 0]])]);
    await expectTensorsClose(plain.bias as Tensor, [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  for (const resetAfter of [true, false]) {
    it(`GRUCell (resetAfter ${resetAfter}): gates z, r, h with Keras layout`, async () => {
      const cell = new GRUCell({ units: 1, resetAfter });
      const inputs = [tensor([[x]]), tensor([[h]])];
      cell.apply(inputs);
      const W = [0.1, 0.2, 0.3];
      const U = [0.5, -0.6, 0.7];
      const bIn = [0.01, 0.02, 0.03];
      const bRec = [-0.04, 0.05, -0.06];
      expect(cell.bias?.shape).toEqual(resetAfter ? [2, 3] : [3]);
      cell.setWeights([tensor([W]), tensor([U]), tensor(resetAfter ? [bIn, bRec] : bIn)]);
      const rec = resetAfter ? bRec : [0, 0, 0];
      const z = sigmoid(x * W[0] + bIn[0] + h * U[0] + rec[0]);
      const r = sigmoid(x * W[1] + bIn[1] + h * U[1] + rec[1]);
      const hh = resetAfter
        ? Math.tanh(x * W[2] + bIn[2] + r * (h * U[2] + rec[2]))
        : Math.tanh(x * W[2] + bIn[2] + r * h * U[2]);
      const [y] = cell.apply(inputs) as Tensor[];
      await expectTensorsClose(y, [z * h + (1 - z) * hh]);
    });
  }

  it('applies one dropout mask to x and one to h, and none at inference', async () => {
    const cell = new SimpleRNNCell({ units: 3, dropout: 0.5, recurrentDropout: 0.5 });
    const inputs = [tensor([[1, 2, 3, 4]]), tensor([[0.1, 0.2, 0.3]])];
    const a = cell.apply(inputs) as Tensor[];
    const b = cell.apply(inputs) as Tensor[];
    await expectTensorsClose(a[0], await b[0].data());
    const trained = cell.apply(inputs, { training: true }) as Tensor[];
    expect(Array.from(await trained[0].data())).not.toEqual(Array.from(await a[0].data()));
    await expectNoLeaks(() => {
      for (const t of cell.apply(inputs, { training: true }) as Tensor[]) t.dispose();
    });
  });

  it('rejects a wrong number of states and bad rates, naming the layer', () => {
    const cell = new LSTMCell({ units: 2, name: 'cell' });
    expect(() => cell.apply([tensor([[1]]), tensor([[0, 0]])])).toThrow(
      "<Layer 'cell'>: expected the list [x, h, c]. Received: 2 tensors.",
    );
    expect(() => new GRUCell({ units: 2, dropout: 1 })).toThrow(/dropout in \[0, 1\)/);
    expect(() => new GRUCell({ units: 0 })).toThrow(/units, a positive integer/);
  });
});
