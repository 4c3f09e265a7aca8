import { ConfigError } from '@strata/core';
import { Dense, Dropout, Flatten, type Layer, type Sequential, sequential } from '@strata/layers';
import { Conv2D } from '../layers/conv2d.js';
import { MaxPooling2D } from '../layers/max-pooling-2d.js';
import { checkImageShape, checkInteger, checkRate, windowOutput } from './builder-checks.js';

/** Options of `alexNet`. */
export interface AlexNetOptions {
  /** `[height, width, channels]`: `[227, 227, 3]` as the paper, or as small as `[1, 1, c]`. */
  inputShape: [number, number, number];
  /** Number of classes of the softmax output. Default 1000. */
  classes?: number;
  /** Multiplies every layer's width (96, 256, 384, 384, 256, 4096, 4096), rounded, at least 1. Default 1. */
  widthScale?: number;
  /** Dropout rate before the first two dense layers; 0 leaves the Dropout layers out. Default 0.5. */
  dropout?: number;
  /** Default `'alexnet'`. */
  name?: string;
}

const BUILDER = 'alexNet';
/** Inputs whose smaller side is under this take the small-input first layer. */
const SMALL_INPUT = 64;

/**
 * AlexNet (Krizhevsky et al. 2012) as a Sequential model: five ReLU convolutions — 96 11×11
 * stride 4, 256 5×5, 384 3×3, 384 3×3, 256 3×3 (`'same'` padding after the first) — with 3×3
 * stride-2 overlapping max pooling after the 1st, 2nd and 5th, then Flatten → Dropout → Dense
 * 4096 → Dropout → Dense 4096 → Dense `classes` softmax (the layer order of torchvision's
 * AlexNet); one tower instead of the paper's two GPUs, and no local response normalisation.
 *
 * Small inputs: when the smaller side is under 64 px, the first convolution is 3×3 with stride
 * 1 and `'same'` padding (11/227 of a 32-px image is under 2 px), and a pooling layer is left
 * out wherever a side has fallen under its 3-px window, so any input from 1 × 1 up builds.
 * Widths are `max(1, round(width · widthScale))`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, classes]`; 62,378,344 parameters on
 * `[227, 227, 3]` with 1000 classes.
 *
 * @throws ConfigError naming `alexNet` for a bad option.
 * @example
 * const m = alexNet({ inputShape: [32, 32, 3], classes: 10, widthScale: 0.25 });
 * @see Krizhevsky, Sutskever and Hinton, "ImageNet Classification with Deep Convolutional Neural Networks", NeurIPS 2012.
 */
export function alexNet(options: AlexNetOptions): Sequential {
  const { classes = 1000, widthScale = 1, dropout = 0.5, name = 'alexnet' } = options ?? {};
  const inputShape = checkImageShape(BUILDER, options?.inputShape);
  checkInteger(BUILDER, 'classes', classes);
  checkRate(BUILDER, dropout);
  if (typeof widthScale !== 'number' || !(widthScale > 0 && Number.isFinite(widthScale))) {
    throw new ConfigError({
      subject: BUILDER,
      expected: 'widthScale, a finite number > 0',
      received: JSON.stringify(widthScale) ?? 'undefined',
    });
  }
  const width = (n: number) => Math.max(1, Math.round(n * widthScale));
  const small = Math.min(inputShape[0], inputShape[1]) < SMALL_INPUT;
  let sides = [inputShape[0], inputShape[1]];
  const layers: Layer[] = [];
  const conv = (filters: number, kernelSize: number, layerName: string, strides = 1) => {
    const padding = layers.length === 0 && !small ? 'valid' : 'same';
    sides = sides.map((n) => windowOutput(n, kernelSize, strides, padding));
    layers.push(
      new Conv2D({
        filters: width(filters),
        kernelSize,
        strides,
        padding,
        activation: 'relu',
        name: layerName,
        ...(layers.length === 0 ? { inputShape } : {}),
      }),
    );
  };
  const pool = (layerName: string) => {
    if (Math.min(...sides) < 3) return;
    sides = sides.map((n) => windowOutput(n, 3, 2, 'valid'));
    layers.push(new MaxPooling2D({ poolSize: 3, strides: 2, name: layerName }));
  };
  const drop = (layerName: string) => {
    if (dropout > 0) layers.push(new Dropout({ rate: dropout, name: layerName }));
  };
  if (small) conv(96, 3, 'conv1');
  else conv(96, 11, 'conv1', 4);
  pool('pool1');
  conv(256, 5, 'conv2');
  pool('pool2');
  conv(384, 3, 'conv3');
  conv(384, 3, 'conv4');
  conv(256, 3, 'conv5');
  pool('pool5');
  layers.push(new Flatten({ name: 'flatten' }));
  drop('dropout6');
  layers.push(new Dense({ units: width(4096), activation: 'relu', name: 'fc6' }));
  drop('dropout7');
  layers.push(new Dense({ units: width(4096), activation: 'relu', name: 'fc7' }));
  layers.push(new Dense({ units: classes, activation: 'softmax', name: 'predictions' }));
  return sequential(layers, { name });
}
