import { ConfigError, useBackend } from '@strata/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinaryAccuracy } from './accuracy.js';
import { getMetric, METRIC_IDENTIFIERS } from './get-metric.js';
import type { StreamingMetric } from './streaming-metric.js';

const made: StreamingMetric[] = [];
function metric(identifier: string): StreamingMetric {
  const m = getMetric(identifier);
  made.push(m);
  return m;
}

describe('getMetric', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  afterEach(() => {
    for (const m of made.splice(0)) m.dispose();
  });

  it('knows the Keras identifiers in both spellings and names metrics as asked', () => {
    for (const id of [
      'accuracy',
      'acc',
      'binary_accuracy',
      'categoricalAccuracy',
      'sparse_categorical_accuracy',
      'mse',
      'mae',
      'top_k_categorical_accuracy',
      'sparseTopKCategoricalAccuracy',
      'binary_crossentropy',
      'auc',
    ]) {
      expect(METRIC_IDENTIFIERS).toContain(id);
      expect(metric(id).name).toBe(id);
    }
  });

  it("'accuracy' reads binary, sparse and categorical batches by shape", async () => {
    const binary = metric('acc');
    binary.update([[1], [0], [1]], [[0.9], [0.6], [0.2]]);
    expect(await binary.result()).toBeCloseTo(1 / 3, 6);
    const sparse = metric('accuracy');
    sparse.update(
      [2, 1],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    );
    expect(await sparse.result()).toBeCloseTo(0.5, 6);
    const categorical = metric('accuracy');
    categorical.update(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    );
    expect(await categorical.result()).toBeCloseTo(0.5, 6);
  });

  it('resolves each identifier to the right metric', async () => {
    const yTrue = [
      [0, 1],
      [0, 0],
    ];
    const yPred = [
      [1, 1],
      [0, 0],
    ];
    for (const id of ['mse', 'MSE', 'mean_squared_error', 'meanSquaredError', 'mae']) {
      const m = metric(id);
      m.update(yTrue, yPred);
      expect(await m.result(), id).toBeCloseTo(0.25, 6);
    }
    const topK = metric('top_k_categorical_accuracy');
    // Keras's default k = 5 includes every one of 3 classes.
    topK.update([[0, 0, 1]], [[0.5, 0.4, 0.1]]);
    expect(await topK.result()).toBe(1);
    const bce = metric('binary_crossentropy');
    bce.update(
      [
        [0, 1],
        [0, 0],
      ],
      [
        [0.6, 0.4],
        [0.4, 0.6],
      ],
    );
    expect(await bce.result()).toBeCloseTo(0.81492424, 5);
  });

  it('passes a metric instance through', () => {
    const m = new BinaryAccuracy();
    made.push(m);
    expect(getMetric(m)).toBe(m);
  });

  it('throws a ConfigError that lists the known identifiers', () => {
    expect(() => getMetric('acuracy')).toThrow(ConfigError);
    expect(() => getMetric('acuracy')).toThrow(
      /^<Metric 'acuracy'>: expected one of 'accuracy', 'acc', 'binary_accuracy', .*'auc'.*\. Received: 'acuracy'\.$/,
    );
    // Object prototype keys are not metrics.
    expect(() => getMetric('toString')).toThrow(ConfigError);
  });
});
