import {
  abs,
  add,
  ConfigError,
  clipByValue,
  div,
  elu,
  erf,
  leakyRelu,
  logSoftmax,
  mul,
  relu,
  relu6,
  selu,
  sigmoid,
  softmax,
  softplus,
  type Tensor,
  tanh,
} from '@strata/core';

/** The activation names layers accept (`activation: 'relu'`), as Keras spells them. */
export type ActivationName =
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'leakyRelu'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'swish'
  | 'silu'
  | 'softplus'
  | 'softsign'
  | 'tanh'
  | 'sigmoid'
  | 'hardSigmoid'
  | 'softmax'
  | 'logSoftmax';

/** The activations tfjs's fused matMul/conv kernels apply in the same kernel as the bias. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu';

/** An activation: the function and, when one exists, its fused-kernel name. */
export interface Activation {
  name: ActivationName;
  apply: (x: Tensor) => Tensor;
  fused?: FusedActivation;
}

const SQRT_HALF = Math.SQRT1_2;

// Keras' default slope for leaky_relu (tfjs-layers uses 0.3: Keras 3 uses 0.2).
const LEAKY_ALPHA = 0.2;

const ACTIVATIONS: Record<ActivationName, Activation> = {
  linear: { name: 'linear', apply: (x) => x, fused: 'linear' },
  relu: { name: 'relu', apply: relu, fused: 'relu' },
  relu6: { name: 'relu6', apply: relu6, fused: 'relu6' },
  leakyRelu: { name: 'leakyRelu', apply: (x) => leakyRelu(x, LEAKY_ALPHA) },
  elu: { name: 'elu', apply: elu, fused: 'elu' },
  selu: { name: 'selu', apply: selu },
  // Exact GELU, x·Φ(x) = x·(1 + erf(x/√2))/2, Keras's default (approximate=False).
  gelu: { name: 'gelu', apply: (x) => mul(mul(x, 0.5), add(1, erf(mul(x, SQRT_HALF)))) },
  swish: { name: 'swish', apply: (x) => mul(x, sigmoid(x)) },
  silu: { name: 'silu', apply: (x) => mul(x, sigmoid(x)) },
  softplus: { name: 'softplus', apply: softplus },
  softsign: { name: 'softsign', apply: (x) => div(x, add(1, abs(x))) },
  tanh: { name: 'tanh', apply: tanh },
  sigmoid: { name: 'sigmoid', apply: sigmoid, fused: 'sigmoid' },
  // clip(0.2·x + 0.5, 0, 1), as tfjs-layers and Keras 2 — the format Strata saves in — so a
  // saved LSTM with hard_sigmoid gates predicts the same here (Keras 3 changed it to x/6 + 1/2).
  hardSigmoid: { name: 'hardSigmoid', apply: (x) => clipByValue(add(mul(x, 0.2), 0.5), 0, 1) },
  softmax: { name: 'softmax', apply: (x) => softmax(x, -1) },
  logSoftmax: { name: 'logSoftmax', apply: (x) => logSoftmax(x, -1) },
};

/** Keras spellings (snake_case and aliases) of the activation names. */
const ALIASES: Record<string, ActivationName> = {
  leaky_relu: 'leakyRelu',
  leakyrelu: 'leakyRelu',
  hard_sigmoid: 'hardSigmoid',
  log_softmax: 'logSoftmax',
  logsoftmax: 'logSoftmax',
  hardsigmoid: 'hardSigmoid',
};

/** The names `getActivation` accepts. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/**
 * Resolves an activation by its name (`'relu'`, or Keras's `'leaky_relu'`); `null` and
 * `undefined` mean linear. Throws a ConfigError listing the known names.
 *
 * @example
 * getActivation('gelu').apply(x);
 */
export function getActivation(name: string | null | undefined, subject = 'activation'): Activation {
  if (name == null) return ACTIVATIONS.linear;
  const key = (name in ACTIVATIONS ? name : ALIASES[name]) as ActivationName | undefined;
  if (key == null) {
    throw new ConfigError({
      subject,
      expected: `one of ${ACTIVATION_NAMES.join(', ')}`,
      received: `'${name}'`,
    });
  }
  return ACTIVATIONS[key];
}

/** The Keras (snake_case) spelling of an activation name, as saved in model.json. */
export function kerasActivationName(name: ActivationName): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
