import { ConfigError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation } from './activation.js';

testLayer('Activation tanh', {
  create: (c) => new Activation(c as never),
  config: { activation: 'tanh' },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 4],
});

testLayer('Activation softmax', {
  create: (c) => new Activation(c as never),
  config: { activation: 'softmax' },
  inputShape: [3, 5],
  expectedOutputShape: [3, 5],
});

describe('Activation', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('applies relu element-wise', async () => {
    const y = new Activation({ activation: 'relu' }).apply(tensor([[-2, 0, 3]]));
    await expectTensorsClose(y as never, tensor([[0, 0, 3]]));
  });

  it('applies softmax over the last axis', async () => {
    const y = new Activation({ activation: 'softmax' }).apply(
      tensor([
        [0, Math.log(3)],
        [1, 1],
      ]),
    );
    // exp: [1, 3] / 4 and [e, e] / 2e
    await expectTensorsClose(y as never, [0.25, 0.75, 0.5, 0.5]);
  });

  it("accepts Keras's snake_case names", async () => {
    const y = new Activation({ activation: 'leaky_relu' as never }).apply(tensor([-1, 2]));
    await expectTensorsClose(y as never, [-0.2, 2]);
  });

  it('returns a new tensor for linear, so disposing the output keeps the input', async () => {
    const x = tensor([1, 2]);
    const y = new Activation({ activation: 'linear' }).apply(x) as never as { dispose(): void };
    expect(y).not.toBe(x);
    y.dispose();
    await expectTensorsClose(x, [1, 2]);
  });

  it('names the layer and the unknown activation', () => {
    const make = () => new Activation({ activation: 'nope' as never, name: 'act' });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/<Layer 'act'>: expected one of linear, relu.*Received: 'nope'\./);
  });
});
