import { ConfigError } from '@strata/core';
import {
  type ActivationName,
  Dense,
  Flatten,
  type Layer,
  type Sequential,
  sequential,
} from '@strata/layers';
import { AveragePooling2D } from '../layers/average-pooling-2d.js';
import { Conv2D } from '../layers/conv2d.js';
import { MaxPooling2D } from '../layers/max-pooling-2d.js';
import { checkActivation, checkImageShape, checkInteger, windowOutput } from './builder-checks.js';

/** Options of `leNet5`. */
export interface LeNet5Options {
  /** `[height, width, channels]`. Default `[28, 28, 1]` (MNIST); `[32, 32, 1]` is LeCun's. */
  inputShape?: [number, number, number];
  /** Number of classes of the softmax output. Default 10. */
  classes?: number;
  /** Activation of the hidden layers. Default `'tanh'`, as LeCun; `'relu'` trains faster. */
  activation?: ActivationName;
  /** The subsampling layers S2 and S4. Default `'average'`, as LeCun; or `'max'`. */
  pooling?: 'average' | 'max';
  /** Default `'lenet5'`. */
  name?: string;
}

const BUILDER = 'leNet5';

/**
 * LeNet-5 (LeCun et al. 1998) as a Sequential model, in the Keras-era reading of the paper:
 * C1 6 5×5 convolutions → S2 2×2 average pooling → C3 16 5×5 convolutions (fully connected to
 * S2's maps, not the paper's sparse table) → S4 pooling → C5 120 (a 5×5 convolution over 5×5
 * maps, so a dense layer) → F6 84 → `classes` softmax
 * (in place of the RBF output), tanh activations. Inputs under 32 px pad C1 `'same'`, so that
 * a 28×28 MNIST digit gets the feature maps of the paper's 32×32 input (LeCun padded MNIST to
 * 32×32); larger inputs use `'valid'` throughout. Layers are named as in the paper (`c1`, `s2`,
 * …, `output`).
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, classes]`; 61,706 parameters on
 * `[28, 28, 1]` or `[32, 32, 1]` with 10 classes.
 *
 * @throws ConfigError naming `leNet5` for a bad option or an input under 12 × 12 pixels.
 * @example
 * const m = leNet5();
 * m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * @see LeCun et al., "Gradient-Based Learning Applied to Document Recognition", Proc. IEEE 1998.
 */
export function leNet5(options: LeNet5Options = {}): Sequential {
  const {
    inputShape = [28, 28, 1],
    classes = 10,
    activation = 'tanh',
    pooling = 'average',
    name = 'lenet5',
  } = options;
  const [height, width] = checkImageShape(BUILDER, inputShape);
  checkInteger(BUILDER, 'classes', classes);
  checkActivation(BUILDER, activation);
  if (pooling !== 'average' && pooling !== 'max') {
    throw new ConfigError({
      subject: BUILDER,
      expected: "pooling 'average' or 'max'",
      received: JSON.stringify(pooling),
    });
  }
  const padding = Math.min(height, width) < 32 ? 'same' : 'valid';
  const side = (n: number) => Math.floor((Math.floor(windowOutput(n, 5, 1, padding) / 2) - 4) / 2);
  if (Math.min(side(height), side(width)) < 1) {
    throw new ConfigError({
      subject: BUILDER,
      expected: 'an input of at least 12 × 12 pixels',
      received: `inputShape ${JSON.stringify(inputShape)}`,
    });
  }
  const pool = (layerName: string): Layer =>
    pooling === 'average'
      ? new AveragePooling2D({ poolSize: 2, name: layerName })
      : new MaxPooling2D({ poolSize: 2, name: layerName });
  return sequential(
    [
      new Conv2D({ filters: 6, kernelSize: 5, padding, activation, inputShape, name: 'c1' }),
      pool('s2'),
      new Conv2D({ filters: 16, kernelSize: 5, activation, name: 'c3' }),
      pool('s4'),
      new Flatten({ name: 'flatten' }),
      new Dense({ units: 120, activation, name: 'c5' }),
      new Dense({ units: 84, activation, name: 'f6' }),
      new Dense({ units: classes, activation: 'softmax', name: 'output' }),
    ],
    { name },
  );
}
