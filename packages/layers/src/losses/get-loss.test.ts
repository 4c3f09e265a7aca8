import { ConfigError, square, sub, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { getLoss, LOSS_NAMES } from './get-loss.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl-divergence.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

describe('getLoss', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it.each([
    ['mse', 'MeanSquaredError'],
    ['MSE', 'MeanSquaredError'],
    ['mean_squared_error', 'MeanSquaredError'],
    ['meanSquaredError', 'MeanSquaredError'],
    ['MeanSquaredError', 'MeanSquaredError'],
    ['mae', 'MeanAbsoluteError'],
    ['mean_absolute_error', 'MeanAbsoluteError'],
    ['meanAbsoluteError', 'MeanAbsoluteError'],
    ['huber', 'Huber'],
    ['huber_loss', 'Huber'],
    ['binary_crossentropy', 'BinaryCrossentropy'],
    ['bce', 'BinaryCrossentropy'],
    ['binaryCrossentropy', 'BinaryCrossentropy'],
    ['categorical_crossentropy', 'CategoricalCrossentropy'],
    ['categoricalCrossentropy', 'CategoricalCrossentropy'],
    ['sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy'],
    ['sparseCategoricalCrossentropy', 'SparseCategoricalCrossentropy'],
    ['hinge', 'Hinge'],
    ['squared_hinge', 'SquaredHinge'],
    ['squaredHinge', 'SquaredHinge'],
    ['kld', 'KLDivergence'],
    ['KLD', 'KLDivergence'],
    ['kl_divergence', 'KLDivergence'],
    ['kullback_leibler_divergence', 'KLDivergence'],
    ['kullbackLeiblerDivergence', 'KLDivergence'],
    ['cosine_similarity', 'CosineSimilarity'],
    ['cosineProximity', 'CosineSimilarity'],
  ])("resolves '%s' to %s", (identifier, className) => {
    expect(getLoss(identifier).className).toBe(className);
  });

  const all = () => [
    meanSquaredError(),
    meanAbsoluteError(),
    huber({ delta: 0.5 }),
    binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    categoricalCrossentropy({ labelSmoothing: 0.2 }),
    sparseCategoricalCrossentropy({ fromLogits: true }),
    hinge(),
    squaredHinge(),
    klDivergence(),
    cosineSimilarity(),
  ];

  it('round-trips every loss through its name and through { className, config }', () => {
    for (const loss of all()) {
      expect(getLoss(loss.name).className).toBe(loss.className);
      const again = getLoss({ className: loss.className, config: loss.getConfig() });
      expect(again.getConfig()).toEqual(loss.getConfig());
      expect(again.name).toBe(loss.name);
    }
  });

  it('accepts the options Keras saves at their only value here, and refuses others', () => {
    const loss = getLoss({
      className: 'CategoricalCrossentropy',
      config: { fromLogits: true, axis: -1, reduction: 'sum_over_batch_size', dtype: null },
    });
    expect(loss.getConfig()).toMatchObject({ fromLogits: true });
    expect(() =>
      getLoss({ className: 'CategoricalCrossentropy', config: { from_logits: true } }),
    ).toThrow(/Received: from_logits: true/);
    expect(() => getLoss({ className: 'CategoricalCrossentropy', config: { axis: 1 } })).toThrow(
      ConfigError,
    );
    expect(() => getLoss({ className: 'Poisson' })).toThrow(
      /a loss class, one of MeanSquaredError/,
    );
  });

  it('returns a Loss as it is, and adds compute to a loss object without one', async () => {
    const mse = meanSquaredError();
    expect(getLoss(mse)).toBe(mse);
    const bare = {
      name: 'doubled',
      className: 'Doubled',
      perSample: (yTrue: Tensor, yPred: Tensor) => square(sub(yTrue, yPred)),
      getConfig: () => ({ name: 'doubled', reduction: 'sum_over_batch_size' as const }),
    };
    const loss = getLoss(bare);
    expect(loss.name).toBe('doubled');
    await expectTensorsClose(loss.compute(tensor([0, 0]), tensor([1, 3])), 5);
  });

  it('wraps a plain function, named after it', async () => {
    function absoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
      return square(sub(yTrue, yPred));
    }
    const loss = getLoss(absoluteError);
    expect(loss.name).toBe('absoluteError');
    expect(loss.className).toBe('LossFunctionWrapper');
    await expectTensorsClose(loss.perSample(tensor([1, 2]), tensor([0, 0])), [1, 4]);
    await expectTensorsClose(loss.compute(tensor([1, 2]), tensor([0, 0]), tensor([1, 0.5])), 1.5);
  });

  it('throws a ConfigError listing the known names for an unknown one', () => {
    expect(() => getLoss('poisson')).toThrow(ConfigError);
    expect(() => getLoss('poisson')).toThrow(
      /<loss>: expected one of mean_squared_error, mse, MSE, .*categorical_crossentropy.*cosine_similarity.*Received: 'poisson'\./,
    );
    expect(LOSS_NAMES).toContain('kl_divergence');
    expect(() => getLoss(42 as never)).toThrow(/Received: number/);
  });
});
