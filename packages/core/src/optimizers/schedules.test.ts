import {
  ConfigError,
  cosineDecay,
  exponentialDecay,
  scheduleFromConfig,
  stepDecay,
} from '@strata/core';
import { describe, expect, it } from 'vitest';

describe('exponentialDecay', () => {
  it('is lr·rate^(step/decaySteps), floored with staircase', () => {
    const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
    expect(lr(0)).toBeCloseTo(0.1, 12);
    expect(lr(50)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    expect(lr(200)).toBeCloseTo(0.025, 12);
    const stairs = exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 100,
      decayRate: 0.5,
      staircase: true,
    });
    expect(stairs(99)).toBeCloseTo(0.1, 12);
    expect(stairs(150)).toBeCloseTo(0.05, 12);
    expect(stairs.className).toBe('ExponentialDecay');
  });
});

describe('stepDecay', () => {
  it('is lr·factor^floor(step/dropEvery)', () => {
    const lr = stepDecay({ initialLearningRate: 0.1, dropEvery: 10, factor: 0.5 });
    expect([lr(0), lr(9), lr(10), lr(25)].map((x) => +x.toPrecision(12))).toEqual([
      0.1, 0.1, 0.05, 0.025,
    ]);
  });
});

describe('cosineDecay', () => {
  it('without warm-up goes from lr to alpha·lr over decaySteps and stays there', () => {
    const lr = cosineDecay({ initialLearningRate: 0.2, decaySteps: 100, alpha: 0.1 });
    expect(lr(0)).toBeCloseTo(0.2, 12);
    // half-way: cos(π/2) = 0 → 0.2·(0.9·0.5 + 0.1)
    expect(lr(50)).toBeCloseTo(0.2 * 0.55, 12);
    // a quarter: 0.2·(0.9·0.5·(1 + cos(π/4)) + 0.1)
    expect(lr(25)).toBeCloseTo(0.2 * (0.9 * 0.5 * (1 + Math.SQRT1_2) + 0.1), 12);
    expect(lr(100)).toBeCloseTo(0.02, 12);
    expect(lr(1000)).toBeCloseTo(0.02, 12);
  });

  it('with warm-up rises linearly to warmupTarget, then decays from it (Keras 3)', () => {
    const lr = cosineDecay({
      initialLearningRate: 0,
      warmupTarget: 1e-3,
      warmupSteps: 100,
      decaySteps: 900,
    });
    expect(lr(0)).toBe(0);
    expect(lr(50)).toBeCloseTo(5e-4, 15);
    expect(lr(100)).toBeCloseTo(1e-3, 15);
    expect(lr(550)).toBeCloseTo(5e-4, 15);
    expect(lr(1000)).toBeCloseTo(0, 15);
    expect(lr(5000)).toBeCloseTo(0, 15);
    const fromSmall = cosineDecay({
      initialLearningRate: 1e-4,
      warmupTarget: 1e-3,
      warmupSteps: 10,
      decaySteps: 10,
    });
    expect(fromSmall(4)).toBeCloseTo(1e-4 + 0.4 * 9e-4, 15);
  });

  it('round-trips through {className, config}, Keras snake_case keys included', () => {
    const lr = cosineDecay({
      initialLearningRate: 0,
      warmupTarget: 1e-3,
      warmupSteps: 100,
      decaySteps: 900,
    });
    const back = scheduleFromConfig({ className: lr.className, config: lr.getConfig() });
    expect(back.getConfig()).toEqual(lr.getConfig());
    const keras = scheduleFromConfig({
      class_name: 'CosineDecay',
      config: {
        initial_learning_rate: 0.1,
        decay_steps: 10,
        alpha: 0,
        warmup_target: null,
        warmup_steps: 0,
      },
    });
    expect(keras(5)).toBeCloseTo(0.05, 12);
    expect(() => scheduleFromConfig({ className: 'PolynomialDecayy', config: {} })).toThrow(
      ConfigError,
    );
  });

  it('rejects non-positive decaySteps with ConfigError', () => {
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 0 })).toThrow(ConfigError);
    expect(() => stepDecay({ initialLearningRate: 0.1, dropEvery: 0, factor: 0.5 })).toThrow(
      ConfigError,
    );
  });
});
