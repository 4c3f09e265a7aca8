import { ConfigError, dispose, type Tensor, tensor, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leNet5 } from './le-net5.js';

describe('leNet5', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('has the classic layout: 61,706 parameters on 32×32×1 and on 28×28×1, 10 classes', () => {
    // c1 5·5·1·6 + 6 = 156; c3 5·5·6·16 + 16 = 2,416; c5 400·120 + 120 = 48,120;
    // f6 120·84 + 84 = 10,164; output 84·10 + 10 = 850.
    const perLayer = [156, 0, 2416, 0, 0, 48120, 10164, 850];
    for (const inputShape of [
      [32, 32, 1],
      [28, 28, 1],
    ] as [number, number, number][]) {
      const m = leNet5({ inputShape });
      const rows = m.summaryRows();
      expect(rows.map((r) => r.name)).toEqual([
        'c1',
        's2',
        'c3',
        's4',
        'flatten',
        'c5',
        'f6',
        'output',
      ]);
      expect(rows.map((r) => r.className)).toEqual([
        'Conv2D',
        'AveragePooling2D',
        'Conv2D',
        'AveragePooling2D',
        'Flatten',
        'Dense',
        'Dense',
        'Dense',
      ]);
      expect(rows.map((r) => r.params)).toEqual(perLayer);
      expect(m.countParams()).toBe(61706);
      expect(rows.map((r) => r.outputShape)).toEqual([
        [null, 28, 28, 6],
        [null, 14, 14, 6],
        [null, 10, 10, 16],
        [null, 5, 5, 16],
        [null, 400],
        [null, 120],
        [null, 84],
        [null, 10],
      ]);
      expect(m.name).toBe('lenet5');
      m.dispose();
    }
  });

  it('defaults to [28, 28, 1], tanh and average pooling; takes relu, max pooling and other sizes', async () => {
    const m = leNet5({
      inputShape: [40, 36, 3],
      classes: 4,
      activation: 'relu',
      pooling: 'max',
      name: 'digits',
    });
    const rows = m.summaryRows();
    // valid: 40×36 → 36×32 → 18×16 → 14×12 → 7×6
    expect(rows[3]).toMatchObject({ className: 'MaxPooling2D', outputShape: [null, 7, 6, 16] });
    expect(rows[7].outputShape).toEqual([null, 4]);
    expect(m.name).toBe('digits');
    expect((m.layers[0].getConfig() as unknown as { activation: string }).activation).toBe('relu');
    const d = leNet5();
    expect(d.summaryRows()[0].outputShape).toEqual([null, 28, 28, 6]);
    expect((d.layers[0].getConfig() as unknown as { activation: string }).activation).toBe('tanh');
    const x = tensor(new Float32Array(2 * 40 * 36 * 3).fill(0.5), [2, 40, 36, 3]);
    const y = m.predict(x) as Tensor;
    expect(y.shape).toEqual([2, 4]);
    const sums = (await y.array()) as number[][]; // softmax rows
    for (const row of sums) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    dispose([x, y]);
    m.dispose();
    d.dispose();
  });

  it('refuses bad options, naming leNet5', () => {
    expect(() => leNet5({ inputShape: [28, 28] as never })).toThrow(
      '<leNet5>: expected inputShape [height, width, channels] of positive integers. Received: [28,28].',
    );
    expect(() => leNet5({ classes: 0 })).toThrow(
      '<leNet5>: expected classes, an integer ≥ 1. Received: 0.',
    );
    expect(() => leNet5({ pooling: 'min' as never })).toThrow(ConfigError);
    expect(() => leNet5({ activation: 'swishy' as never })).toThrow(ConfigError);
    expect(() => leNet5({ inputShape: [11, 20, 1] })).toThrow(
      '<leNet5>: expected an input of at least 12 × 12 pixels. Received: inputShape [11,20,1].',
    );
    const smallest = leNet5({ inputShape: [12, 12, 1] });
    expect(smallest.summaryRows()[3].outputShape).toEqual([null, 1, 1, 16]);
    smallest.dispose();
  });
});
