import { tensor } from '@strata/core';
import { describeBackends, expectTensorsClose, TOLERANCE } from '@strata/test-utils';
import { expect, it } from 'vitest';
import {
  ACTIVATION_NAMES,
  type ActivationName,
  getActivation,
  kerasActivationName,
} from './activations.js';

const xs = [-3, -1, -0.5, 0, 0.5, 1, 3];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
// Abramowitz–Stegun 7.1.26 is too coarse for a reference; use the series-free identity
// erf(x) = 2Φ(x√2) − 1 through a high-precision rational approximation of Φ.
const erf = (x: number) => {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x -
          1.26551223 +
          t *
            (1.00002368 +
              t *
                (0.37409196 +
                  t *
                    (0.09678418 +
                      t *
                        (-0.18628806 +
                          t *
                            (0.27886807 +
                              t *
                                (-1.13520398 +
                                  t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
};
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const expected: Record<Exclude<ActivationName, 'softmax' | 'logSoftmax'>, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  relu6: (x) => Math.min(6, Math.max(0, x)),
  leakyRelu: (x) => (x > 0 ? x : 0.2 * x),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  swish: (x) => x * sigmoid(x),
  silu: (x) => x * sigmoid(x),
  softplus: (x) => Math.log1p(Math.exp(x)),
  softsign: (x) => x / (1 + Math.abs(x)),
  tanh: Math.tanh,
  sigmoid,
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
};

describeBackends('activations', (backend) => {
  const tol = {
    atol: Math.max(TOLERANCE[backend].atol, 2e-6),
    rtol: Math.max(TOLERANCE[backend].rtol, 1e-5),
  };
  for (const [name, f] of Object.entries(expected)) {
    it(`${name} matches its formula`, async () => {
      const y = getActivation(name).apply(tensor(xs));
      await expectTensorsClose(y, xs.map(f), tol);
      y.dispose();
    });
  }

  it('softmax and logSoftmax normalise over the last axis', async () => {
    const x = tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0] + e[1] + e[2];
    const soft = [e[0] / z, e[1] / z, e[2] / z, 1 / 3, 1 / 3, 1 / 3];
    await expectTensorsClose(getActivation('softmax').apply(x), soft, tol);
    await expectTensorsClose(getActivation('logSoftmax').apply(x), soft.map(Math.log), tol);
  });
});

it('resolves Keras spellings and lists every name in its error', () => {
  expect(getActivation('leaky_relu').name).toBe('leakyRelu');
  expect(getActivation(null).name).toBe('linear');
  expect(kerasActivationName('hardSigmoid')).toBe('hard_sigmoid');
  expect(() => getActivation('mish')).toThrow(
    `expected one of ${ACTIVATION_NAMES.join(', ')}. Received: 'mish'.`,
  );
});
