import {
  ConfigError,
  getInitializer,
  type Initializer,
  initializers,
  useBackend,
} from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

async function valuesOf(init: Initializer): Promise<number[]> {
  const t = init.apply([6, 5]);
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('getInitializer', () => {
  it('resolves camelCase, Keras snake_case and Keras class names', () => {
    for (const name of ['glorotUniform', 'glorot_uniform', 'GlorotUniform']) {
      expect(getInitializer(name).className).toBe('GlorotUniform');
    }
    expect(getInitializer('he_normal').className).toBe('HeNormal');
    expect(getInitializer('LecunUniform').className).toBe('LecunUniform');
    expect(getInitializer('zeros').className).toBe('Zeros');
    expect(getInitializer('truncated_normal').className).toBe('TruncatedNormal');
    expect(getInitializer('VarianceScaling').className).toBe('VarianceScaling');
    // Keras 3 serializes Orthogonal as OrthogonalInitializer; Keras aliases zero/one/uniform/normal.
    expect(getInitializer('OrthogonalInitializer').className).toBe('Orthogonal');
    expect(getInitializer('uniform').className).toBe('RandomUniform');
  });

  it('reads a Keras {class_name, config} with snake_case keys and values', () => {
    const init = getInitializer({
      class_name: 'VarianceScaling',
      config: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal', seed: 7 },
    });
    expect(init.className).toBe('VarianceScaling');
    expect(init.getConfig()).toEqual({
      scale: 2,
      mode: 'fanIn',
      distribution: 'truncatedNormal',
      seed: 7,
    });
    const uniform = getInitializer({
      className: 'RandomUniform',
      config: { minval: -1, maxval: 1, seed: null },
    });
    expect(uniform.getConfig()).toEqual({ minval: -1, maxval: 1, seed: null });
    expect(getInitializer({ className: 'Constant', config: { value: 3 } }).getConfig()).toEqual({
      value: 3,
    });
  });

  it("reads tfjs-layers' 'normal' distribution as truncated normal", () => {
    const init = getInitializer({
      className: 'VarianceScaling',
      config: { mode: 'fan_avg', distribution: 'normal' },
    });
    expect(init.getConfig()).toMatchObject({ mode: 'fanAvg', distribution: 'truncatedNormal' });
  });

  it('round-trips every initializer through {className, config} with the same values', async () => {
    const all: Initializer[] = [
      initializers.zeros(),
      initializers.ones(),
      initializers.constant({ value: -0.5 }),
      initializers.randomUniform({ minval: 0, maxval: 2, seed: 1 }),
      initializers.randomNormal({ mean: 1, stddev: 3, seed: 1 }),
      initializers.truncatedNormal({ stddev: 0.1, seed: 1 }),
      initializers.varianceScaling({
        scale: 0.5,
        mode: 'fanAvg',
        distribution: 'uniform',
        seed: 1,
      }),
      initializers.glorotUniform({ seed: 1 }),
      initializers.glorotNormal({ seed: 1 }),
      initializers.heUniform({ seed: 1 }),
      initializers.heNormal({ seed: 1 }),
      initializers.lecunUniform({ seed: 1 }),
      initializers.lecunNormal({ seed: 1 }),
      initializers.orthogonal({ gain: 2, seed: 1 }),
    ];
    expect(new Set(all.map((i) => i.className)).size).toBe(initializers.INITIALIZER_NAMES.length);
    for (const init of all) {
      const back = getInitializer(
        JSON.parse(JSON.stringify({ className: init.className, config: init.getConfig() })),
      );
      expect(back.className).toBe(init.className);
      expect(back.getConfig()).toEqual(init.getConfig());
      expect(await valuesOf(back)).toEqual(await valuesOf(init));
    }
  });

  it('returns an initializer it is given as is', () => {
    const init = initializers.heUniform({ seed: 4 });
    expect(getInitializer(init)).toBe(init);
  });

  it('rejects an unknown name with ConfigError listing the known names', () => {
    let error: unknown;
    try {
      getInitializer('glorot_uniformm');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("Received: 'glorot_uniformm'");
    for (const name of initializers.INITIALIZER_NAMES) expect(message).toContain(name);
    expect(() => getInitializer({ className: 'Identityy', config: {} })).toThrow(ConfigError);
    expect(() => getInitializer({ config: {} })).toThrow(ConfigError);
  });
});
