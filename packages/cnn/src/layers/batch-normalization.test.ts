import {
  ConfigError,
  dispose,
  RandomStream,
  ShapeError,
  type Tensor,
  tensor,
  train,
  useBackend,
  type Variable,
} from '@strata/core';
import { sequential } from '@strata/layers';
import {
  describeBackends,
  expectTensorsClose,
  numericalGradientCheck,
  testLayer,
} from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization } from './batch-normalization.js';

testLayer('BatchNormalization on images', {
  create: (c) => new BatchNormalization(c as never),
  config: {
    gammaInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 1.5 } },
    betaInitializer: { className: 'RandomNormal', config: { stddev: 0.1 } },
    movingMeanInitializer: { className: 'RandomNormal', config: { stddev: 0.5 } },
    movingVarianceInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 2 } },
  },
  inputShape: [2, 3, 3, 4],
  expectedOutputShape: [2, 3, 3, 4],
  // Checked below instead: the harness asks tfjs for gradients of every weight, and tfjs's
  // variableGrads returns null for non-trainable ones (moving_mean, moving_variance).
  gradients: false,
});

testLayer('BatchNormalization on axis 1, without center', {
  create: (c) => new BatchNormalization(c as never),
  config: { axis: 1, center: false, momentum: 0.9 },
  inputShape: [3, 2, 5],
  expectedOutputShape: [3, 2, 5],
  gradients: false, // checked below, as above
});

describeBackends('BatchNormalization gradients', () => {
  const check = async (training: boolean) => {
    const norm = new BatchNormalization({
      gammaInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 1.5 } },
      betaInitializer: { className: 'RandomNormal', config: { stddev: 0.1 } },
    });
    const x = tensor(new RandomStream(4).normalArray(2 * 3 * 3 * 4), [2, 3, 3, 4]);
    dispose(norm.apply(x));
    const variables = norm.trainableWeights.map((w) => w.variable as Variable);
    const f = (input?: Tensor) => norm.apply(input ?? x, { training }) as Tensor;
    await numericalGradientCheck(f, [x], { variables });
    dispose(x);
    norm.dispose();
  };

  it('match central differences for the input, gamma and beta at inference', async () => {
    await check(false);
  });

  it('match central differences through the batch statistics while training', async () => {
    await check(true);
  });
});

describe('BatchNormalization', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  // channel 0: 1, 3, 5 (mean 3, variance 8/3); channel 1: 2, 6, 10 (mean 6, variance 32/3)
  const x = () =>
    tensor([
      [1, 2],
      [3, 6],
      [5, 10],
    ]);
  const eps = 1e-3;

  it('normalises with the batch statistics while training and updates the moving ones', async () => {
    const norm = new BatchNormalization();
    const y = norm.apply(x(), { training: true });
    const s0 = Math.sqrt(8 / 3 + eps);
    const s1 = Math.sqrt(32 / 3 + eps);
    await expectTensorsClose(y as never, [-2 / s0, -4 / s1, 0, 0, 2 / s0, 4 / s1]);
    // moving = 0.99 · initial + 0.01 · batch, from mean 0 and variance 1
    await expectTensorsClose(norm.movingMean, [0.03, 0.06]);
    await expectTensorsClose(norm.movingVariance, [0.99 + 0.08 / 3, 0.99 + 0.32 / 3]);
  });

  it('normalises with the moving statistics at inference and leaves them alone', async () => {
    const norm = new BatchNormalization({ momentum: 0.5 });
    norm.apply(x(), { training: true });
    // moving mean [1.5, 3], variance [(1 + 8/3)/2, (1 + 32/3)/2] = [11/6, 35/6]
    const [, , movingMean, movingVariance] = norm.getWeights();
    norm.setWeights([tensor([2, 1]), tensor([0.5, -1]), movingMean, movingVariance]);
    const y = norm.apply(x());
    const s0 = Math.sqrt(11 / 6 + eps);
    const s1 = Math.sqrt(35 / 6 + eps);
    const expected = [1, 2, 3, 6, 5, 10].map((v, i) =>
      i % 2 === 0 ? (2 * (v - 1.5)) / s0 + 0.5 : (v - 3) / s1 - 1,
    );
    await expectTensorsClose(y as never, expected);
    await expectTensorsClose(norm.movingMean, [1.5, 3]);
  });

  it('updates the moving statistics during fit, and only then', async () => {
    const norm = new BatchNormalization({ inputShape: [2] });
    const model = sequential([norm]);
    model.compile({ optimizer: train.sgd(0.1), loss: 'mse' });
    const y = tensor([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    model.predict(x());
    await expectTensorsClose(norm.movingMean, [0, 0]);
    await model.fit(x(), y, { epochs: 1, batchSize: 3, verbose: 0 });
    await expectTensorsClose(norm.movingMean, [0.03, 0.06]);
  });

  it('has Keras weight names, with the moving statistics not trainable', () => {
    const norm = new BatchNormalization();
    norm.apply(x());
    expect(norm.weights.map((w) => w.name)).toEqual([
      'gamma',
      'beta',
      'moving_mean',
      'moving_variance',
    ]);
    expect(norm.trainableWeights.map((w) => w.name)).toEqual(['gamma', 'beta']);
  });

  it('reads a one-entry axis list (Keras 2 files write axis: [3]) as that axis', async () => {
    const input = tensor(
      Array.from({ length: 24 }, (_, i) => Math.sin(i)),
      [2, 2, 3, 2],
    );
    const a = new BatchNormalization({ axis: [2] });
    const b = new BatchNormalization({ axis: 2 });
    const ya = a.apply(input, { training: true }) as Tensor;
    const yb = b.apply(input, { training: true }) as Tensor;
    expect(a.movingMean.shape).toEqual([3]);
    await expectTensorsClose(ya, yb, { atol: 0, rtol: 0 });
    expect(a.getConfig().axis).toEqual([2]);
    dispose([input, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('rejects a bad config or an input without the axis, naming the layer', () => {
    expect(() => new BatchNormalization({ momentum: 2, name: 'bn' })).toThrow(
      "<Layer 'bn'>: expected momentum in [0, 1]. Received: 2.",
    );
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ axis: [1, 2] as never, name: 'bn3' })).toThrow(
      "<Layer 'bn3'>: expected axis, an integer or a list of one integer. Received: [1,2].",
    );
    const norm = new BatchNormalization({ axis: 3, name: 'bn2' });
    expect(() => norm.apply(x())).toThrow(ShapeError);
    expect(() => norm.apply(x())).toThrow(
      "<Layer 'bn2'>: expected an input of rank ≥ 2 with a known size on axis 3. Received: shape [3, 2].",
    );
  });
});
