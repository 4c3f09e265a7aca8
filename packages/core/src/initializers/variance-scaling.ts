import type { Tensor } from '@tensorflow/tfjs-core';
import { randomStream } from '../random.js';
import { computeFans } from './compute-fans.js';
import {
  checkFloat,
  checkSeed,
  checkShape,
  type Initializer,
  type InitializerConfig,
  type InitializerDType,
  initializerError,
} from './initializer.js';

/** Which fan divides the scale: inputs, outputs, or their mean. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/** The distribution variance scaling draws from. */
export type ScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** Options of {@link varianceScaling}. */
export interface VarianceScalingOptions {
  /** Target variance times the fan. Default 1. */
  scale?: number;
  /** Default `'fanIn'`. Keras's spelling (`'fan_in'`) is accepted too. */
  mode?: FanMode;
  /**
   * Default `'truncatedNormal'`. Keras's spelling (`'truncated_normal'`) is accepted too, and
   * `'normal'` (Keras 2, tfjs-layers) means `'truncatedNormal'`.
   */
  distribution?: ScalingDistribution;
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * Draws values whose variance is `scale / n`, where `n` is the fan the `mode` names
 * (`fanIn`, `fanOut` or `(fanIn + fanOut) / 2`, see {@link computeFans}), as Keras's
 * `VarianceScaling`: truncated normal with `stddev = sqrt(scale/n) / 0.8796…` (the truncation
 * at 2σ shrinks the spread by 0.8796…), untruncated normal with `stddev = sqrt(scale/n)`, or
 * uniform in `±sqrt(3·scale/n)`.
 *
 * @example
 * initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' }).apply([256, 128]);
 * @see He et al. 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const config = parse('VarianceScaling', options);
  return varianceScalingAs('VarianceScaling', config, config);
}

/**
 * A variance-scaling initializer reported as `className` with `config`, for the named
 * presets (`GlorotUniform` …) whose Keras config is only `{seed}`.
 */
export function varianceScalingAs(
  className: string,
  options: VarianceScalingOptions,
  config: InitializerConfig,
): Initializer {
  const { scale, mode, distribution, seed } = parse(className, options);
  return {
    className,
    getConfig: () => ({ ...config }),
    apply(shape: readonly number[], dtype: InitializerDType = 'float32'): Tensor {
      checkShape(className, shape);
      checkFloat(className, dtype);
      const { fanIn, fanOut } = computeFans(shape);
      const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
      const variance = scale / Math.max(1, fan);
      const rng = randomStream(seed);
      if (distribution === 'truncatedNormal') {
        return rng.truncatedNormal(shape, { stddev: Math.sqrt(variance) / TRUNCATED_STDDEV });
      }
      if (distribution === 'untruncatedNormal') {
        return rng.normal(shape, { stddev: Math.sqrt(variance) });
      }
      const limit = Math.sqrt(3 * variance);
      return rng.uniform(shape, { minval: -limit, maxval: limit });
    },
  };
}

/** The standard deviation of a standard normal truncated to [−2, 2] (Keras's constant). */
const TRUNCATED_STDDEV = 0.87962566103423978;

const MODES: Record<string, FanMode> = {
  fanIn: 'fanIn',
  fan_in: 'fanIn',
  fanOut: 'fanOut',
  fan_out: 'fanOut',
  fanAvg: 'fanAvg',
  fan_avg: 'fanAvg',
};

const DISTRIBUTIONS: Record<string, ScalingDistribution> = {
  truncatedNormal: 'truncatedNormal',
  truncated_normal: 'truncatedNormal',
  normal: 'truncatedNormal',
  untruncatedNormal: 'untruncatedNormal',
  untruncated_normal: 'untruncatedNormal',
  uniform: 'uniform',
};

function parse(
  className: string,
  {
    scale = 1,
    mode = 'fanIn',
    distribution = 'truncatedNormal',
    seed = null,
  }: VarianceScalingOptions,
): Required<VarianceScalingOptions> {
  if (!(scale > 0)) throw initializerError(className, 'scale > 0', scale);
  const fanMode = Object.hasOwn(MODES, mode) ? MODES[mode] : undefined;
  if (fanMode == null)
    throw initializerError(className, "mode 'fanIn', 'fanOut' or 'fanAvg'", mode);
  const dist = Object.hasOwn(DISTRIBUTIONS, distribution) ? DISTRIBUTIONS[distribution] : undefined;
  if (dist == null) {
    throw initializerError(
      className,
      "distribution 'truncatedNormal', 'untruncatedNormal' or 'uniform'",
      distribution,
    );
  }
  checkSeed(className, seed);
  return { scale, mode: fanMode, distribution: dist, seed };
}
