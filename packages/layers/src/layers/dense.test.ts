import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from './dense.js';

testLayer('Dense', {
  create: (c) => new Dense(c as never),
  config: { units: 3, activation: 'tanh' },
  inputShape: [2, 4],
  expectedOutputShape: [2, 3],
});

testLayer('Dense on rank-3 input, fused relu', {
  create: (c) => new Dense(c as never),
  config: {
    units: 2,
    activation: 'relu',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 2],
});

describe('Dense', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('computes activation(x·W + b)', async () => {
    const dense = new Dense({ units: 2, activation: 'relu' });
    const x = tensor([
      [1, 2, 3],
      [-1, 0, 1],
    ]);
    dense.apply(x);
    dense.setWeights([
      tensor([
        [1, -1],
        [0, 2],
        [1, 0],
      ]),
      tensor([0.5, -3]),
    ]);
    // row 0: [1+0+3+0.5, -1+4+0-3] = [4.5, 0]; row 1: [-1+0+1+0.5, 1+0+0-3] → relu [0.5, 0]
    await expectTensorsClose(dense.apply(x) as never, [4.5, 0, 0.5, 0]);
  });

  it('names the layer, the expected and the received shape on a wrong last dimension', () => {
    const dense = new Dense({ units: 4, name: 'classifier' });
    dense.apply(tensor([[1, 2, 3]]));
    expect(() => dense.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => dense.apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'classifier'>: expected input last dimension 3. Received: shape [1, 2].",
    );
  });

  it('counts kernel and bias parameters, and none without bias', () => {
    const a = new Dense({ units: 5 });
    a.apply(tensor([[1, 2, 3]]));
    expect(a.countParams()).toBe(3 * 5 + 5);
    expect(a.weights.map((w) => w.path)).toEqual([`${a.name}/kernel`, `${a.name}/bias`]);
    const b = new Dense({ units: 5, useBias: false });
    b.apply(tensor([[1, 2, 3]]));
    expect(b.countParams()).toBe(15);
  });

  it('rejects a non-positive units and an unknown activation', () => {
    expect(() => new Dense({ units: 0 })).toThrow(/units, a positive integer/);
    expect(() => new Dense({ units: 1, activation: 'nope' as never })).toThrow(
      /expected one of linear, relu/,
    );
  });
});
