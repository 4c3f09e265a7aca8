import { grad, memory, ones, profile, sum, type Tensor, tensor, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation } from '../layers/activation.js';
import { Dense } from '../layers/dense.js';
import { sequential } from './sequential.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('Sequential', () => {
  it('builds at once from the first layer inputShape and feeds each layer the previous output', async () => {
    const m = sequential([
      new Dense({ units: 3, inputShape: [2], kernelInitializer: 'ones', name: 'd1' }),
      new Dense({
        units: 1,
        kernelInitializer: 'ones',
        biasInitializer: { className: 'Constant', config: { value: 1 } },
      }),
    ]);
    expect(m.built).toBe(true);
    expect(m.countParams()).toBe(2 * 3 + 3 + 3 * 1 + 1);
    // [1, 2] → d1: [3, 3, 3] → d2: 9 + 1
    await expectTensorsClose(m.apply(tensor([[1, 2]])) as never, [10]);
  });

  it('frees each intermediate output at once in inference, and keeps them under a tape', async () => {
    const m = sequential(
      Array.from({ length: 6 }, (_, i) =>
        i === 0
          ? new Activation({ activation: 'relu', inputShape: [1000] })
          : new Activation({ activation: 'relu' }),
      ),
    );
    const x = ones([100, 1000]);
    const bytes = 100 * 1000 * 4;
    const info = await profile(() => {
      m.apply(x);
    });
    // The input, at most two live outputs (the one being read and the one being written).
    expect(info.peakBytes - memory().numBytes).toBeLessThanOrEqual(2 * bytes);
    const g = grad((t: Tensor) => sum(m.apply(t) as Tensor))(x);
    await expectTensorsClose(g, new Float32Array(100 * 1000).fill(1));
    g.dispose();
    x.dispose();
  });

  it('predict runs in batches and frees each batch', async () => {
    const m = sequential([new Dense({ units: 2, inputShape: [4] })]);
    const x = ones([70, 4]);
    const whole = m.apply(x);
    await expectNoLeaks(async () => {
      const batched = m.predict(x, { batchSize: 32 });
      await expectTensorsClose(batched as never, whole as never);
      (batched as { dispose(): void }).dispose();
    });
    x.dispose();
    (whole as { dispose(): void }).dispose();
  });

  it('summary prints the Keras table with parameter counts', () => {
    const m = sequential(
      [
        new Dense({ units: 256, inputShape: [784], name: 'hidden' }),
        new Dense({ units: 10, name: 'out' }),
      ],
      { name: 'mlp' },
    );
    const lines: string[] = [];
    const text = m.summary((l) => lines.push(l));
    expect(lines).toEqual([text]);
    expect(text).toContain('Model: "mlp"');
    expect(text).toMatch(/hidden \(Dense\)\s+\[null, 256\]\s+200,960/);
    expect(text).toMatch(/out \(Dense\)\s+\[null, 10\]\s+2,570/);
    expect(text).toContain('Total params: 203,530');
    expect(text).toContain('Trainable params: 203,530');
    expect(text).toContain('Non-trainable params: 0');
  });

  it('dispose frees every weight', () => {
    const before = memory().numTensors;
    const m = sequential([new Dense({ units: 3, inputShape: [2] }), new Dense({ units: 1 })]);
    expect(memory().numTensors).toBe(before + 4);
    m.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('trainable = false empties trainableWeights', () => {
    const m = sequential([new Dense({ units: 3, inputShape: [2] })]);
    m.layers[0].trainable = false;
    expect(m.trainableWeights).toEqual([]);
    expect(m.nonTrainableWeights).toHaveLength(2);
  });
});
