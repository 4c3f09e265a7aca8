import { ConfigError, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { simpleCnn } from './simple-cnn.js';

describe('simpleCnn', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is the Fashion-MNIST CNN: 421,642 parameters on 28×28×1 with the defaults', () => {
    // block1_conv 3·3·1·32+32 = 320; block2_conv 3·3·32·64+64 = 18,496;
    // 28 → 14 → 7: flatten 7·7·64 = 3,136; dense 3,136·128+128 = 401,536; 128·10+10 = 1,290.
    const m = simpleCnn({ inputShape: [28, 28, 1] });
    const rows = m.summaryRows();
    expect(rows.map((r) => [r.name, r.className, r.outputShape, r.params])).toEqual([
      ['block1_conv', 'Conv2D', [null, 28, 28, 32], 320],
      ['block1_pool', 'MaxPooling2D', [null, 14, 14, 32], 0],
      ['block2_conv', 'Conv2D', [null, 14, 14, 64], 18496],
      ['block2_pool', 'MaxPooling2D', [null, 7, 7, 64], 0],
      ['flatten', 'Flatten', [null, 3136], 0],
      ['dense', 'Dense', [null, 128], 401536],
      ['predictions', 'Dense', [null, 10], 1290],
    ]);
    expect(m.countParams()).toBe(421642);
    expect(m.name).toBe('simple_cnn');
    m.dispose();
  });

  it('adds BatchNormalization and Dropout on request, one block per filters entry', () => {
    const m = simpleCnn({
      inputShape: [32, 24, 3],
      classes: 5,
      filters: [8, 16, 32],
      dense: 20,
      dropout: 0.3,
      batchNorm: true,
    });
    const rows = m.summaryRows();
    expect(rows.map((r) => r.name)).toEqual([
      'block1_conv',
      'block1_bn',
      'block1_pool',
      'block2_conv',
      'block2_bn',
      'block2_pool',
      'block3_conv',
      'block3_bn',
      'block3_pool',
      'flatten',
      'dense',
      'dropout',
      'predictions',
    ]);
    // 32×24 → 16×12 → 8×6 → 4×3; each BatchNormalization has 4 · filters weights.
    expect(rows[8].outputShape).toEqual([null, 4, 3, 32]);
    expect(rows[1].params).toBe(32);
    expect(rows[12].outputShape).toEqual([null, 5]);
    m.dispose();
  });

  it('refuses bad options, naming simpleCnn', () => {
    expect(() => simpleCnn({ inputShape: [28, 28, 1], filters: [] })).toThrow(
      '<simpleCnn>: expected filters, a non-empty list of positive integers. Received: [].',
    );
    expect(() => simpleCnn({ inputShape: [28, 28, 1], dense: 0 })).toThrow(ConfigError);
    expect(() => simpleCnn({ inputShape: [6, 6, 1], filters: [4, 4, 4] })).toThrow(
      '<simpleCnn>: expected an input of at least 8 px a side for 3 pooling blocks. Received: inputShape [6,6,1].',
    );
  });
});
