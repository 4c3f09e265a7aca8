import { ConfigError } from '../errors.js';

/** A schedule's JSON-safe config (camelCase keys). */
export type ScheduleConfig = Record<string, number | boolean | null>;

/**
 * A learning rate that depends on the optimizer step: `schedule(step)` is the rate for the
 * update made when `step` updates have already been made (0 for the first), as Keras's
 * `LearningRateSchedule`. Pass one as an optimizer's `learningRate`.
 *
 * @example
 * const lr = cosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 });
 * lr(500); // 5e-4
 */
export interface LearningRateSchedule {
  (step: number): number;
  /** The Keras class name, e.g. `'CosineDecay'`. */
  readonly className: string;
  /** The Keras config, camelCase keys. */
  getConfig(): ScheduleConfig;
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. */
  decaySteps: number;
  decayRate: number;
  /** Decay in whole intervals (`floor(step / decaySteps)`). Default false. */
  staircase?: boolean;
}

/**
 * Exponential decay: `lr(step) = initialLearningRate · decayRate^(step / decaySteps)`, with
 * the exponent floored when `staircase`, as Keras's `ExponentialDecay`.
 *
 * @example
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr(200); // 0.025
 */
export function exponentialDecay({
  initialLearningRate,
  decaySteps,
  decayRate,
  staircase = false,
}: ExponentialDecayOptions): LearningRateSchedule {
  const name = 'ExponentialDecay';
  checkPositive(name, { initialLearningRate, decaySteps, decayRate });
  return schedule(name, { initialLearningRate, decaySteps, decayRate, staircase }, (step) => {
    const p = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(p) : p);
  });
}

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  initialLearningRate: number;
  /** Steps between two drops. */
  dropEvery: number;
  /** What each drop multiplies the rate by, e.g. 0.5. */
  factor: number;
}

/**
 * Step decay: `lr(step) = initialLearningRate · factor^floor(step / dropEvery)`. Not a Keras
 * class (Keras spells it `ExponentialDecay` with `staircase: true`); Strata's own.
 *
 * @example
 * const lr = stepDecay({ initialLearningRate: 0.1, dropEvery: 10, factor: 0.5 });
 * lr(25); // 0.025
 */
export function stepDecay({
  initialLearningRate,
  dropEvery,
  factor,
}: StepDecayOptions): LearningRateSchedule {
  const name = 'StepDecay';
  checkPositive(name, { initialLearningRate, dropEvery, factor });
  return schedule(
    name,
    { initialLearningRate, dropEvery, factor },
    (step) => initialLearningRate * factor ** Math.floor(step / dropEvery),
  );
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** The rate at step 0 (the start of the warm-up, if there is one). */
  initialLearningRate: number;
  /** Steps of the cosine part, after the warm-up. */
  decaySteps: number;
  /** The final rate as a fraction of the rate the cosine starts from. Default 0. */
  alpha?: number;
  /** Steps of linear warm-up; used only with `warmupTarget`. Default 0. */
  warmupSteps?: number;
  /** The rate reached at the end of the warm-up; without it, no warm-up. */
  warmupTarget?: number | null;
}

/**
 * Cosine decay with optional linear warm-up, as Keras 3's `CosineDecay`: with a
 * `warmupTarget`, the rate goes linearly from `initialLearningRate` to `warmupTarget` over
 * `warmupSteps`, then `lr = warmupTarget · ((1 − alpha) · ½(1 + cos(π·s / decaySteps)) + alpha)`
 * with `s = min(step − warmupSteps, decaySteps)`; without one, the cosine starts from
 * `initialLearningRate` at step 0.
 *
 * @example
 * const lr = cosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 900 });
 * lr(50); // 5e-4, half-way through the warm-up
 * @see Loshchilov & Hutter 2017, "SGDR", https://arxiv.org/abs/1608.03983
 */
export function cosineDecay({
  initialLearningRate,
  decaySteps,
  alpha = 0,
  warmupSteps = 0,
  warmupTarget = null,
}: CosineDecayOptions): LearningRateSchedule {
  const name = 'CosineDecay';
  checkPositive(name, { decaySteps });
  if (!(initialLearningRate >= 0) || !(alpha >= 0 && alpha <= 1) || !(warmupSteps >= 0)) {
    throw scheduleError(
      name,
      'initialLearningRate ≥ 0, 0 ≤ alpha ≤ 1, warmupSteps ≥ 0',
      `initialLearningRate ${initialLearningRate}, alpha ${alpha}, warmupSteps ${warmupSteps}`,
    );
  }
  const decay = (step: number, from: number) => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
    return from * ((1 - alpha) * cosine + alpha);
  };
  return schedule(
    name,
    { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps },
    (step) => {
      if (warmupTarget == null) return decay(step, initialLearningRate);
      if (step < warmupSteps) {
        return initialLearningRate + ((warmupTarget - initialLearningRate) * step) / warmupSteps;
      }
      return decay(step - warmupSteps, warmupTarget);
    },
  );
}

/**
 * The schedule a serialized `{className, config}` describes (snake_case config keys, as in a
 * Keras file, are read too).
 *
 * @throws ConfigError for a class that is not one of Strata's schedules.
 * @example
 * scheduleFromConfig({ className: 'CosineDecay', config: { initial_learning_rate: 1e-3, decay_steps: 100 } });
 */
export function scheduleFromConfig(serialized: {
  className?: string;
  class_name?: string;
  config?: Record<string, unknown>;
}): LearningRateSchedule {
  const className = serialized.className ?? serialized.class_name;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized.config ?? {})) {
    config[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  // `as never`: each factory checks its options at run time.
  if (className === 'ExponentialDecay') return exponentialDecay(config as never);
  if (className === 'StepDecay') return stepDecay(config as never);
  if (className === 'CosineDecay') return cosineDecay(config as never);
  throw new ConfigError({
    subject: 'scheduleFromConfig',
    expected: "className 'ExponentialDecay', 'StepDecay' or 'CosineDecay'",
    received: String(className),
  });
}

function schedule(
  className: string,
  config: ScheduleConfig,
  rate: (step: number) => number,
): LearningRateSchedule {
  return Object.assign((step: number) => rate(step), {
    className,
    getConfig: () => ({ ...config }),
  });
}

function checkPositive(className: string, values: Record<string, number>): void {
  for (const [key, value] of Object.entries(values)) {
    if (!(typeof value === 'number' && value > 0)) {
      throw scheduleError(className, `${key} > 0`, `${key} ${value}`);
    }
  }
}

function scheduleError(className: string, expected: string, received: string): ConfigError {
  return new ConfigError({ subject: `Schedule '${className}'`, expected, received });
}
