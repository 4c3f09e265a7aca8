import { ConfigError, randomStream } from '@strata/core';
import { checkCount, checkNonNegative } from './points.js';

/** Options of {@link sineSequences}. */
export interface SineSequencesOptions {
  /** Number of windows. Default 1000. */
  n?: number;
  /** Steps per input window. Default 20. */
  timeSteps?: number;
  /** Steps per period of the sine. Default 25. */
  period?: number;
  /** Amplitude. Default 1. */
  amplitude?: number;
  /** Standard deviation of Gaussian noise on the inputs. Default 0.05. */
  noise?: number;
  /** Seed; the same seed gives the same windows. */
  seed?: number;
}

/** Windows of a noisy sine and the value that follows each. */
export interface SineSequences {
  /** Row-major inputs `[n, timeSteps, 1]`. */
  inputs: Float32Array;
  /** The next value of each window, `[n, 1]`. */
  targets: Float32Array;
  count: number;
  inputShape: [number, number, number];
  targetShape: [number, number];
}

/**
 * Next-value regression for RNNs: window `i` is `x_t = A·sin(2π t / period + φ_i) + ε_t` for
 * `t = 0 … timeSteps − 1` with a random phase `φ_i` and ε ~ N(0, noise²); its target is the
 * noise-free next value `A·sin(2π·timeSteps / period + φ_i)`, so a perfect model reaches
 * MSE 0. Shapes: `inputs [n, timeSteps, 1]`, `targets [n, 1]`.
 *
 * @example
 * const { inputs, targets, inputShape, targetShape } = sineSequences({ n: 512, seed: 1 });
 * const xs = tensor3d(inputs, inputShape);
 * const ys = tensor2d(targets, targetShape);
 */
export function sineSequences(options: SineSequencesOptions = {}): SineSequences {
  const { n = 1000, timeSteps = 20, period = 25, amplitude = 1, noise = 0.05, seed } = options;
  checkCount('sineSequences', 'n', n);
  checkCount('sineSequences', 'timeSteps', timeSteps);
  checkNonNegative('sineSequences', 'noise', noise);
  if (!(period > 0) || !Number.isFinite(period)) {
    throw new ConfigError({
      subject: 'sineSequences',
      expected: 'period > 0',
      received: String(period),
    });
  }
  const rng = randomStream(seed);
  const inputs = new Float32Array(n * timeSteps);
  const targets = new Float32Array(n);
  const omega = (2 * Math.PI) / period;
  for (let i = 0; i < n; i++) {
    const phase = 2 * Math.PI * rng.next();
    for (let t = 0; t < timeSteps; t++) {
      const clean = amplitude * Math.sin(omega * t + phase);
      inputs[i * timeSteps + t] = noise > 0 ? clean + noise * rng.nextNormal() : clean;
    }
    targets[i] = amplitude * Math.sin(omega * timeSteps + phase);
  }
  return {
    inputs,
    targets,
    count: n,
    inputShape: [n, timeSteps, 1],
    targetShape: [n, 1],
  };
}
